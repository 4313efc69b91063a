using TorchSharp;

namespace GanCourse.Training;

/// <summary>Where tensors live: CUDA when a GPU answers, else the CPU.</summary>
public static class ComputeDevice
{
    static readonly Lazy<(torch.Device Device, string Report)> Chosen = new(() => (Select(out var report), report));

    /// <summary>
    /// Picks CUDA when the CUDA backend is present and a GPU is available, else the CPU. Set
    /// GANCOURSE_DEVICE=cpu to force the CPU on a GPU machine (the notebooks then also load TorchSharp's
    /// CPU build); GANCOURSE_DEVICE=cuda makes the notebooks try the CUDA build even where they find no
    /// NVIDIA driver, and here it only changes the report when no GPU answers.
    /// </summary>
    public static torch.Device Select(out string report)
    {
        var forced = Environment.GetEnvironmentVariable("GANCOURSE_DEVICE");
        if (string.Equals(forced, "cpu", StringComparison.OrdinalIgnoreCase))
        {
            report = "Device: CPU (GANCOURSE_DEVICE=cpu).";
            return torch.CPU;
        }
        if (torch.cuda.is_available())
        {
            report = $"Device: CUDA ({torch.cuda.device_count()} GPU(s) visible).";
            return torch.CUDA;
        }
        var asked = string.Equals(forced, "cuda", StringComparison.OrdinalIgnoreCase) ? "GANCOURSE_DEVICE=cuda, but " : "";
        report = $"Device: CPU, {torch.get_num_threads()} thread(s) ({asked}no CUDA GPU available).";
        return torch.CPU;
    }

    /// <summary>The device <see cref="Select"/> picks, chosen once per process: where the notebooks put networks and data.</summary>
    public static torch.Device Default => Chosen.Value.Device;

    /// <summary>One line naming <see cref="Default"/> and why it was chosen.</summary>
    public static string DefaultReport => Chosen.Value.Report;

    /// <summary>True when both name the same device (TorchSharp's <c>Device</c> objects compare by reference); an index of −1 means the current one of its type.</summary>
    public static bool Same(torch.Device a, torch.Device b) =>
        a.type == b.type && (a.index == b.index || a.index < 0 || b.index < 0);

    /// <summary>Seeds TorchSharp's CPU and (when present) CUDA generators.</summary>
    public static void Seed(long seed)
    {
        torch.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
    }

    /// <summary>A seed for stream <paramref name="stream"/> of epoch <paramref name="epoch"/> of a run seeded with <paramref name="seed"/> (SplitMix64), so that nearby seeds give unrelated streams.</summary>
    internal static long Derive(long seed, int epoch, int stream = 0)
    {
        ulong z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)(epoch * 8 + stream));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (long)((z ^ (z >> 31)) >> 1);
    }
}
