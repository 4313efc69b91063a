using TestSupport;
using NotebookRunner.Tests.Support;
using static NotebookRunner.Tests.Support.Executed;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.EndToEnd;

/// <summary>Successful runs: folders, default output folder, working directory, outputs that bypass Console.</summary>
public sealed class RunTests : IDisposable
{
    readonly TestFolder folder = new();

    [Fact]
    public void A_folder_runs_its_notebooks_in_name_order_into_the_default_output_folder()
    {
        Write(folder["notebooks/02-second.ipynb"].EnsureFolder(), Code("System.IO.File.AppendAllText(\"order.txt\", \"2\");"));
        Write(folder["notebooks/01-first.ipynb"], Markdown("# First"), Code("System.IO.File.AppendAllText(\"order.txt\", \"1\");\nEnvironment.CurrentDirectory"));
        folder.Write("notebooks/notes.txt", "not a notebook");
        var sources = Directory.GetFiles(folder["notebooks"]).ToDictionary(f => f, File.ReadAllBytes);

        var run = RunnerProcess.Run(folder.Path, "notebooks");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("12", File.ReadAllText(folder["notebooks/order.txt"]));
        Assert.True(run.Stderr.IndexOf("01-first.ipynb: ok", StringComparison.Ordinal) < run.Stderr.IndexOf("02-second.ipynb: 1 cells", StringComparison.Ordinal));
        var first = Load(folder["artifacts/notebooks/01-first.ipynb"]);
        Assert.True(File.Exists(folder["artifacts/notebooks/02-second.ipynb"]));
        Assert.Equal(folder["notebooks"], Data(OfType(first.Cell("order.txt"), "execute_result")[0], "text/plain"));
        Assert.Equal("# First", Source(first.Cells[0]));
        Assert.All(sources, s => Assert.Equal(s.Value, File.ReadAllBytes(s.Key)));
        Nbformat.AssertValid(folder["artifacts/notebooks/01-first.ipynb"]);
    }

    [Fact]
    public void Output_written_around_the_console_still_reaches_the_cell()
    {
        Write(folder["raw.ipynb"],
            Code("var raw = Console.OpenStandardOutput();\nraw.Write(\"written to the file descriptor\\n\"u8);\nraw.Flush();\nConsole.WriteLine(\"written to Console\");"),
            Code("var rawError = Console.OpenStandardError();\nrawError.Write(\"error descriptor\\n\"u8);\nrawError.Flush();"));
        var run = RunnerProcess.Run(folder.Path, "raw.ipynb", "--out", "out");

        Assert.True(run.ExitCode == 0, run.ToString());
        var executed = Load(folder["out/raw.ipynb"]);
        var stdout = Stream(executed.Cells[0], "stdout");
        Assert.Contains("written to the file descriptor\n", stdout);
        Assert.Contains("written to Console\n", stdout);
        Assert.Equal("error descriptor\n", Stream(executed.Cells[1], "stderr"));
    }

    [Fact]
    public void Parameters_of_every_supported_type_reach_the_notebook_and_reruns_replace_injected_cells()
    {
        Write(folder["p.ipynb"],
            Code("enum Speed { Slow, Fast }\nint n = 1;\ndouble rate = 0.5;\nstring name = \"a\";\nbool quick = false;\nSpeed speed = Speed.Slow;", "parameters"),
            Code("$\"{n} {rate.ToString(System.Globalization.CultureInfo.InvariantCulture)} {name} {quick} {speed}\""));
        var first = RunnerProcess.Run(folder.Path, "p.ipynb", "--out", "once",
            "--param", "n=2", "--param", "rate=0.25", "--param", "name=with \"quotes\"", "--param", "quick=true", "--param", "speed=Fast");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("2 0.25 with \"quotes\" True Fast", Data(OfType(Load(folder["once/p.ipynb"]).Cells[2], "execute_result")[0], "text/plain"));

        // The executed copy as input: its injected cell is replaced, not run twice.
        var second = RunnerProcess.Run(folder.Path, "once/p.ipynb", "--out", "twice", "--param", "n=3");
        Assert.True(second.ExitCode == 0, second.ToString());
        var executed = Load(folder["twice/p.ipynb"]);
        Assert.Equal(3, executed.Cells.Count);
        Assert.Equal("3 0.5 a False Slow", Data(OfType(executed.Cells[2], "execute_result")[0], "text/plain"));
    }

    public void Dispose() => folder.Dispose();
}
