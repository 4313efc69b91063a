using TestSupport;
using System.Diagnostics;
using NotebookRunner.Tests.Support;
using static NotebookRunner.Tests.Support.Executed;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.EndToEnd;

/// <summary>Cells that fail, hang or take the process down: exit code 1, the cell named, the copy written.</summary>
public sealed class FailureTests : IDisposable
{
    readonly TestFolder folder = new();

    [Fact]
    public void A_compile_error_names_cell_line_column_and_code_and_stops_the_notebook()
    {
        Write(folder["nb.ipynb"], Markdown("# Title"), Code("var ok = 1;"), Code("// a comment\nint count = \"three\";"), Code("ok"));
        var run = RunnerProcess.Run(folder.Path, "nb.ipynb", "--out", "out");

        Assert.True(run.ExitCode == 1, run.ToString());
        var executed = Load(folder["out/nb.ipynb"]);
        var error = Error(executed.Cell("count"))!;
        Assert.Equal("CompilationError", error["ename"]!.GetValue<string>());
        // The kernel counts lines without the cell's directives; the runner counts them in the cell as written.
        Assert.Equal("cell 3, line 2, column 13: error CS0029: Cannot implicitly convert type 'string' to 'int'", error["evalue"]!.GetValue<string>());
        Assert.Equal("ok", Source(executed.Cells[^1]));
        Assert.Null(Count(executed.Cells[^1]));
        Assert.Contains("compile error", run.Stderr);
        Assert.Contains("cell 3, line 2, column 13: error CS0029", run.Stderr);
        Assert.Contains("FAILED: cell 3 did not compile", run.Stderr);
        Nbformat.AssertValid(folder["out/nb.ipynb"]);
    }

    [Fact]
    public void A_runtime_error_keeps_the_notebook_frames_of_its_traceback()
    {
        Write(folder["nb.ipynb"], Code("#!time\nint Divide(int a, int b) => a / b;"), Code("var zero = 0;\nDivide(1, zero)"), Code("#!time\nint bad = \"no\";"));
        var run = RunnerProcess.Run(folder.Path, "nb.ipynb", "--out", "out", "--allow-errors");

        Assert.True(run.ExitCode == 1, run.ToString());
        var executed = Load(folder["out/nb.ipynb"]);
        var error = Error(executed.Cell("Divide(1"))!;
        Assert.Equal("System.DivideByZeroException", error["ename"]!.GetValue<string>());
        Assert.Equal("Attempted to divide by zero.", error["evalue"]!.GetValue<string>());
        var traceback = error["traceback"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        Assert.Equal("System.DivideByZeroException: Attempted to divide by zero.", traceback[0]);
        // The kernel's frames name the submissions (cells) and the notebook's own functions.
        Assert.Contains(traceback, l => l.Contains("Divide(Int32 a, Int32 b)"));
        Assert.DoesNotContain(traceback, l => l.Contains("Microsoft.CodeAnalysis.Scripting") || l.Contains("Microsoft.DotNet.Interactive"));
        Assert.Contains("System.DivideByZeroException: Attempted to divide by zero.", run.Stderr);
        Assert.Equal("cell 3, line 2, column 11: error CS0029: Cannot implicitly convert type 'string' to 'int'", Error(executed.Cell("bad"))!["evalue"]!.GetValue<string>());
    }

    [Fact]
    public void Cell_timeout_kills_a_hung_cell_names_it_and_keeps_the_outputs_before_it()
    {
        Write(folder["hang.ipynb"],
            Code("Console.WriteLine(\"before\");"),
            Code("System.IO.File.WriteAllText(\"worker.pid\", Environment.ProcessId.ToString());\nConsole.WriteLine(\"spinning\");\nwhile (true) { }"),
            Code("Console.WriteLine(\"never\");"));
        // The limit counts from the cell's start, not the kernel's, and also holds for the first cell, which
        // warms up the compiler: twice a measured start-up leaves a loaded machine room for it.
        var limit = TestTimes.Seconds(TestTimes.Limit(TimeSpan.FromSeconds(20), startups: 2));
        var run = RunnerProcess.Run(folder.Path, "hang.ipynb", "--out", "out", "--cell-timeout", $"{limit}");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("[   1/3] ok", run.Stderr);
        Assert.Contains("[   2/3] timed out", run.Stderr);
        Assert.Contains($"cell 2 did not finish within --cell-timeout {limit} s", run.Stderr);
        var executed = Load(folder["out/hang.ipynb"]);
        Assert.Equal("before\n", Stream(executed.Cells[0], "stdout"));
        Assert.Equal("spinning\n", Stream(executed.Cells[1], "stdout"));
        Assert.Equal("CellTimeoutError", Error(executed.Cells[1])!["ename"]!.GetValue<string>());
        Assert.Null(Count(executed.Cells[2]));
        Nbformat.AssertValid(folder["out/hang.ipynb"]);
        AssertProcessGone(int.Parse(File.ReadAllText(folder["worker.pid"])));
        Assert.Empty(KernelProcesses.Under(folder.Path));
    }

    [Fact]
    public void Notebook_timeout_bounds_the_whole_notebook()
    {
        Write(folder["slow.ipynb"],
            Code("await Task.Delay(2000);"),
            Code("System.IO.File.WriteAllText(\"worker.pid\", Environment.ProcessId.ToString());\nawait Task.Delay(300_000);\nConsole.WriteLine(\"second done\");"),
            Code("Console.WriteLine(\"third\");"));
        // Kernel start-up and cell 1 take more than 2 s, so the notebook's limit comes before cell 2's; three
        // measured start-ups leave a loaded machine room to start the kernel and run cell 1 first.
        var limit = TestTimes.Seconds(TestTimes.Limit(TimeSpan.FromSeconds(40), startups: 3));
        var run = RunnerProcess.Run(folder.Path, "slow.ipynb", "--out", "out", "--timeout", $"{limit}", "--cell-timeout", $"{limit - 2}");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"the notebook exceeded --timeout {limit} s during cell 2", run.Stderr);
        var executed = Load(folder["out/slow.ipynb"]);
        Assert.Null(Error(executed.Cells[0]));
        Assert.Equal("CellTimeoutError", Error(executed.Cells[1])!["ename"]!.GetValue<string>());
        Assert.DoesNotContain("second done", Stream(executed.Cells[1], "stdout"));
        AssertProcessGone(int.Parse(File.ReadAllText(folder["worker.pid"])));
    }

    [Fact]
    public void A_cell_that_ends_the_process_is_reported_as_a_crash()
    {
        Write(folder["exit.ipynb"], Code("Console.WriteLine(\"bye\");\nEnvironment.Exit(42);"), Code("1"));
        var run = RunnerProcess.Run(folder.Path, "exit.ipynb", "--out", "out", "--allow-errors");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("crashed", run.Stderr);
        var cell = Load(folder["out/exit.ipynb"]).Cells[0];
        Assert.Equal("bye\n", Stream(cell, "stdout"));
        var error = Error(cell)!;
        Assert.Equal("KernelCrashedError", error["ename"]!.GetValue<string>());
        Assert.Contains("exit code 42", error["evalue"]!.GetValue<string>());
    }

    static void AssertProcessGone(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            Assert.True(process.WaitForExit(TestTimes.Limit(TimeSpan.FromSeconds(5))), $"kernel process {pid} still runs");
        }
        catch (ArgumentException)
        {
            // No such process: it was killed.
        }
    }

    public void Dispose() => folder.Dispose();
}
