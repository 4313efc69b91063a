using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>Turns user tensors into validated [N, D] float64 feature matrices on their own device.</summary>
static class Features
{
    /// <summary>
    /// [N] becomes N samples of one feature; [N, ...] is flattened to [N, D]. Float64 keeps the
    /// ‖a‖² + ‖b‖² − 2a·b expansion of distances accurate for 784-pixel images.
    /// </summary>
    public static Tensor Prepare(Tensor samples, string name, int minimumCount, string why)
    {
        ArgumentNullException.ThrowIfNull(samples, name);
        if (samples.dim() == 0)
            throw new ArgumentException($"{name} is a scalar; pass [N] for N one-dimensional samples or [N, features...] for N images.", name);
        if (samples.is_complex() || samples.dtype == ScalarType.Bool)
            throw new ArgumentException($"{name} has element type {samples.dtype}; pass real numbers.", name);
        var count = samples.shape[0];
        if (count < minimumCount)
            throw new ArgumentException($"{name} has {count} sample(s); {why} needs at least {minimumCount}.", name);
        var features = samples.dim() == 1 ? samples.reshape(count, 1) : samples.reshape(count, -1);
        if (features.shape[1] == 0) throw new ArgumentException($"{name} has samples with no features (shape {Shape(samples)}).", name);
        features = features.to_type(ScalarType.Float64);
        if (!torch.isfinite(features).all().item<bool>())
            throw new ArgumentException($"{name} contains NaN or infinite values.", name);
        return features;
    }

    /// <summary>The sets "real" and "generated" prepared as by <see cref="Prepare"/>, on one device and with one feature size.</summary>
    public static (Tensor Real, Tensor Generated) PreparePair(Tensor real, Tensor generated, int minimumCount, string why)
    {
        var x = Prepare(real, nameof(real), minimumCount, why);
        var y = Prepare(generated, nameof(generated), minimumCount, why);
        RequireComparable(x, nameof(real), y, nameof(generated));
        return (x, y);
    }

    /// <summary>Both sets on one device and with one feature size, or a message saying which differs.</summary>
    public static void RequireComparable(Tensor a, string nameA, Tensor b, string nameB)
    {
        if (a.device_type != b.device_type || a.device_index != b.device_index)
            throw new ArgumentException($"{nameA} is on {a.device} but {nameB} is on {b.device}; move one of them, e.g. {nameB}.to({nameA}.device).");
        if (a.shape[1] != b.shape[1])
            throw new ArgumentException($"{nameA} has {a.shape[1]} features per sample but {nameB} has {b.shape[1]}; compare sets of the same kind (e.g. both 784-pixel images).");
    }

    /// <summary>A CPU tensor [N, 1] from 1-D samples.</summary>
    public static Tensor FromValues(double[] values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        return torch.tensor(values, dtype: ScalarType.Float64).reshape(values.Length, 1);
    }

    public static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
