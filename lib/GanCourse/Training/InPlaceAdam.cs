using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// Applies a TorchSharp <see cref="Adam"/> update with the optimizer's own state (step counts, first and
/// second moments), so checkpoints and <c>load_state_dict</c> keep working, in one pass over memory.
/// </summary>
/// <remarks>
/// TorchSharp's <c>step()</c> runs eight tensor operations per parameter (each a native call and a full
/// pass over the parameter's memory, two of them allocating). For float32 parameters on the CPU this
/// class does the same arithmetic element by element in one vectorised loop over the parameter, its
/// gradient and both moments, in the same order and float32 rounding (the moment updates match TorchSharp
/// bit for bit). The one difference is the square root: libtorch takes it from MKL's vector library, which
/// is off by one unit in the last place for a few elements, while this loop uses the exactly rounded
/// hardware square root; the update then differs by at most a few units in the last place.
/// Other tensors (CUDA) get TorchSharp's operations, in place; options this class does not reproduce
/// (weight decay, AMSGrad, maximize) fall back to <c>step()</c>.
/// </remarks>
internal sealed class InPlaceAdam
{
    readonly Adam optimizer;
    readonly (Parameter Parameter, Adam.State State, ParamGroup Group)[] entries;
    readonly bool supported;

    public InPlaceAdam(Adam optimizer)
    {
        this.optimizer = optimizer;
        var groups = optimizer.ParamGroups.Cast<ParamGroup>().ToArray();
        var parameters = groups.SelectMany(g => g.Parameters.Select(p => (Parameter: p, Group: g))).ToArray();
        // state_dict() lists the live state objects in parameter order.
        var states = optimizer.state_dict().State.Cast<Adam.State>().ToArray();
        entries = [.. parameters.Zip(states, (p, s) => (p.Parameter, s, p.Group))];
        supported = parameters.Length == states.Length && groups.All(g => g.Options is Adam.Options o
            && o.weight_decay == 0 && o.amsgrad != true && o.maximize != true);
    }

    /// <summary>One Adam update of every parameter that has a gradient.</summary>
    public void Step()
    {
        if (!supported)
        {
            optimizer.step();
            return;
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (parameter, state, group) in entries)
        {
            var grad = parameter.grad;
            if (grad is null) continue;
            var options = (Adam.Options)group.Options;
            state.step += 1;
            var scalars = new AdamScalars(options.beta1!.Value, options.beta2!.Value, options.eps!.Value, options.LearningRate!.Value, state.step);
            if (OnHost(parameter) && OnHost(grad) && OnHost(state.exp_avg) && OnHost(state.exp_avg_sq))
                Update(Floats(parameter), Floats(grad), Floats(state.exp_avg), Floats(state.exp_avg_sq), scalars);
            else
                Update(parameter, grad, state, scalars);
        }
    }

    /// <summary>The scalars of one update, as TorchSharp's Adam forms them (in double, used as float32).</summary>
    readonly record struct AdamScalars(double Beta1, double Beta2, double Eps, double LearningRate, long Step)
    {
        public double BiasCorrection1 => 1 - Math.Pow(Beta1, Step);
        public double BiasCorrection2 => 1 - Math.Pow(Beta2, Step);
    }

    static bool OnHost(Tensor t) => t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32 && t.is_contiguous();

    static Span<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.bytes);

    /// <summary>
    /// m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; p ← p + (−lr/bc₁)·m / (√v/√bc₂ + ε), with libtorch's
    /// float32 roundings: the add with alpha and addcmul are fused multiply-adds there, so here too.
    /// </summary>
    // Compiled fully optimised at once: tiered compilation would run the first few hundred steps unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, AdamScalars s)
    {
        var c = new Constants(s);
        // 512-bit vectors where the processor has them (twice the 256-bit rate for the divisions and roots here).
        int i = Vector512.IsHardwareAccelerated ? Update512(p, g, m, v, c) : Vector.IsHardwareAccelerated ? UpdateVector(p, g, m, v, c) : 0;
        for (; i < p.Length; i++)
        {
            float mk = MathF.FusedMultiplyAdd(g[i], c.Alpha1, m[i] * c.Beta1);
            float vk = MathF.FusedMultiplyAdd(c.Alpha2 * g[i], g[i], v[i] * c.Beta2);
            m[i] = mk;
            v[i] = vk;
            p[i] += c.Step * mk / (MathF.Sqrt(vk) / c.Root + c.Eps);
        }
    }

    /// <summary>The update's scalars in float32, as libtorch converts them.</summary>
    readonly struct Constants(AdamScalars s)
    {
        public readonly float Beta1 = (float)s.Beta1, Alpha1 = (float)(1 - s.Beta1), Beta2 = (float)s.Beta2, Alpha2 = (float)(1 - s.Beta2);
        public readonly float Root = (float)Math.Sqrt(s.BiasCorrection2), Eps = (float)s.Eps, Step = (float)(-s.LearningRate / s.BiasCorrection1);
    }

    /// <summary>The vectorised loop of the update on 512-bit vectors; returns how many elements it did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int Update512(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Constants c)
    {
        var pv = MemoryMarshal.Cast<float, Vector512<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector512<float>>(g);
        var mv = MemoryMarshal.Cast<float, Vector512<float>>(m);
        var vv = MemoryMarshal.Cast<float, Vector512<float>>(v);
        var (b1, a1, b2, a2) = (Vector512.Create(c.Beta1), Vector512.Create(c.Alpha1), Vector512.Create(c.Beta2), Vector512.Create(c.Alpha2));
        var (root, eps, step) = (Vector512.Create(c.Root), Vector512.Create(c.Eps), Vector512.Create(c.Step));
        for (int k = 0; k < pv.Length; k++)
        {
            var gk = gv[k];
            var mk = Vector512.FusedMultiplyAdd(gk, a1, mv[k] * b1);
            var vk = Vector512.FusedMultiplyAdd(a2 * gk, gk, vv[k] * b2);
            mv[k] = mk;
            vv[k] = vk;
            pv[k] += step * mk / (Vector512.Sqrt(vk) / root + eps);
        }
        return pv.Length * Vector512<float>.Count;
    }

    /// <summary>The same loop on the platform's <see cref="Vector{T}"/> (256 bits on most x64, 128 on Arm).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int UpdateVector(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Constants c)
    {
        var pv = MemoryMarshal.Cast<float, Vector<float>>(p);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var mv = MemoryMarshal.Cast<float, Vector<float>>(m);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        Vector<float> b1 = new(c.Beta1), a1 = new(c.Alpha1), b2 = new(c.Beta2), a2 = new(c.Alpha2), root = new(c.Root), eps = new(c.Eps), step = new(c.Step);
        for (int k = 0; k < pv.Length; k++)
        {
            var gk = gv[k];
            var mk = Vector.FusedMultiplyAdd(gk, a1, mv[k] * b1);
            var vk = Vector.FusedMultiplyAdd(a2 * gk, gk, vv[k] * b2);
            mv[k] = mk;
            vv[k] = vk;
            pv[k] += step * mk / (Vector.SquareRoot(vk) / root + eps);
        }
        return pv.Length * Vector<float>.Count;
    }

    /// <summary>TorchSharp's Adam operations for one parameter, for tensors the loop above cannot reach.</summary>
    static void Update(Parameter parameter, Tensor grad, Adam.State state, AdamScalars s)
    {
        // Scalars held in `using`s: a temporary one could be finalised while libtorch still reads it.
        using Scalar beta1 = s.Beta1, alpha1 = 1 - s.Beta1, beta2 = s.Beta2, alpha2 = 1 - s.Beta2;
        using Scalar root = Math.Sqrt(s.BiasCorrection2), eps = s.Eps, step = -s.LearningRate / s.BiasCorrection1;
        state.exp_avg.mul_(beta1).add_(grad, alpha: alpha1);
        state.exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value: alpha2);
        var denominator = state.exp_avg_sq.sqrt().div_(root).add_(eps);
        parameter.addcdiv_(state.exp_avg, denominator, value: step);
    }
}
