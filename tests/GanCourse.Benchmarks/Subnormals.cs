using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Benchmarks;

/// <summary>
/// Counts subnormal float32 values (nonzero, below the smallest normal number 2⁻¹²⁶) in what a training
/// run keeps from step to step: both networks' weights, their gradients and Adam's two moments. Arithmetic
/// on subnormals can be many times slower than on normal numbers, so values that decay towards zero
/// (a moment whose gradient stays zero shrinks by β each step) could make later steps slower.
/// </summary>
public static class Subnormals
{
    /// <summary>2⁻¹²⁶, the smallest normal float32.</summary>
    const float SmallestNormal = 1.17549435e-38f;

    /// <summary>Subnormal values in <paramref name="model"/>'s weights and gradients and in its Adam optimizer's moments.</summary>
    public static long In(nn.Module model, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        var moments = ((OptimizerHelper)optimizer).state_dict().State.OfType<Adam.State>().SelectMany(s => new[] { s.exp_avg, s.exp_avg_sq });
        return model.parameters().SelectMany(p => new[] { p.detach(), p.grad }).Concat(moments).Sum(Count);
    }

    public static long Count(Tensor? values)
    {
        if (values is null || values.dtype != ScalarType.Float32) return 0;
        using var scope = NewDisposeScope();
        var magnitude = values.abs();
        return magnitude.lt(SmallestNormal).logical_and(magnitude.gt(0)).sum().item<long>();
    }
}
