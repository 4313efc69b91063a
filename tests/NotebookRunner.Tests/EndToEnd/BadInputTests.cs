using NotebookRunner.Tests.Support;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.EndToEnd;

/// <summary>User mistakes end with exit code 2 and one clear line per problem, before anything runs.</summary>
public sealed class BadInputTests : IDisposable
{
    readonly TestFolder folder = new();

    static void AssertNoStackTrace(RunnerProcess.Result run)
    {
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Exception", run.Stderr);
    }

    [Fact]
    public void Unreadable_notebooks_are_each_reported_in_one_line_and_nothing_runs()
    {
        folder.Write("invalid.ipynb", "{ \"cells\": [ oops ] }");
        var whole = Json(Code("Console.WriteLine(1);")).ToJsonString();
        folder.Write("truncated.ipynb", whole[..(whole.Length / 2)]);
        folder.Write("v3.ipynb", """{"metadata": {}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": []}]}""");
        folder.Write("nocells.ipynb", """{"metadata": {}, "nbformat": 4, "nbformat_minor": 5}""");
        Write(folder["fsharp-parameters.ipynb"], new Cell("let epochs = 1", Kernel: "fsharp", Tags: ["parameters"]));
        Write(folder["good.ipynb"], Code("System.IO.File.WriteAllText(\"ran.txt\", \"yes\");"));

        string[] inputs = ["good.ipynb", "invalid.ipynb", "truncated.ipynb", "v3.ipynb", "nocells.ipynb", "fsharp-parameters.ipynb", "missing.ipynb"];
        var run = RunnerProcess.Run(folder.Path, [.. inputs, "--out", "out", "--param", "epochs=2"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        string[] expected =
        [
            "error: invalid.ipynb: not valid JSON at line 1, column 14:",
            "error: truncated.ipynb: the file ends in the middle of the JSON (truncated?)",
            "error: v3.ipynb: nbformat 3 is not supported; the runner reads nbformat 4",
            "error: nocells.ipynb: no \"cells\" array: not an nbformat 4 notebook",
            "error: fsharp-parameters.ipynb: the cell tagged \"parameters\" is F#; --param can set variables of a C# parameters cell only",
            "error: missing.ipynb: no such notebook or folder",
        ];
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Length, lines.Length);
        foreach (var line in expected) Assert.Contains(lines, l => l.StartsWith(line, StringComparison.Ordinal));
        AssertNoStackTrace(run);
        Assert.False(File.Exists(folder["ran.txt"]), "no notebook may run when an input is bad");
        Assert.False(Directory.Exists(folder["out"]));
    }

    [Fact]
    public void Unknown_and_malformed_parameters_are_usage_errors()
    {
        Write(folder["p.ipynb"], Code("int epochs = 10;\nbool quick = false;", "parameters"), Code("epochs"));
        Write(folder["none.ipynb"], Code("1"));

        var typo = RunnerProcess.Run(folder.Path, "p.ipynb", "--param", "epoch=3", "--param", "quick=maybe", "--param", "novalue");
        Assert.True(typo.ExitCode == 2, typo.ToString());
        Assert.Contains("error: --param novalue: expected name=value", typo.Stderr);
        AssertNoStackTrace(typo);

        var unknown = RunnerProcess.Run(folder.Path, "p.ipynb", "--param", "epoch=3", "--param", "quick=maybe");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("error: p.ipynb: --param quick: 'maybe' is not a valid bool for parameter 'quick'", unknown.Stderr);
        Assert.Contains("error: --param epoch: unknown parameter; the \"parameters\" cell declares epochs, quick", unknown.Stderr);
        AssertNoStackTrace(unknown);

        var noCell = RunnerProcess.Run(folder.Path, "none.ipynb", "--param", "epochs=1");
        Assert.True(noCell.ExitCode == 2, noCell.ToString());
        Assert.Contains("error: --param epochs: unknown parameter; no notebook has a cell tagged \"parameters\"", noCell.Stderr);
    }

    [Theory]
    [InlineData(new[] { "x.ipynb", "--cell-timeout", "-1" }, "--cell-timeout must be a positive number of seconds")]
    [InlineData(new[] { "x.ipynb", "--timeout", "soon" }, "--timeout must be a positive number of seconds, not 'soon'")]
    [InlineData(new[] { "x.ipynb", "--no-such-option" }, "--no-such-option")]
    [InlineData(new string[0], "Required argument 'notebooks' missing")]
    public void Bad_command_lines_are_usage_errors(string[] arguments, string expected)
    {
        Write(folder["x.ipynb"], Code("1"));
        var run = RunnerProcess.Run(folder.Path, arguments);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("error: ", run.Stderr);
        Assert.Contains(expected, run.Stderr);
        AssertNoStackTrace(run);
    }

    [Fact]
    public void Refuses_output_folders_that_would_overwrite_sources_or_copies_or_cannot_be_written()
    {
        Write(folder["a/same.ipynb"].EnsureFolder(), Code("1"));
        Write(folder["b/same.ipynb"].EnsureFolder(), Code("2"));

        var overwrite = RunnerProcess.Run(folder.Path, "a/same.ipynb", "--out", "a");
        Assert.True(overwrite.ExitCode == 2, overwrite.ToString());
        Assert.Contains("the executed copy would overwrite the source notebook", overwrite.Stderr);

        var clash = RunnerProcess.Run(folder.Path, "a", "b", "--out", "out");
        Assert.True(clash.ExitCode == 2, clash.ToString());
        Assert.Contains("a/same.ipynb and b/same.ipynb would both be written to", clash.Stderr);

        // A link to the notebooks' folder is that folder: compared by real path, the source stays untouched.
        var source = File.ReadAllBytes(folder["a/same.ipynb"]);
        Directory.CreateSymbolicLink(folder["alias"], folder["a"]);
        var throughLink = RunnerProcess.Run(folder.Path, "a/same.ipynb", "--out", "alias");
        Assert.True(throughLink.ExitCode == 2, throughLink.ToString());
        Assert.Contains("the executed copy would overwrite the source notebook", throughLink.Stderr);
        Assert.Equal(source, File.ReadAllBytes(folder["a/same.ipynb"]));

        folder.Write("a-file", "not a folder");
        var underFile = RunnerProcess.Run(folder.Path, "a/same.ipynb", "--out", "a-file/out");
        Assert.True(underFile.ExitCode == 2, underFile.ToString());
        Assert.StartsWith("error: --out a-file/out: cannot write there", underFile.Stderr);
        AssertNoStackTrace(underFile);

        var isFile = RunnerProcess.Run(folder.Path, "a/same.ipynb", "--out", "a-file");
        Assert.True(isFile.ExitCode == 2, isFile.ToString());
        Assert.StartsWith("error: --out a-file: this is a file, not a folder", isFile.Stderr);

        // A folder that exists but takes no files (even for root): found before any cell runs.
        Write(folder["marker.ipynb"], Code("System.IO.File.WriteAllText(\"ran.txt\", \"yes\");"));
        var readOnly = RunnerProcess.Run(folder.Path, "marker.ipynb", "--out", "/sys/kernel");
        Assert.True(readOnly.ExitCode == 2, readOnly.ToString());
        Assert.StartsWith("error: --out /sys/kernel: cannot write there", readOnly.Stderr);
        Assert.False(File.Exists(folder["ran.txt"]));
        AssertNoStackTrace(readOnly);
    }

    [Fact]
    public void Help_describes_the_options_and_exits_with_0()
    {
        var run = RunnerProcess.Run(folder.Path, "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var option in new[] { "--out", "--param", "--cell-timeout", "--timeout", "--allow-errors" }) Assert.Contains(option, run.Stdout);
    }

    public void Dispose() => folder.Dispose();
}

static class PathExtensions
{
    public static string EnsureFolder(this string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        return file;
    }
}
