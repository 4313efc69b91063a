using System.Diagnostics;
using NotebookRunner.Kernel;

namespace NotebookRunner.Tests.Support;

/// <summary>
/// Entry point of this assembly when a test starts it as a process of its own (<c>dotnet exec
/// NotebookRunner.Tests.dll start-runner FOLDER ARGS...</c>): a test host that starts the runner as the
/// tests do and is then killed. The test runner loads the assembly as a library and never calls it.
/// </summary>
public static class StandInTestHost
{
    const string StartRunner = "start-runner";

    public static int Main(string[] args)
    {
        if (args is not [StartRunner, var folder, .. var arguments]) return 2;
        var running = RunnerProcess.Start(folder, arguments);
        Console.WriteLine(running.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    /// <summary>Starts a stand-in host that runs the runner with <paramref name="arguments"/> in <paramref name="folder"/>; its first line is the runner's process id.</summary>
    public static Process Start(string folder, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["exec", typeof(StandInTestHost).Assembly.Location, StartRunner, folder, .. arguments])
            info.ArgumentList.Add(argument);
        return OwnedProcess.Start(info);
    }
}
