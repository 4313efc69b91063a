using System.Diagnostics;

namespace NotebookRunner.Kernel;

/// <summary>
/// Starts a child process that ends with this process, however this one ends: also by SIGKILL or the
/// out-of-memory killer, which run none of its handlers. A kernel must not outlive its runner, nor a
/// runner the test that started it.
/// </summary>
static class OwnedProcess
{
    /// <summary>Starts the process of <paramref name="info"/> (arguments in its ArgumentList) tied to this process.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The process could not be started, or not tied to this one.</exception>
    public static Process Start(ProcessStartInfo info)
    {
        if (!OperatingSystem.IsWindows())
            return Process.Start(ProcessGroupWatchdog.Wrap(info, Environment.ProcessId)) ?? throw NotStarted(info);
        var process = Process.Start(info) ?? throw NotStarted(info);
        try
        {
            KillOnCloseJob.Instance.Add(process);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
        return process;
    }

    static InvalidOperationException NotStarted(ProcessStartInfo info) => new($"could not start {info.FileName}");
}
