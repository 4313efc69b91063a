using TorchSharp;

namespace GanCourse.Training;

/// <summary>Where tensors live: CUDA when a GPU answers, else the CPU.</summary>
public static class ComputeDevice
{
    /// <summary>
    /// Picks CUDA when the CUDA backend is present and a GPU is available, else the CPU. Set
    /// GANCOURSE_DEVICE=cpu to force the CPU on a GPU machine.
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
        report = $"Device: CPU, {torch.get_num_threads()} thread(s) (no CUDA GPU available).";
        return torch.CPU;
    }

    /// <summary>
    /// The device a trainer uses: <paramref name="chosen"/> when its options name one, else
    /// <see cref="Select"/>'s choice.
    /// </summary>
    /// <param name="chosen">The options' device, or null.</param>
    /// <param name="optionsName">The options type, for the report ("TrainingOptions").</param>
    /// <param name="report">A line naming the device and why it was chosen.</param>
    public static torch.Device For(torch.Device? chosen, string optionsName, out string report)
    {
        if (chosen is null) return Select(out report);
        report = $"Device: {chosen} (chosen in {optionsName}).";
        return chosen;
    }

    /// <summary>Seeds TorchSharp's CPU and (when present) CUDA generators.</summary>
    public static void Seed(long seed)
    {
        torch.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
    }
}
