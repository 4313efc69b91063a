using System.Globalization;
using NotebookRunner.Tests.Support;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.EndToEnd;

/// <summary>
/// A runner, or the test host that started it, killed too hard for any handler to run (SIGKILL: `timeout
/// -k`, a cancelled CI job, the out-of-memory killer) leaves no kernel running, nor what the kernel started.
/// </summary>
public sealed class HardKillTests : IDisposable
{
    /// <summary>The limit: nothing of the run may be alive 10 s after the kill.</summary>
    static readonly TimeSpan Ending = TestTimes.Limit(TimeSpan.FromSeconds(10));

    readonly TestFolder folder = new();

    [Theory]
    [InlineData("await Task.Delay(300_000);")]
    // Busy in a loop that no Cancel stops, as a hung training step would be.
    [InlineData("while (true) { }")]
    public void A_runner_killed_mid_cell_leaves_nothing_of_its_kernel_running(string cell)
    {
        WriteNotebook(cell);
        using var running = RunnerProcess.Start(folder.Path, ["killed.ipynb", "--out", "out"]);
        var (kernel, child) = WaitUntilTheCellRuns();

        running.Signal("KILL");
        var run = running.Wait(Ending);

        Assert.True(run.ExitCode == 128 + 9, run.ToString());
        AssertAllEnd(kernel, child);
        Assert.False(File.Exists(folder["out/killed.ipynb"]), "a runner killed this hard cannot have written the copy");
    }

    [Fact]
    public void A_test_host_killed_mid_cell_leaves_no_runner_and_nothing_of_its_kernel_running()
    {
        WriteNotebook("await Task.Delay(300_000);");
        using var host = StandInTestHost.Start(folder.Path, "killed.ipynb", "--out", "out");
        try
        {
            var runner = int.Parse(host.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
            var (kernel, child) = WaitUntilTheCellRuns();

            host.Kill();

            Assert.True(Poll.Until(() => !KernelProcesses.IsAlive(runner), Ending), $"the runner ({runner}) outlived the test host that started it");
            AssertAllEnd(kernel, child);
        }
        finally
        {
            host.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The cell starts a process of its own, then blocks in <paramref name="cell"/>.</summary>
    void WriteNotebook(string cell) => Write(folder["killed.ipynb"],
        Code("Console.WriteLine(\"first\");"),
        Code("var child = System.Diagnostics.Process.Start(\"sleep\", \"600\");\n" +
             "System.IO.File.WriteAllText(\"started.tmp\", $\"{Environment.ProcessId} {child.Id}\");\n" +
             "System.IO.File.Move(\"started.tmp\", \"started.txt\");\n" + cell));

    /// <summary>The kernel's process id and that of the process its cell started, once the cell runs.</summary>
    (int Kernel, int Child) WaitUntilTheCellRuns()
    {
        var started = folder["started.txt"];
        Assert.True(Poll.Until(() => File.Exists(started), TestTimes.Limit(TimeSpan.FromMinutes(3), startups: 6)), "the cell never started");
        var ids = File.ReadAllText(started).Split(' ').Select(id => int.Parse(id, CultureInfo.InvariantCulture)).ToArray();
        Assert.NotEmpty(KernelProcesses.Under(folder.Path));
        return (ids[0], ids[1]);
    }

    void AssertAllEnd(int kernel, int child)
    {
        Assert.True(Poll.Until(() => KernelProcesses.Under(folder.Path).Count == 0 && !KernelProcesses.IsAlive(kernel) && !KernelProcesses.IsAlive(child), Ending),
            $"still running {Ending.TotalSeconds:0} s after the kill: {Describe([.. KernelProcesses.Under(folder.Path), kernel, child])}");
    }

    /// <summary>The processes still alive, with the CPU time each has used so far, for the failure message.</summary>
    static string Describe(IEnumerable<int> pids) => string.Join("; ", pids.Distinct().Where(KernelProcesses.IsAlive).Select(pid =>
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return $"{pid} {process.ProcessName} ({process.TotalProcessorTime.TotalSeconds:0.0} s of CPU)";
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return $"{pid} (gone meanwhile)";
        }
    }));

    public void Dispose()
    {
        KernelProcesses.EndAll(KernelProcesses.Under(folder.Path));
        folder.Dispose();
    }
}
