using System.Diagnostics;
using NotebookRunner.Kernel;

namespace Notebooks.Tests;

/// <summary>
/// Runs a program for a test (the runner, nbconvert) tied to the test host: if the test host is killed,
/// even by SIGKILL, the program and everything it started (kernels included) end with it.
/// </summary>
static class TestProcess
{
    /// <summary>Runs <paramref name="file"/> to the end (at most <paramref name="limit"/>, default 20 minutes) and returns its exit code and output.</summary>
    public static (int Code, string Output) Run(string file, IEnumerable<string> arguments, string folder,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? limit = null)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        info.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = OwnedProcess.Start(info);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(limit ?? TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} did not finish within {(limit ?? TimeSpan.FromMinutes(20)).TotalMinutes} minutes\n{stdout.Result}{stderr.Result}");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
