using System.Diagnostics;

namespace NotebookRunner.Tests.Support;

/// <summary>Runs the runner's command line as a separate process, as CI and lecturers do.</summary>
static class RunnerProcess
{
    /// <summary>
    /// The restore cache of the tests, apart from the user's. Tests that need a real restore every time
    /// (the cache test, local sources) set their own fresh folder.
    /// </summary>
    public static readonly string CacheFolder = Path.Combine(Path.GetTempPath(), "notebook-runner-tests", "cache");

    public sealed record Result(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stderr ---\n{Stderr}\n--- stdout ---\n{Stdout}";
    }

    public static Result Run(string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? limit = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NotebookRunner.dll"));
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["NOTEBOOK_RUNNER_CACHE"] = CacheFolder;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the runner did not finish: {string.Join(' ', arguments)}");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }

    public static Result Run(string workingDirectory, params string[] arguments) => Run(workingDirectory, arguments, null);
}
