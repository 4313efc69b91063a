using System.Text.Json.Nodes;
using NotebookRunner.Claims;
using NotebookRunner.Html;
using NotebookRunner.Notebook;
using NotebookRunner.Planning;
using NotebookRunner.Running;
using NotebookRunner.Slides;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.Claims;

/// <summary>Where checked claims go: the progress lines, x.claims.json, and the executed copy (not the handout or deck).</summary>
public class ClaimReportsTests
{
    const string Pattern = "claimed spread (-?[0-9.]+)";

    static NotebookPlan PlanWithClaims()
    {
        var problems = new List<string>();
        var plan = NotebookPlanner.Plan("notebooks/06.ipynb", NotebookReader.Parse(Json(
            Code("int seed = 1;", "parameters"),
            Markdown("The spread lies between 0.55 and 0.75 over seeds 1–3, and between 6 and 8 of the 8 modes are found."),
            Code("Console.WriteLine(\"claimed spread 0.62\");\nConsole.WriteLine(\"modes 5\");").WithClaims($$"""
                [{"statement": "between 0.55 and 0.75", "pattern": "{{Pattern}}", "min": 0.55, "max": 0.75},
                 {"statement": "between 6 and 8 of the 8 modes", "pattern": "modes (\\d+)", "min": 6, "max": 8}]
                """),
            Code("Console.WriteLine(\"modes 7\");").WithClaims("""[{"statement": "of the 8 modes", "pattern": "modes (\\d+)", "max": 8}]""")).ToJsonString()),
            [new("seed", "2"), new("seed", "3")], problems);
        Assert.Empty(problems);
        var cell = plan.Document.Cells[3];
        cell.ExecutionCount = 2;
        cell.Outputs.Add(new StreamOutput(StreamOutput.StandardOutput, "claimed spread 0.62\nmodes 5\n"));
        return plan;
    }

    static NotebookRunResult Checked(NotebookPlan plan) => new()
    {
        SourcePath = plan.SourcePath,
        Notebook = plan.Document,
        Parameters = plan.Applied,
        Claims = ClaimEvaluator.Evaluate(plan.Claims, new HashSet<int> { 1, 3 }),
    };

    [Fact]
    public void Progress_shows_every_claim_with_its_values_and_range_then_how_many_hold()
    {
        var plan = PlanWithClaims();
        var writer = new StringWriter();
        new ProgressReporter(writer).ClaimsChecked(plan.SourcePath, Checked(plan).Claims!);
        Assert.Equal(
        [
            "  [cell 3, claim 1] holds: printed 0.62; stated 0.55–0.75 (\"between 0.55 and 0.75\")",
            "  [cell 3, claim 2] FAILS: printed 5, outside 6–8 (\"between 6 and 8 of the 8 modes\")",
            "  [cell 4, claim 1] NOT CHECKED: cell 4 did not run; stated ≤ 8 (\"of the 8 modes\")",
            "notebooks/06.ipynb: claims: 1 of 3 hold",
        ], writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));

        var none = new StringWriter();
        new ProgressReporter(none).ClaimsChecked("a.ipynb", []);
        Assert.Equal("a.ipynb: claims: the notebook states none" + Environment.NewLine, none.ToString());
    }

    [Fact]
    public void The_claims_report_holds_the_parameters_and_every_claim_with_its_values()
    {
        var plan = PlanWithClaims();
        var run = Checked(plan);
        var stream = new MemoryStream();
        new ClaimsReportWriter().Write(plan.Document, run, NotebookSequence.Single(NotebookEntry.Of(plan.SourcePath, plan.Document)), stream);
        var json = JsonNode.Parse(stream.ToArray())!;

        Assert.Equal(".claims.json", new ClaimsReportWriter().Extension);
        Assert.Equal("notebooks/06.ipynb", (string?)json["notebook"]);
        Assert.Equal("""{"seed":"3"}""", json["parameters"]!.ToJsonString());
        var claims = json["claims"]!.AsArray();
        Assert.Equal(3, claims.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            {"cell": 3, "claim": 1, "statement": "between 0.55 and 0.75", "pattern": "{{Pattern}}", "min": 0.55, "max": 0.75,
             "values": [0.62], "holds": true, "verdict": "holds", "detail": "printed 0.62; stated 0.55–0.75"}
            """), claims[0]), claims[0]!.ToJsonString());
        Assert.Equal(("fails", false, "[5]"), ((string?)claims[1]!["verdict"], (bool)claims[1]!["holds"]!, claims[1]!["values"]!.ToJsonString()));
        Assert.Equal(("not checked", null, 8.0, "[]"), ((string?)claims[2]!["verdict"], (double?)claims[2]!["min"], (double)claims[2]!["max"]!, claims[2]!["values"]!.ToJsonString()));
        Assert.Contains("–", System.Text.Encoding.UTF8.GetString(stream.ToArray()));   // written as is, not \u2013
    }

    [Fact]
    public void Values_json_cannot_hold_are_written_by_name()
    {
        var cell = new NotebookCell { CellType = CellTypes.Code, Source = "x", ExecutionCount = 1 };
        cell.Outputs.Add(new StreamOutput(StreamOutput.StandardOutput, "std NaN std Infinity std 0.6"));
        var claim = new Claim(cell, 1, 1, "s", new System.Text.RegularExpressions.Regex("std (\\S+)"), 0, 1);
        var run = new NotebookRunResult { SourcePath = "a.ipynb", Notebook = new NotebookDocument { FormatMinor = 5, Metadata = [], Cells = [cell] }, Claims = [ClaimEvaluator.Evaluate(claim)] };
        Assert.Equal("""["NaN","Infinity",0.6]""", ClaimsReportWriter.ToJson(run)["claims"]![0]!["values"]!.ToJsonString());
    }

    [Fact]
    public void The_executed_copy_keeps_the_claims_and_the_handout_and_deck_do_not_show_them()
    {
        var plan = PlanWithClaims();
        var run = Checked(plan);
        var copy = IpynbWriter.ToJson(plan.Document);
        var source = Json(Code("x").WithClaims($$"""[{"statement": "between 0.55 and 0.75", "pattern": "{{Pattern}}", "min": 0.55, "max": 0.75}]"""));
        var kept = copy["cells"]![3]!["metadata"]!["claims"]![0];
        Assert.True(JsonNode.DeepEquals(source["cells"]![0]!["metadata"]!["claims"]![0], kept), kept?.ToJsonString());
        Assert.Equal(Pattern, (string?)kept!["pattern"]);

        var sequence = NotebookSequence.Single(NotebookEntry.Of(plan.SourcePath, plan.Document));
        foreach (var page in new[] { HtmlNotebookWriter.ToHtml(plan.Document, run, sequence), SlideDeckWriter.ToHtml(plan.Document, run, sequence) })
        {
            Assert.Contains("claimed spread 0.62", page);   // the output itself is shown
            Assert.DoesNotContain("claimed spread (", page);
            Assert.DoesNotContain("statement", page);
        }
    }
}
