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
        Write(folder["fsharp.ipynb"], Code("var ok = 1;"), new Cell("let x = 1", Kernel: "fsharp"));
        Write(folder["good.ipynb"], Code("System.IO.File.WriteAllText(\"ran.txt\", \"yes\");"));

        string[] inputs = ["good.ipynb", "invalid.ipynb", "truncated.ipynb", "v3.ipynb", "nocells.ipynb", "fsharp.ipynb", "missing.ipynb"];
        var run = RunnerProcess.Run(folder.Path, [.. inputs, "--out", "out"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        string[] expected =
        [
            "error: invalid.ipynb: not valid JSON at line 1, column 14:",
            "error: truncated.ipynb: the file ends in the middle of the JSON (truncated?)",
            "error: v3.ipynb: nbformat 3 is not supported; the runner reads nbformat 4",
            "error: nocells.ipynb: no \"cells\" array: not an nbformat 4 notebook",
            "error: fsharp.ipynb: cell 2 uses the F# kernel; the runner runs only C# cells",
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
    public void Refuses_output_folders_that_would_overwrite_sources_or_copies_or_cannot_be_created()
    {
        Write(folder["a/same.ipynb"].EnsureFolder(), Code("1"));
        Write(folder["b/same.ipynb"].EnsureFolder(), Code("2"));

        var overwrite = RunnerProcess.Run(folder.Path, "a/same.ipynb", "--out", "a");
        Assert.True(overwrite.ExitCode == 2, overwrite.ToString());
        Assert.Contains("the executed copy would overwrite the source notebook", overwrite.Stderr);

        var clash = RunnerProcess.Run(folder.Path, "a", "b", "--out", "out");
        Assert.True(clash.ExitCode == 2, clash.ToString());
        Assert.Contains("a/same.ipynb and b/same.ipynb would both be written to", clash.Stderr);

        folder.Write("a-file", "not a folder");
        var unwritable = RunnerProcess.Run(folder.Path, "a/same.ipynb", "--out", "a-file/out");
        Assert.True(unwritable.ExitCode == 2, unwritable.ToString());
        Assert.StartsWith("error: --out a-file/out: cannot create the folder", unwritable.Stderr);
        AssertNoStackTrace(unwritable);
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
