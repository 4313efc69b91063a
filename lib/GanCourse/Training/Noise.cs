using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>The distribution of the generator's input z.</summary>
public enum NoiseKind
{
    /// <summary>Uniform on [−1, 1] (the lecture's default).</summary>
    Uniform,
    /// <summary>Standard normal N(0, 1).</summary>
    Normal,
}

/// <summary>Draws noise batches for the generator.</summary>
public static class Noise
{
    /// <summary>
    /// A <c>[count, size]</c> float32 tensor of noise: uniform on [−1, 1] (the numbers of <c>rand·2 − 1</c>, as the lecture)
    /// or standard normal. Pass a <paramref name="generator"/> (on <paramref name="device"/>) for a
    /// reproducible stream independent of the global one.
    /// </summary>
    public static Tensor Sample(long count, int size, NoiseKind kind = NoiseKind.Uniform, Generator? generator = null, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return kind switch
        {
            // Same numbers as the lecture's rand·2 − 1 (u·2 is exact, so both round 2u − 1 once), one operation fewer.
            NoiseKind.Uniform => empty([count, size], device: device).uniform_(-1, 1, generator),
            NoiseKind.Normal => randn([count, size], device: device, generator: generator),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
