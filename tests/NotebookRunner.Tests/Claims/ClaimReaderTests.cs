using NotebookRunner.Claims;
using NotebookRunner.Notebook;
using NotebookRunner.Planning;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.Claims;

/// <summary>Claims are read and checked for form when a notebook is planned, with or without --check-claims.</summary>
public class ClaimReaderTests
{
    const string Prose = "The final spread lies\nbetween 0.55 and   0.75 over seeds 1–3; the shift lies between −0.5 and 1,000.";

    static (NotebookPlan Plan, List<string> Problems) PlanOf(params Cell[] cells)
    {
        var problems = new List<string>();
        var plan = NotebookPlanner.Plan("nb.ipynb", NotebookReader.Parse(Json(cells).ToJsonString()), [], problems);
        return (plan, problems);
    }

    /// <summary>A notebook of the prose (cell 1) and one code cell (cell 2) carrying <paramref name="claims"/>.</summary>
    static List<string> ProblemsOf(string claims) =>
        PlanOf(Markdown(Prose), Code("Console.WriteLine(\"final std 0.6\");").WithClaims(claims)).Problems;

    [Fact]
    public void Reads_a_claim_whose_statement_is_in_the_prose_across_a_line_break()
    {
        var (plan, problems) = PlanOf(
            Markdown(Prose),
            Code("var x = 1;"),
            Code("Console.WriteLine(\"final std 0.6\");").WithClaims("""
                [{"statement": "lies between 0.55 and\n0.75", "pattern": "final std (-?[0-9.]+)", "min": 0.55, "max": 0.75},
                 {"statement": "between −0.5 and 1,000", "pattern": "shift (?<shift>\\S+)", "min": -0.5, "max": 1000}]
                """));

        Assert.Empty(problems);
        Assert.Equal(2, plan.Claims.Count);
        var first = plan.Claims[0];
        Assert.Equal(("cell 3, claim 1", 3, "lies between 0.55 and 0.75", 0.55, 0.75), (first.Label, first.CellNumber, first.Statement, first.Min, first.Max));
        Assert.Same(plan.Document.Cells[2], first.Cell);
        Assert.Equal("final std (-?[0-9.]+)", first.Pattern.ToString());
        Assert.Equal(ClaimReader.MatchTimeout, first.Pattern.MatchTimeout);
        Assert.Equal(1, first.Group);
        var second = plan.Claims[1];
        Assert.Equal(("cell 3, claim 2", -0.5, 1000.0), (second.Label, second.Min, second.Max));
        Assert.Equal(second.Pattern.GroupNumberFromName("shift"), second.Group);
    }

    [Theory]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "std (\\S+)", "min": 0.55}]""")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "std (\\S+)", "max": 0.75}]""")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "std (?<value>\\S+)(?:\\s|$)", "min": 0.55, "max": 0.75}]""")]
    [InlineData("""[{"statement": "between −0.5 and 1,000", "pattern": "std (\\S+)", "min": -0.5, "max": 1e3}]""")]
    [InlineData("""[{"statement": "between −0.5 and 1,000", "pattern": "std (\\S+)", "min": -0.50, "max": 1000.0}]""")]
    [InlineData("""[{"statement": "seeds 1–3", "pattern": "seed (\\d+)", "min": 1, "max": 3}]""")]
    [InlineData("""[]""")]
    public void Accepts_well_formed_claims(string claims) => Assert.Empty(ProblemsOf(claims));

    [Theory]
    [InlineData("""[{"statement": "between 0.6 and 0.75", "pattern": "std (\\S+)", "min": 0.6, "max": 0.75}]""",
        "the statement \"between 0.6 and 0.75\" is not in any markdown cell")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "std (\\S+)", "min": 0.5, "max": 0.75}]""",
        "the statement \"between 0.55 and 0.75\" does not contain min 0.5; the prose must state the range the claim checks")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "std (\\S+)", "max": 5}]""",
        "the statement \"between 0.55 and 0.75\" does not contain max 5; the prose must state the range the claim checks")]
    [InlineData("""[{"statement": "seeds 1–3", "pattern": "seed (\\d+)", "min": -3}]""",
        "the statement \"seeds 1–3\" does not contain min -3; the prose must state the range the claim checks")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "final std [0-9.]+", "min": 0.55}]""",
        "the pattern /final std [0-9.]+/ has no capturing group; put one around the number, e.g. (-?[0-9.]+)")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "(final|last) std ([0-9.]+)", "min": 0.55}]""",
        "the pattern /(final|last) std ([0-9.]+)/ has 2 capturing groups; it needs exactly one, around the number (write the others as (?:...))")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "final std ([0-9.]+", "min": 0.55}]""",
        "the pattern /final std ([0-9.]+/ is not a valid regular expression: ")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "std (\\S+)", "min": 0.75, "max": 0.55}]""",
        "\"min\" 0.75 is greater than \"max\" 0.55")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "std (\\S+)"}]""",
        "the claim has neither \"min\" nor \"max\"; give at least one")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "std (\\S+)", "min": "0.55"}]""",
        "\"min\" must be a number, not a string (\"0.55\")")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "std (\\S+)", "max": null}]""",
        "\"max\" must be a number, not null")]
    [InlineData("""[{"statement": 0.55, "pattern": "std (\\S+)", "min": 0.55}]""",
        "\"statement\" must be a string, not a number (0.55)")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": true, "min": 0.55}]""",
        "\"pattern\" must be a string, not a boolean (true)")]
    [InlineData("""[{"pattern": "std (\\S+)", "min": 0.55}]""", "\"statement\" is missing")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "min": 0.55}]""", "\"pattern\" is missing")]
    [InlineData("""[{"statement": "  ", "pattern": "std (\\S+)", "min": 0.55}]""", "\"statement\" is empty")]
    [InlineData("""[{"statement": "between 0.55 and 0.75", "pattern": "std (\\S+)", "min": 0.55, "maximum": 0.75}]""",
        "unknown key \"maximum\"; a claim has \"statement\", \"pattern\", \"min\" and \"max\"")]
    [InlineData("""["between 0.55 and 0.75"]""",
        "a claim must be a JSON object with \"statement\", \"pattern\" and \"min\" and/or \"max\", not a string (\"between 0.55 and 0.75\")")]
    public void A_malformed_claim_is_one_line_naming_the_cell_and_the_claim(string claims, string expected)
    {
        var problems = ProblemsOf(claims);
        var problem = Assert.Single(problems);
        Assert.StartsWith("cell 2, claim 1: " + expected, problem);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void Every_problem_of_every_claim_is_reported_and_counted_from_one()
    {
        var problems = ProblemsOf("""
            [{"statement": "between 0.55 and 0.75", "pattern": "std (\\S+)", "min": 0.55},
             {"statement": "between 6 and 8 of the 8 modes", "pattern": "modes", "min": 6, "max": 8, "seed": 1}]
            """);
        Assert.Equal(
        [
            "cell 2, claim 2: unknown key \"seed\"; a claim has \"statement\", \"pattern\", \"min\" and \"max\"",
            "cell 2, claim 2: the pattern /modes/ has no capturing group; put one around the number, e.g. (-?[0-9.]+)",
            "cell 2, claim 2: the statement \"between 6 and 8 of the 8 modes\" is not in any markdown cell",
        ], problems);
    }

    [Fact]
    public void Claims_must_sit_on_a_code_cell_that_runs_in_the_kernel()
    {
        const string claim = """[{"statement": "between 0.55 and 0.75", "pattern": "std (\\S+)", "min": 0.55}]""";
        var (plan, problems) = PlanOf(
            Markdown(Prose).WithClaims(claim),
            new Cell("raw text", Type: "raw", Kernel: "raw").WithClaims(claim),
            Code("  \n").WithClaims(claim),
            new Cell("console.log('std 0.6')", Kernel: "javascript").WithClaims(claim),
            Code("1").WithClaims("""{"statement": "between 0.55 and 0.75"}"""),
            Code("2").WithClaims("\"between 0.55 and 0.75\""));

        Assert.Empty(plan.Claims);
        Assert.Equal(
        [
            "cell 1: claims belong on the code cell whose output they check, not on a markdown cell",
            "cell 2: claims belong on the code cell whose output they check, not on a raw cell",
            "cell 3: the cell is empty; it prints nothing its claims could be checked against",
            "cell 4: the cell runs in the browser (JavaScript); the runner sees none of its output to check claims against",
            "cell 5: \"claims\" must be an array of claims, not an object",
            "cell 6: \"claims\" must be an array of claims, not a string (\"between 0.55 and 0.75\")",
        ], problems);
    }

    [Fact]
    public void Cells_are_numbered_as_in_the_source_even_after_an_injected_parameters_cell()
    {
        var problems = new List<string>();
        var notebook = NotebookReader.Parse(Json(
            Code("int seed = 1;", "parameters"),
            Code("seed = 4;", "injected-parameters"),
            Markdown(Prose),
            Code("Console.WriteLine(seed);").WithClaims("""[{"statement": "over seeds 1–3", "pattern": "(\\d+)", "min": 1, "max": 3}]"""),
            Code("1").WithClaims("""[{"statement": "nowhere 1", "pattern": "(\\d+)", "min": 1}]""")).ToJsonString());
        var plan = NotebookPlanner.Plan("nb.ipynb", notebook, [new("seed", "2")], problems);

        Assert.Equal(["cell 5, claim 1: the statement \"nowhere 1\" is not in any markdown cell"], problems);
        Assert.Equal("cell 4, claim 1", Assert.Single(plan.Claims).Label);
    }
}
