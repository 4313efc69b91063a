using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// Dropout with exactly the mask <c>nn.Dropout</c> draws, several times faster on CPUs where libtorch
/// uses its portable Bernoulli sampler.
/// </summary>
/// <remarks>
/// On the CPU, libtorch's dropout is <c>input · bernoulli_(1 − p) / (1 − p)</c>. Except on Intel processors
/// (where it calls MKL), <c>bernoulli_</c> walks the tensor one element at a time, drawing a 64-bit number
/// from the global Mersenne Twister for each and keeping the element when its low 53 bits, as a fraction,
/// are below 1 − p; that loop is most of dropout's cost. Here <see cref="TorchCpuRandom"/> makes the same
/// draws from a copy of the generator's state, vectorised, and stores the state back, so the mask, the
/// output, the gradient and every later random number are what nn.Dropout would have given. Elsewhere
/// (Intel CPUs, CUDA, other dtypes) the module's own forward is used. Like any reproducible use of the
/// global generator, it assumes no other thread draws from it meanwhile (a draw between the copy and the
/// store would be repeated).
/// </remarks>
internal static class ExactDropout
{
    /// <summary>True when <see cref="Apply"/> reproduces nn.Dropout on <paramref name="device"/>.</summary>
    public static bool Available(Device device) => device.type == DeviceType.CPU && !IsIntelCpu.Value && TorchCpuRandom.Works;

    static readonly Lazy<bool> IsIntelCpu = new(() =>
    {
        if (!X86Base.IsSupported) return false;
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<int> vendor = [ebx, edx, ecx];
        return System.Text.Encoding.ASCII.GetString(MemoryMarshal.AsBytes(vendor)) == "GenuineIntel";
    });

    /// <summary>
    /// <paramref name="input"/> (float32, CPU) with each element kept with probability 1 − <paramref name="p"/>
    /// and scaled by 1/(1 − p), as nn.Dropout in training mode (0 &lt; p &lt; 1), drawing from the global
    /// generator through <paramref name="random"/> (scratch space, reused between calls on one thread).
    /// </summary>
    public static Tensor Apply(Tensor input, double p, TorchCpuRandom random)
    {
        // libtorch multiplies by the 0/1 mask divided by (float)(1 − p): the kept value is 1f / (float)(1 − p).
        var noise = empty(input.shape, ScalarType.Float32, input.device);
        random.Load();
        random.FillMask(MemoryMarshal.Cast<byte, float>(noise.bytes), 1 - p, 1f / (float)(1 - p));
        random.Store();
        return input.mul(noise);
    }
}
