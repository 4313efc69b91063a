using System.Runtime.InteropServices;

namespace TorchSharpLoading;

/// <summary>
/// Chooses libtorch's OpenMP wait policy before TorchSharp loads libtorch (the OpenMP runtime reads
/// <c>OMP_WAIT_POLICY</c> once, when it starts): idle worker threads sleep (PASSIVE) when the machine is
/// already busy, and keep OpenMP's default (spin a while, then sleep) when it is not. A policy the user set
/// is left alone.
/// </summary>
/// <remarks>
/// Why both: at the end of each parallel region a libtorch thread waits for the others. Spinning costs
/// nothing on idle cores and answers in nanoseconds; sleeping costs a wake-up per region, and the lecture's
/// small networks run thousands of short regions. When other work holds the cores, though, the partner
/// thread is often descheduled and a spinning thread burns its time slice waiting for it.
/// On shared cores the passive policy was several times faster for both the lecture network and the
/// DCGAN, and on quiet cores several times slower (the figures are in lib/TorchSharpLoading/README.md).
/// So the machine's one-minute load average decides: at least one and a half times the number of cores
/// means PASSIVE. The margin keeps a notebook's own previous training (a load of about one per thread,
/// still in the average a minute later) from counting as other work.
/// .NET's <c>Environment.SetEnvironmentVariable</c> does not change the C library's environment on Unix,
/// where libtorch reads it, so the variable is set with libc's <c>setenv</c> as well.
/// </remarks>
public static class OpenMpWaitPolicy
{
    /// <summary>Runnable tasks per core, averaged over a minute, from which the machine counts as busy.</summary>
    public const double BusyLoadPerCore = 1.5;

    /// <summary>The environment variable the OpenMP runtime reads.</summary>
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>
    /// Sets <c>OMP_WAIT_POLICY=PASSIVE</c> unless it is set already; returns the policy in force afterwards
    /// (null off Linux, where libtorch does not use GNU OpenMP and nothing is changed). For processes that
    /// always share their cores, such as a test run with many trainings in parallel.
    /// </summary>
    public static string? PreferPassive() =>
        OperatingSystem.IsLinux() ? PreferPassive(Read, Write) : null;

    /// <summary>
    /// <see cref="PreferPassive()"/> when the machine is busy (one-minute load average at least 1.5 times the
    /// number of cores), else OpenMP's default. Returns the policy in force: the user's, "PASSIVE", or "default".
    /// </summary>
    public static string? PreferPassiveWhenBusy() =>
        OperatingSystem.IsLinux() ? PreferPassiveWhenBusy(Read, Write, LoadAverage(), Environment.ProcessorCount) : null;

    /// <summary>The decision, with the environment and the load passed in (tests).</summary>
    internal static string PreferPassiveWhenBusy(Func<string?> read, Func<string, bool> write, double? loadAverage, int cores)
    {
        var current = read();
        if (!string.IsNullOrEmpty(current)) return current;
        if (loadAverage is not { } load || load < BusyLoadPerCore * cores) return "default";
        return PreferPassive(read, write) ?? "default";
    }

    /// <summary>The decision, with the C library's environment passed in (tests).</summary>
    internal static string? PreferPassive(Func<string?> read, Func<string, bool> write)
    {
        var current = read();
        if (!string.IsNullOrEmpty(current)) return current;
        if (!write("PASSIVE")) return null;
        Environment.SetEnvironmentVariable(Variable, "PASSIVE");
        return "PASSIVE";
    }

    /// <summary>The one-minute load average from /proc/loadavg, or null where it cannot be read.</summary>
    internal static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>The variable as the C library (and so libtorch) sees it.</summary>
    public static string? Read() => Marshal.PtrToStringUTF8(getenv(Variable));

    static bool Write(string value) => setenv(Variable, value, overwrite: 0) == 0;

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    static extern IntPtr getenv(string name);

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    static extern int setenv(string name, string value, int overwrite);
}
