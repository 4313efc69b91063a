using System.Runtime.InteropServices;

namespace GanCourse.Native;

/// <summary>
/// Asks libtorch's OpenMP runtime to let idle worker threads sleep instead of spinning, when the user has
/// not chosen a policy. It must run before TorchSharp loads libtorch: the OpenMP runtime reads
/// <c>OMP_WAIT_POLICY</c> once, when it starts.
/// </summary>
/// <remarks>
/// Why: by default a libtorch thread that reaches the end of a parallel region spins, waiting for the
/// others. On a machine whose cores are shared with other work (a lecturer's laptop, a CI runner), the
/// other thread is often descheduled, and the spinning thread burns its time slice waiting for it.
/// Measured on the project's 2-core build machine with other engineers' builds running (load average
/// 10–14), 2 threads, in separate processes: 100 DCGAN steps (notebook 07's models) took 1.36–1.54 s per
/// step with the default policy (71–80 s of CPU time for 100 steps) and 0.12–0.16 s with
/// <c>OMP_WAIT_POLICY=PASSIVE</c> (12–13 s of CPU); 1 thread with the default policy took 0.22 s. The
/// lecture's fully connected GAN (notebook 04, 1,560 steps) took 65–66 ms per step by default and
/// 7–11 ms passive. Setting the variable in-process with this class gives the same 0.12 s per DCGAN step.
/// A value the user set (in the shell or the process) is left alone.
/// .NET's <c>Environment.SetEnvironmentVariable</c> does not change the C library's environment on Unix,
/// where libtorch reads it, so the variable is set with libc's <c>setenv</c> as well.
/// </remarks>
public static class OpenMpWaitPolicy
{
    /// <summary>The environment variable the OpenMP runtime reads.</summary>
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>
    /// Sets <c>OMP_WAIT_POLICY=PASSIVE</c> unless it is set already; returns the policy in force afterwards
    /// (null off Linux, where libtorch does not use GNU OpenMP and nothing is changed).
    /// </summary>
    public static string? PreferPassive() =>
        OperatingSystem.IsLinux() ? PreferPassive(Read, Write) : null;

    /// <summary>The decision, with the C library's environment passed in (tests).</summary>
    internal static string? PreferPassive(Func<string?> read, Func<string, bool> write)
    {
        var current = read();
        if (!string.IsNullOrEmpty(current)) return current;
        if (!write("PASSIVE")) return null;
        Environment.SetEnvironmentVariable(Variable, "PASSIVE");
        return "PASSIVE";
    }

    /// <summary>The variable as the C library (and so libtorch) sees it.</summary>
    internal static string? Read() => Marshal.PtrToStringUTF8(getenv(Variable));

    static bool Write(string value) => setenv(Variable, value, overwrite: 0) == 0;

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    static extern IntPtr getenv(string name);

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    static extern int setenv(string name, string value, int overwrite);
}
