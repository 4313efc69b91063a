using System.Text.RegularExpressions;
using NotebookRunner.Claims;
using NotebookRunner.Notebook;
using NotebookRunner.Planning;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.Claims;

/// <summary>Claims checked against outputs as the runner fills them in, without a kernel.</summary>
public class ClaimEvaluatorTests
{
    static NotebookCell RanCell(params CellOutput[] outputs)
    {
        var cell = new NotebookCell { CellType = CellTypes.Code, Source = "run()", ExecutionCount = 1 };
        cell.Outputs.AddRange(outputs);
        return cell;
    }

    static Claim ClaimOn(NotebookCell cell, string pattern, double? min, double? max, TimeSpan? timeout = null) =>
        new(cell, 2, 1, "the statement", new Regex(pattern, RegexOptions.None, timeout ?? ClaimReader.MatchTimeout), min, max);

    static ClaimResult Check(string pattern, double? min, double? max, params CellOutput[] outputs) =>
        ClaimEvaluator.Evaluate(ClaimOn(RanCell(outputs), pattern, min, max));

    static StreamOutput Stdout(string text) => new(StreamOutput.StandardOutput, text);

    [Fact]
    public void Holds_when_standard_output_prints_a_number_within_the_range()
    {
        var result = Check("final std (-?[0-9.]+)", 0.55, 0.75, Stdout("epoch 10\nfinal std 0.62\n"));
        Assert.Equal(ClaimVerdict.Holds, result.Verdict);
        Assert.Equal([0.62], result.Values);
        Assert.Equal("printed 0.62; stated 0.55–0.75", result.Detail);
    }

    [Fact]
    public void Reads_the_plain_text_of_displayed_and_returned_values()
    {
        var displayed = Check("std (\\S+)", 0.55, null, new DisplayOutput(MimeBundle.Of("text/plain", "std 0.6"), "id"));
        Assert.Equal((ClaimVerdict.Holds, "printed 0.6; stated ≥ 0.55"), (displayed.Verdict, displayed.Detail));
        var returned = Check("std (\\S+)", null, 0.75, new ResultOutput(MimeBundle.Of("text/plain", "std 0.7"), 1));
        Assert.Equal((ClaimVerdict.Holds, "printed 0.7; stated ≤ 0.75"), (returned.Verdict, returned.Detail));
    }

    [Fact]
    public void Reads_html_as_its_words_without_tags_entities_or_scripts()
    {
        const string table = """
            <table><tr><td>final&nbsp;std</td>
              <td><b>0.62</b></td></tr></table>
            <script>var layout = {"final std 9": 1}; /* final std 9 */</script><style>td::after { content: "final std 9" }</style>
            <!-- final std 9 -->
            """;
        var result = Check("final std (\\S+)", 0.55, 0.75, new ResultOutput(MimeBundle.Of("text/html", table), 1));
        Assert.Equal(ClaimVerdict.Holds, result.Verdict);
        Assert.Equal([0.62], result.Values);
        Assert.Equal("final std 0.62", ClaimOutputText.FromHtml(table));
        Assert.Equal("a < b & c", ClaimOutputText.FromHtml("<p>a &lt; b</p>\n\n<p>&amp;&#32;c</p>"));
    }

    [Fact]
    public void A_value_shown_both_as_text_and_as_html_counts_once()
    {
        var both = new DisplayOutput(new MimeBundle([new("text/plain", "final std 0.62"), new("text/html", "<b>final std</b> 0.62")]), null);
        Assert.Equal([0.62], Check("final std (\\S+)", 0.55, 0.75, both).Values);
    }

    [Fact]
    public void One_value_outside_the_range_fails_the_claim_and_is_named()
    {
        var result = Check("modes (\\d+)", 6, 8, Stdout("seed 1: modes 7\nseed 2: modes 5\n"), Stdout("seed 3: modes 8\nseed 4: modes 9\n"));
        Assert.Equal(ClaimVerdict.Fails, result.Verdict);
        Assert.Equal([7.0, 5, 8, 9], result.Values);
        Assert.Equal("printed 7, 5, 8, 9; 5, 9 outside 6–8", result.Detail);

        Assert.Equal("printed 5, outside 6–8", Check("modes (\\d+)", 6, 8, Stdout("modes 5")).Detail);
        Assert.Equal("printed 0.5, below 0.55", Check("std (\\S+)", 0.55, null, Stdout("std 0.5")).Detail);
        Assert.Equal("printed 0.8, above 0.75", Check("std (\\S+)", null, 0.75, Stdout("std 0.8")).Detail);
        Assert.Equal(ClaimVerdict.Holds, Check("modes (\\d+)", 6, 8, Stdout("modes 6, modes 8")).Verdict);
    }

    [Fact]
    public void No_match_fails_and_standard_error_and_errors_do_not_count()
    {
        var result = Check("final std (-?[0-9.]+)", 0.55, 0.75,
            new StreamOutput(StreamOutput.StandardError, "final std 0.6\n"),
            new ErrorOutput("System.Exception", "final std 0.6", ["final std 0.6"]),
            Stdout("final spread 0.6\n"));
        Assert.Equal(ClaimVerdict.Fails, result.Verdict);
        Assert.Empty(result.Values);
        Assert.Equal("no output matched /final std (-?[0-9.]+)/; stated 0.55–0.75", result.Detail);
    }

    [Fact]
    public void Reads_typographic_minus_signs_and_thousands_separators()
    {
        var negative = Check("loss (\\S+)", -0.5, 0, Stdout("loss −0.25\n"));
        Assert.Equal((ClaimVerdict.Holds, -0.25), (negative.Verdict, Assert.Single(negative.Values)));
        Assert.Equal("printed −0.25; stated -0.5–0", negative.Detail);
        Assert.Equal([-0.5], Check("loss (\\S+)", -0.5, 0, Stdout("loss -0.5")).Values);

        var steps = Check("steps ([0-9,]+)", 1000, null, Stdout("steps 12,000\n"));
        Assert.Equal((ClaimVerdict.Holds, 12000.0), (steps.Verdict, Assert.Single(steps.Values)));
        Assert.True(PrintedNumber.TryParse(" 1,234.5 ", out var parsed));
        Assert.Equal(1234.5, parsed);
        Assert.True(PrintedNumber.TryParse("1e-3", out var exponent));
        Assert.Equal(0.001, exponent);
        Assert.False(PrintedNumber.TryParse("n/a", out _));
    }

    [Fact]
    public void A_capture_that_is_not_a_number_or_nan_fails()
    {
        var text = Check("std (\\S+)", 0.55, 0.75, Stdout("std n/a\n"));
        Assert.Equal((ClaimVerdict.Fails, "the pattern captured \"n/a\", not a number; stated 0.55–0.75"), (text.Verdict, text.Detail));

        var diverged = Check("std (\\S+)", 0.55, 0.75, Stdout("std NaN\n"));
        Assert.Equal((ClaimVerdict.Fails, "printed NaN, outside 0.55–0.75"), (diverged.Verdict, diverged.Detail));

        var optional = Check("std(?: (\\d+))?", 1, null, Stdout("std"));
        Assert.Equal((ClaimVerdict.Fails, "the pattern captured \"\", not a number; stated ≥ 1"), (optional.Verdict, optional.Detail));
    }

    [Fact]
    public void A_pattern_that_runs_too_long_fails_instead_of_hanging()
    {
        var claim = ClaimOn(RanCell(Stdout(new string('a', 40) + "!")), "^(a|aa)+$", 1, null, TimeSpan.FromMilliseconds(50));
        var result = ClaimEvaluator.Evaluate(claim);
        Assert.Equal((ClaimVerdict.Fails, "the pattern /^(a|aa)+$/ took longer than 0.05 s on the cell's output"), (result.Verdict, result.Detail));
    }

    [Fact]
    public void Claims_of_cells_that_did_not_complete_are_not_checked()
    {
        var problems = new List<string>();
        const string claim = """[{"statement": "between 0.55 and 0.75", "pattern": "std (\\S+)", "min": 0.55, "max": 0.75}]""";
        var plan = NotebookPlanner.Plan("nb.ipynb", NotebookReader.Parse(Json(
            Markdown("It lies between 0.55 and 0.75."),
            Code("Console.WriteLine(\"std 0.6\");").WithClaims(claim),
            Code("throw new Exception(\"std 0.6\");").WithClaims(claim),
            Code("Console.WriteLine(\"std 0.6\");").WithClaims(claim)).ToJsonString()), [], problems);
        Assert.Empty(problems);
        // As the runner leaves them: cell 2 ran, cell 3 started and failed after printing, cell 4 never started.
        foreach (var cell in new[] { plan.Document.Cells[1], plan.Document.Cells[2] })
        {
            cell.ExecutionCount = 1;
            cell.Outputs.Add(Stdout("std 0.6\n"));
        }

        var results = ClaimEvaluator.Evaluate(plan.Claims, new HashSet<int> { 2 });

        Assert.Equal([ClaimVerdict.Holds, ClaimVerdict.NotChecked, ClaimVerdict.NotChecked], results.Select(r => r.Verdict));
        Assert.Equal("cell 3 did not complete; stated 0.55–0.75", results[1].Detail);
        Assert.Equal("cell 4 did not run; stated 0.55–0.75", results[2].Detail);
        Assert.All(results.Skip(1), r => Assert.False(r.Holds));
        Assert.All(results.Skip(1), r => Assert.Empty(r.Values));
    }

    [Fact]
    public void Lists_at_most_ten_printed_values_in_its_line()
    {
        var result = Check("v(\\d+)", 0, 100, Stdout(string.Join(" ", Enumerable.Range(1, 12).Select(i => $"v{i}"))));
        Assert.Equal(12, result.Values.Count);
        Assert.Equal("printed 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ... (12 in all); stated 0–100", result.Detail);
    }
}
