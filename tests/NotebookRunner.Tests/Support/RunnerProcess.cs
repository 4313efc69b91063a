using System.Diagnostics;
using NotebookRunner.Kernel;

namespace NotebookRunner.Tests.Support;

/// <summary>Runs the runner's command line as a separate process, as CI and lecturers do.</summary>
static class RunnerProcess
{
    /// <param name="PeakMemoryBytes">The runner's peak resident memory (Linux VmHWM, sampled while it ran); 0 where unknown.</param>
    public sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, long PeakMemoryBytes = 0)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stderr ---\n{Stderr}\n--- stdout ---\n{Stdout}";
    }

    public static Result Run(string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? limit = null)
    {
        using var running = Start(workingDirectory, arguments, environment);
        return running.Wait(limit ?? TestTimes.Limit(TimeSpan.FromMinutes(5), startups: 10));
    }

    public static Result Run(string workingDirectory, params string[] arguments) => Run(workingDirectory, arguments, null);

    /// <summary>
    /// Starts the runner and returns at once, for tests that signal it while it runs. The runner is tied
    /// to this process (<see cref="OwnedProcess"/>): a test host killed mid-test leaves no runner, and so
    /// no kernel, behind.
    /// </summary>
    public static Running Start(string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(OperatingSystem.IsLinux() ? "env" : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (OperatingSystem.IsLinux())
        {
            // A test host started in the background of a script ignores SIGINT (and under nohup SIGHUP), and
            // the runner would inherit that; coreutils' env gives it every signal's default disposition, so
            // the signal tests test the runner, not how the tests were started.
            info.ArgumentList.Add("--default-signal");
            info.ArgumentList.Add("dotnet");
        }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NotebookRunner.dll"));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        return new Running(OwnedProcess.Start(info), string.Join(' ', arguments));
    }

    public sealed class Running : IDisposable
    {
        readonly Process process;
        readonly string description;
        readonly Stopwatch clock = Stopwatch.StartNew();
        readonly Task<string> stdout, stderr;
        readonly Task<long> peakMemory;
        readonly CancellationTokenSource stopSampling = new();

        internal Running(Process process, string description)
        {
            this.process = process;
            this.description = description;
            stdout = process.StandardOutput.ReadToEndAsync();
            stderr = process.StandardError.ReadToEndAsync();
            peakMemory = Task.Run(SamplePeakMemory);
        }

        public int Id => process.Id;

        /// <summary>Sends a POSIX signal (INT, TERM) to the runner.</summary>
        public void Signal(string name)
        {
            using var kill = Process.Start("kill", ["-" + name, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            kill.WaitForExit();
        }

        public Result Wait(TimeSpan limit)
        {
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the runner did not finish within {limit}: {description}");
            }
            process.WaitForExit();
            stopSampling.Cancel();
            return new Result(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed, peakMemory.Result);
        }

        async Task<long> SamplePeakMemory()
        {
            long peak = 0;
            var status = $"/proc/{process.Id}/status";
            while (!stopSampling.IsCancellationRequested && !process.HasExited)
            {
                try
                {
                    var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                    if (line != null) peak = Math.Max(peak, 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    break; // gone, or not Linux
                }
                try { await Task.Delay(100, stopSampling.Token); } catch (OperationCanceledException) { break; }
            }
            return peak;
        }

        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            stopSampling.Cancel();
            process.Dispose();
        }
    }
}
