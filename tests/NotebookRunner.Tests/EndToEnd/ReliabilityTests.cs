using TestSupport;
using NotebookRunner.Tests.Support;
using static NotebookRunner.Tests.Support.Executed;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.EndToEnd;

/// <summary>Defects of the earlier runner that must not come back: heavy printing, unbounded output, signals, lost writes.</summary>
public sealed class ReliabilityTests : IDisposable
{
    readonly TestFolder folder = new();

    [Fact]
    public void Printing_in_a_tight_loop_finishes_and_keeps_a_bounded_part_of_the_output()
    {
        Write(folder["loud.ipynb"],
            Code("var clock = System.Diagnostics.Stopwatch.StartNew();\nlong n = 0;\nwhile (clock.Elapsed.TotalSeconds < 3) { Console.WriteLine($\"line {n++} \" + new string('x', 200)); Console.Error.WriteLine(n); }\nn"),
            Code("// 3 MB in 30 KB pieces, and a single write of 2 MB\nfor (int i = 0; i < 100; i++) Console.Write(new string('y', 30_000));\nConsole.Write(new string('z', 2_000_000));"),
            Code("\"still fine\""));
        var run = RunnerProcess.Run(folder.Path, ["loud.ipynb", "--out", "out"], limit: TestTimes.Limit(TimeSpan.FromMinutes(8), startups: 16));

        Assert.True(run.ExitCode == 0, run.ToString());
        var executed = Load(folder["out/loud.ipynb"]);
        Assert.StartsWith("line 0 ", Stream(executed.Cells[0], "stdout"));
        var second = Stream(executed.Cells[1], "stdout");
        Assert.True(second.Length < 1_100_000, $"kept {second.Length} characters");
        // 5,000,000 characters printed, 1 MiB kept: 3.8 MiB left out.
        Assert.Matches(@"\[notebook runner: 3\.8 MB more of stdout left out; at most 1\.0 MB of each stream is kept per cell\]", second);
        Assert.Equal("still fine", Data(OfType(executed.Cells[2], "execute_result")[0], "text/plain"));
        Assert.True(new FileInfo(folder["out/loud.ipynb"]).Length < 5_000_000);
        // Bounded: the runner holds the kept part and the line in hand, not everything printed.
        Assert.True(run.PeakMemoryBytes < 400L * 1024 * 1024, $"the runner peaked at {run.PeakMemoryBytes / (1024 * 1024)} MB");
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    [InlineData("HUP")]
    public void A_signal_stops_the_run_keeps_the_interrupted_cell_and_marks_the_copy(string signal)
    {
        Write(folder["long.ipynb"],
            Code("Console.WriteLine(\"first\");"),
            Code("Console.WriteLine(\"working\");\nSystem.IO.File.WriteAllText(\"started.txt\", Environment.ProcessId.ToString());\nawait Task.Delay(300_000);"),
            Code("Console.WriteLine(\"never\");"));
        using var running = RunnerProcess.Start(folder.Path, ["long.ipynb", "--out", "out"]);
        Assert.True(Poll.Until(() => File.Exists(folder["started.txt"]), TestTimes.Limit(TimeSpan.FromMinutes(3), startups: 6)), "cell 2 never started");
        Thread.Sleep(500);
        running.Signal(signal);
        // The runner cancels the cell, gives it 3 s, ends the kernel and writes the copy: little work, but
        // a loaded machine may take as long for it as for a start-up.
        var run = running.Wait(TestTimes.Limit(TimeSpan.FromMinutes(1), startups: 2));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("[   2/3] interrupted", run.Stderr);
        Assert.Contains("FAILED: cell 2 was interrupted", run.Stderr);
        var executed = Load(folder["out/long.ipynb"]);
        Assert.Equal("first\n", Stream(executed.Cells[0], "stdout"));
        // The interrupted cell ran, so it keeps its count and output, and says what happened.
        Assert.Equal(2, Count(executed.Cells[1]));
        Assert.Equal("working\n", Stream(executed.Cells[1], "stdout"));
        Assert.Equal("RunInterrupted", Error(executed.Cells[1])!["ename"]!.GetValue<string>());
        Assert.Null(Count(executed.Cells[2]));
        Nbformat.AssertValid(folder["out/long.ipynb"]);
        Assert.Empty(KernelProcesses.Under(folder.Path));
    }

    [Fact]
    public void A_copy_that_cannot_be_written_is_always_reported_even_when_a_cell_failed()
    {
        // The cell takes the output folder away (a file in its place) and then fails.
        Write(folder["nb.ipynb"], Code("System.IO.Directory.Delete(\"../out\", recursive: true);\nSystem.IO.File.WriteAllText(\"../out\", \"in the way\");\nthrow new Exception(\"and fails\");"));
        Directory.CreateDirectory(folder["notebooks"]);
        File.Move(folder["nb.ipynb"], folder["notebooks/nb.ipynb"]);
        var run = RunnerProcess.Run(folder.Path, "notebooks/nb.ipynb", "--out", "out");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("error: could not write out/nb.ipynb", run.Stderr);
        Assert.Contains("FAILED: cell 1 threw an exception", run.Stderr);
    }

    public void Dispose() => folder.Dispose();
}
