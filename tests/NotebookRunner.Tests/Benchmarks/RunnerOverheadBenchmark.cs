using System.Globalization;
using System.Text;
using NotebookRunner.Running;
using NotebookRunner.Scripting;
using NotebookRunner.Tests.Support;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.Benchmarks;

/// <summary>
/// The runner's own overhead: start-up and compile time per cell. Prints figures (see them with
/// `dotnet test --logger "console;verbosity=detailed"`); asserts only that the runs succeed, never times.
/// </summary>
public sealed class RunnerOverheadBenchmark(ITestOutputHelper output) : IDisposable
{
    const int Repeats = 3;
    readonly TestFolder folder = new();

    [Fact]
    public async Task Prints_start_up_and_per_cell_compile_times()
    {
        Write(folder["one.ipynb"], Code("1"));
        Write(folder["typical.ipynb"],
            Code("int epochs = 3;\ndouble rate = 1e-3;", "parameters"),
            Code("record Point(double X, double Y);\nvar points = Enumerable.Range(0, 1000).Select(i => new Point(i, Math.Sin(i / 100.0))).ToList();"),
            Code("var mean = points.Average(p => p.Y);\nConsole.WriteLine($\"mean {mean:0.000}\");"),
            Code("var handle = display(\"epoch 0\");\nfor (int e = 1; e <= epochs; e++) handle.Update($\"epoch {e}\");"),
            Code("double Loss(double x) => Math.Log(1 + Math.Exp(-x));\nEnumerable.Range(-5, 11).Select(x => Loss(x)).ToArray()"),
            Code("new { Epochs = epochs, Rate = rate, Mean = mean }"));

        var report = new StringBuilder();
        var commandLine = Enumerable.Range(0, Repeats).Select(_ =>
        {
            var run = RunnerProcess.Run(folder.Path, "one.ipynb", "--out", "out");
            Assert.True(run.ExitCode == 0, run.ToString());
            return run.Elapsed;
        }).Order().ToList();
        report.AppendLine(CultureInfo.InvariantCulture, $"command line, one-cell notebook, wall time: min {Ms(commandLine[0])}, median {Ms(commandLine[Repeats / 2])} ({Repeats} runs)");

        for (int repeat = 1; repeat <= Repeats; repeat++)
        {
            var summary = await Runner.RunAsync(new RunnerOptions { Inputs = [folder["typical.ipynb"]], OutputDirectory = folder["out"] }, TextWriter.Null);
            var notebook = Assert.Single(summary.Notebooks);
            Assert.True(summary.ExitCode == 0, string.Join("\n", notebook.Cells.Select(c => c.Summary)));
            Assert.All(notebook.Cells, c => Assert.Equal(CellStatus.Succeeded, c.Status));

            report.AppendLine(CultureInfo.InvariantCulture, $"run {repeat}: worker start-up {Ms(notebook.Startup)}, notebook {Ms(notebook.Elapsed)}");
            foreach (var cell in notebook.Cells)
                report.AppendLine(CultureInfo.InvariantCulture, $"    {cell.Label,-8} compile {Ms(cell.CompileTime),9}   total {Ms(cell.Duration),9}");
        }
        output.WriteLine(report.ToString());
    }

    static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public void Dispose() => folder.Dispose();
}
