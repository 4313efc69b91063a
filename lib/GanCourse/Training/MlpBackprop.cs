using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// Forward and backward passes written out for a chain of Linear, LeakyReLU/ReLU and Dropout layers (the
/// body of the lecture's G and D), on float32 CPU tensors. The matrix multiplies are libtorch's (the same
/// <c>linear</c>/<c>mm</c> calls autograd makes); the element-wise work (activation, dropout mask and their
/// derivatives) is one vectorised C# pass per layer, in place, with no autograd graph. For this small
/// network autograd's bookkeeping (a node, an allocation and a dispatch per operation, forward and backward)
/// costs as much as the element-wise arithmetic itself; the maths is the same, the roundings of sums can
/// differ in the last place (a test compares against the lecture loop).
/// </summary>
internal sealed class MlpBackprop : IDisposable
{
    enum Kind { Linear, Activation, Dropout }

    readonly record struct Layer(Kind Kind, Linear? Linear = null, float Slope = 0, Dropout? Dropout = null);

    readonly Layer[] layers;
    readonly TorchCpuRandom random = new();
    readonly bool exactDropout;

    MlpBackprop(Layer[] layers, bool exactDropout)
    {
        this.layers = layers;
        this.exactDropout = exactDropout;
    }

    /// <summary>
    /// The written-out passes for <paramref name="body"/> (a Sequential's layers without its last one), or null
    /// when a layer is of another kind, the first is not Linear, a parameter is not float32 or the device is not the CPU.
    /// </summary>
    public static MlpBackprop? TryCreate(IReadOnlyList<nn.Module> body, Device device)
    {
        if (device.type != DeviceType.CPU || body.Count == 0 || body[0] is not Linear) return null;
        var layers = new List<Layer>();
        foreach (var module in body)
        {
            Layer? layer = module switch
            {
                Linear linear when linear.weight!.dtype == ScalarType.Float32 => new Layer(Kind.Linear, Linear: linear),
                LeakyReLU { negative_slope: >= 0 } leaky => new Layer(Kind.Activation, Slope: (float)leaky.negative_slope),
                ReLU => new Layer(Kind.Activation, Slope: 0),
                Dropout dropout => new Layer(Kind.Dropout, Dropout: dropout),
                _ => null,
            };
            if (layer is null) return null;
            layers.Add(layer.Value);
        }
        return new MlpBackprop([.. layers], ExactDropout.Available(device));
    }

    /// <summary>What a forward pass keeps for the backward pass: each Linear's input, each activation's output, each dropout's mask.</summary>
    public sealed class Tape(int count)
    {
        public readonly Tensor?[] Saved = new Tensor?[count];
    }

    /// <summary>
    /// Runs the layers on <paramref name="x"/> (not modified) without an autograd graph. Dropout draws its mask
    /// as nn.Dropout does, from the global generator (through <see cref="ExactDropout"/>'s faster sampler when
    /// <paramref name="fastDropout"/> and it applies). Pass a <paramref name="tape"/> to keep what <see cref="Backward"/> needs.
    /// </summary>
    public Tensor Forward(Tensor x, Tape? tape, bool fastDropout)
    {
        using var noGrad = no_grad();
        for (int i = 0; i < layers.Length; i++)
        {
            var layer = layers[i];
            switch (layer.Kind)
            {
                case Kind.Linear:
                    if (tape != null) tape.Saved[i] = x;
                    x = nn.functional.linear(x, layer.Linear!.weight!, layer.Linear.bias);
                    break;
                case Kind.Activation:
                    // x is always a Linear's fresh output here (the first layer is Linear), so in place is safe.
                    LeakyInPlace(Floats(x), layer.Slope);
                    if (tape != null) tape.Saved[i] = x;
                    break;
                case Kind.Dropout when layer.Dropout is { training: true, p: > 0 } dropout:
                    var mask = Mask(x, dropout.p, fastDropout);
                    MultiplyInPlace(Floats(x), Floats(mask));
                    if (tape != null) tape.Saved[i] = mask;
                    break;
            }
        }
        return x;
    }

    /// <summary>
    /// Back-propagates <paramref name="grad"/> (the gradient of the loss at the output; overwritten) through the
    /// layers recorded in <paramref name="tape"/>. With <paramref name="weightGradients"/> each Linear's weight and
    /// bias receive their gradients: <c>.grad</c> is set, replacing any earlier one, or added to with
    /// <paramref name="accumulate"/>. Returns the gradient at the input when <paramref name="inputGradient"/>,
    /// else null (the first Linear's input product is skipped).
    /// </summary>
    public Tensor? Backward(Tape tape, Tensor grad, bool weightGradients, bool inputGradient, bool accumulate = false)
    {
        using var noGrad = no_grad();
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            var layer = layers[i];
            switch (layer.Kind)
            {
                case Kind.Linear:
                    var linear = layer.Linear!;
                    if (weightGradients)
                    {
                        SetOrAdd(linear.weight!, grad.t().mm(tape.Saved[i]!), accumulate);
                        // dim named: a bare 0 would bind to the sum(ScalarType) overload (0 = Byte).
                        if (linear.bias is { } bias) SetOrAdd(bias, grad.sum(dim: 0, keepdim: false), accumulate);
                    }
                    if (i == 0 && !inputGradient) return null;
                    grad = grad.mm(linear.weight!);
                    break;
                case Kind.Activation:
                    // The saved output has the sign of the activation's input (slope ≥ 0; a dropped element is 0, but
                    // its gradient was already zeroed by the dropout below it), so it tells which slope applies.
                    LeakyDerivativeInPlace(Floats(grad), Floats(tape.Saved[i]!), layer.Slope);
                    break;
                case Kind.Dropout when tape.Saved[i] is { } mask:
                    MultiplyInPlace(Floats(grad), Floats(mask));
                    break;
            }
        }
        return grad;
    }

    static void SetOrAdd(Parameter parameter, Tensor gradient, bool accumulate)
    {
        if (accumulate && parameter.grad is { } existing) existing.add_(gradient);
        else parameter.grad = gradient;
    }

    /// <summary>nn.Dropout's scaled mask for <paramref name="like"/>: 1/(1 − p) where kept, 0 where dropped.</summary>
    Tensor Mask(Tensor like, double p, bool fastDropout)
    {
        if (p >= 1) return zeros(like.shape);
        if (fastDropout && exactDropout)
        {
            var mask = empty(like.shape, ScalarType.Float32);
            random.Load();
            random.FillMask(Floats(mask), 1 - p, 1f / (float)(1 - p));
            random.Store();
            return mask;
        }
        // libtorch's own dropout: bernoulli_(1 − p) on an empty tensor, divided by 1 − p.
        using Scalar keep = 1 - p;
        return empty(like.shape, ScalarType.Float32).bernoulli_(1 - p).div_(keep);
    }

    internal static Span<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.bytes);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void LeakyInPlace(Span<float> x, float slope)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v = MemoryMarshal.Cast<float, Vector<float>>(x);
            var s = new Vector<float>(slope);
            for (int k = 0; k < v.Length; k++) v[k] = Vector.ConditionalSelect(Vector.GreaterThan(v[k], Vector<float>.Zero), v[k], v[k] * s);
            i = v.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++) x[i] = x[i] > 0 ? x[i] : x[i] * slope;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void LeakyDerivativeInPlace(Span<float> grad, ReadOnlySpan<float> output, float slope)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var g = MemoryMarshal.Cast<float, Vector<float>>(grad);
            var o = MemoryMarshal.Cast<float, Vector<float>>(output);
            var s = new Vector<float>(slope);
            for (int k = 0; k < g.Length; k++) g[k] = Vector.ConditionalSelect(Vector.GreaterThan(o[k], Vector<float>.Zero), g[k], g[k] * s);
            i = g.Length * Vector<float>.Count;
        }
        for (; i < grad.Length; i++) grad[i] = output[i] > 0 ? grad[i] : grad[i] * slope;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyInPlace(Span<float> x, ReadOnlySpan<float> factor)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v = MemoryMarshal.Cast<float, Vector<float>>(x);
            var f = MemoryMarshal.Cast<float, Vector<float>>(factor);
            for (int k = 0; k < v.Length; k++) v[k] *= f[k];
            i = v.Length * Vector<float>.Count;
        }
        for (; i < x.Length; i++) x[i] *= factor[i];
    }

    public void Dispose() => random.Dispose();
}
