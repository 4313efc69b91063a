using System.Text.Json.Nodes;
using NotebookRunner.Tests.Support;
using TestSupport;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.EndToEnd;

/// <summary>--check-claims from the command line: claims in cell metadata checked against what the real kernel printed.</summary>
public sealed class ClaimsTests : IDisposable
{
    readonly TestFolder folder = new();

    /// <summary>Seeds 1–3 print a spread within the stated range and 7 modes; any other seed breaks both claims.</summary>
    void WriteNotebook(string name = "nb.ipynb", string statement = "between 0.55 and 0.75") => Write(folder[name],
        Code("int seed = 1;", "parameters"),
        Markdown("Over seeds 1–3 the final spread lies\nbetween 0.55 and 0.75, and between 6 and 8 of the 8 modes are found."),
        Code("var spread = seed <= 3 ? 0.6 + seed / 100.0 : 0.9;\nConsole.WriteLine($\"final std {spread.ToString(System.Globalization.CultureInfo.InvariantCulture)}\");").WithClaims($$"""
            [{"statement": "{{statement}}", "pattern": "final std (-?[0-9.]+)", "min": 0.55, "max": 0.75}]
            """),
        Code("$\"modes found: {(seed <= 3 ? 7 : 5)} of 8\"").WithClaims("""
            [{"statement": "between 6 and 8 of the 8 modes", "pattern": "modes found: (?<modes>\\d+)", "min": 6, "max": 8}]
            """));

    [Fact]
    public void Claims_that_hold_exit_with_0_and_are_reported_and_written_beside_the_copy()
    {
        WriteNotebook();
        var run = RunnerProcess.Run(folder.Path, "nb.ipynb", "--out", "out", "--check-claims");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("  [cell 3, claim 1] holds: printed 0.61; stated 0.55–0.75 (\"between 0.55 and 0.75\")", run.Stderr);
        Assert.Contains("  [cell 4, claim 1] holds: printed 7; stated 6–8 (\"between 6 and 8 of the 8 modes\")", run.Stderr);
        Assert.Contains("nb.ipynb: claims: 2 of 2 hold", run.Stderr);
        Assert.Contains($"wrote {Path.Combine("out", "nb.claims.json")} (", run.Stderr);

        var report = JsonNode.Parse(File.ReadAllText(folder["out/nb.claims.json"]))!;
        Assert.Equal(("nb.ipynb", "{}", true), ((string?)report["notebook"], report["parameters"]!.ToJsonString(), (bool)report["completed"]!));
        var claims = report["claims"]!.AsArray();
        Assert.Equal([3, 4], claims.Select(c => (int)c!["cell"]!));
        Assert.Equal(["[0.61]", "[7]"], claims.Select(c => c!["values"]!.ToJsonString()));
        Assert.All(claims, c => Assert.True((bool)c!["holds"]!));

        var copy = Executed.Load(folder["out/nb.ipynb"]);
        Assert.Equal("final std (-?[0-9.]+)", (string?)copy.Cell("final std")["metadata"]!["claims"]![0]!["pattern"]);
        Nbformat.AssertValid(folder["out/nb.ipynb"]);
        Assert.Empty(Directory.GetFiles(folder["out"], ".*.tmp"));
    }

    [Fact]
    public void A_parameter_that_breaks_a_claim_exits_with_3_and_the_claims_are_checked_only_when_asked()
    {
        WriteNotebook();
        var run = RunnerProcess.Run(folder.Path, "nb.ipynb", "--out", "out", "--check-claims", "--param", "seed=4");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("nb.ipynb: ok, 4 cells", run.Stderr);
        Assert.Contains("  [cell 3, claim 1] FAILS: printed 0.9, outside 0.55–0.75 (\"between 0.55 and 0.75\")", run.Stderr);
        Assert.Contains("  [cell 4, claim 1] FAILS: printed 5, outside 6–8 (\"between 6 and 8 of the 8 modes\")", run.Stderr);
        Assert.Contains("nb.ipynb: claims: 0 of 2 hold", run.Stderr);
        var report = JsonNode.Parse(File.ReadAllText(folder["out/nb.claims.json"]))!;
        Assert.Equal("""{"seed":"4"}""", report["parameters"]!.ToJsonString());
        Assert.Equal(["fails", "fails"], report["claims"]!.AsArray().Select(c => (string?)c!["verdict"]));

        var notChecked = RunnerProcess.Run(folder.Path, "nb.ipynb", "--out", "plain", "--param", "seed=4");
        Assert.True(notChecked.ExitCode == 0, notChecked.ToString());
        Assert.DoesNotContain("claim", notChecked.Stderr);
        Assert.Equal(["nb.ipynb"], Directory.GetFiles(folder["plain"]).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_cell_leaves_its_claims_unchecked_and_keeps_exit_code_1()
    {
        Write(folder["broken.ipynb"],
            Markdown("It prints between 1 and 2."),
            Code("throw new InvalidOperationException(\"planned failure\");"),
            Code("Console.WriteLine(\"value 1.5\");").WithClaims("""[{"statement": "between 1 and 2", "pattern": "value (\\S+)", "min": 1, "max": 2}]"""));
        var run = RunnerProcess.Run(folder.Path, "broken.ipynb", "--out", "out", "--check-claims");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("  [cell 3, claim 1] NOT CHECKED: cell 3 did not run; stated 1–2 (\"between 1 and 2\")", run.Stderr);
        Assert.Contains("broken.ipynb: claims: 0 of 1 hold", run.Stderr);
        Assert.Equal("not checked", (string?)JsonNode.Parse(File.ReadAllText(folder["out/broken.claims.json"]))!["claims"]![0]!["verdict"]);
    }

    [Fact]
    public void A_malformed_claim_is_a_usage_error_before_anything_runs_with_or_without_the_flag()
    {
        WriteNotebook(statement: "between 0.5 and 0.75");
        Write(folder["marker.ipynb"], Code("System.IO.File.WriteAllText(\"ran.txt\", \"yes\");"));
        foreach (var flags in new[] { new[] { "--check-claims" }, [] })
        {
            var run = RunnerProcess.Run(folder.Path, ["marker.ipynb", "nb.ipynb", "--out", "out", .. flags]);

            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Equal(
            [
                "error: nb.ipynb: cell 3, claim 1: the statement \"between 0.5 and 0.75\" is not in any markdown cell",
                "error: nb.ipynb: cell 3, claim 1: the statement \"between 0.5 and 0.75\" does not contain min 0.55; the prose must state the range the claim checks",
            ], run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.False(File.Exists(folder["ran.txt"]), "no notebook may run when a claim is malformed");
            Assert.False(Directory.Exists(folder["out"]));
        }
    }

    [Fact]
    public void Help_lists_the_flag_and_the_exit_codes()
    {
        var help = RunnerProcess.Run(folder.Path, "--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("--check-claims", help.Stdout);
        Assert.Contains("3  with --check-claims: everything ran and was written, but a claim does not hold", help.Stdout);
    }

    public void Dispose() => folder.Dispose();
}
