using System.Text.Json.Nodes;
using NotebookRunner.Notebook;
using NotebookRunner.Planning;
using NotebookRunner.Tests.Support;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.Planning;

public class NotebookPlannerTests
{
    static NotebookDocument Parse(JsonObject json) => NotebookReader.Parse(json.ToJsonString());

    static NotebookPlan Plan(NotebookDocument notebook, List<string> problems, params (string Name, string Value)[] parameters) =>
        NotebookPlanner.Plan("nb.ipynb", notebook, parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)).ToList(), problems);

    [Fact]
    public void Plans_the_code_cells_in_order_and_skips_markdown_and_empty_cells()
    {
        var problems = new List<string>();
        var plan = Plan(Parse(Json(Markdown("# x"), Code("var a = 1;"), Code("   \n"), Code("a"))), problems);
        Assert.Empty(problems);
        Assert.Equal([2, 4], plan.Cells.Select(c => c.SourceNumber));
        Assert.Equal(["cell 2", "cell 4"], plan.Cells.Select(c => c.Label));
        Assert.Equal(4, plan.SourceCellCount);
    }

    [Fact]
    public void Injects_parameters_right_after_the_parameters_cell()
    {
        var problems = new List<string>();
        var notebook = Parse(Json(Code("using System;"), Code("int epochs = 100;\nbool quick = false;\nMode mode = Mode.A;", "parameters"), Code("epochs")));
        var plan = Plan(notebook, problems, ("quick", "true"), ("epochs", "3"), ("mode", "B"));

        Assert.Empty(problems);
        var injected = plan.Document.Cells[2];
        Assert.Equal(["injected-parameters"], injected.Tags);
        Assert.Equal("// Parameters set on the command line (--param)\nquick = true;\nepochs = 3;\nmode = Mode.B;", injected.Source);
        Assert.Equal("csharp", KernelNames.FromCellMetadata(injected));
        Assert.Equal([1, 2, null, 3], plan.Cells.Select(c => c.SourceNumber));
        Assert.Equal([new("quick", "true"), new("epochs", "3"), new KeyValuePair<string, string>("mode", "B")], plan.Applied);
    }

    [Fact]
    public void Leaves_parameters_it_does_not_declare_to_the_caller_and_reports_bad_values()
    {
        var problems = new List<string>();
        var plan = Plan(Parse(Json(Code("int epochs = 1;", "parameters"))), problems, ("other", "1"), ("epochs", "many"));
        Assert.Equal(["--param epochs: 'many' is not a valid int for parameter 'epochs'"], problems);
        Assert.Single(plan.Document.Cells);
        Assert.Equal(["epochs"], plan.Declared.Select(d => d.Name));
    }

    [Fact]
    public void Replaces_an_injected_cell_left_from_an_earlier_run()
    {
        var problems = new List<string>();
        var notebook = Parse(Json(Code("int n = 1;", "parameters"), Code("n = 5;", "injected-parameters"), Code("n")));
        var plan = Plan(notebook, problems, ("n", "2"));
        Assert.Equal(["int n = 1;", "// Parameters set on the command line (--param)\nn = 2;", "n"], plan.Document.Cells.Select(c => c.Source));
        Assert.Equal([1, null, 3], plan.Cells.Select(c => c.SourceNumber));
    }

    [Fact]
    public void Clears_outputs_and_counts_of_the_source()
    {
        var notebook = Parse(Json(Code("1")));
        notebook.Cells[0].ExecutionCount = 7;
        notebook.Cells[0].Outputs.Add(new StreamOutput("stdout", "stale"));
        var plan = Plan(notebook, []);
        Assert.Null(plan.Document.Cells[0].ExecutionCount);
        Assert.Empty(plan.Document.Cells[0].Outputs);
    }

    [Fact]
    public void Sends_every_cell_to_its_kernel_and_leaves_magic_commands_to_it()
    {
        var problems = new List<string>();
        var plan = Plan(Parse(Json(
            Code("1"), new Cell("let y = 2", Kernel: "fsharp"), new Cell("Get-Date", Kernel: "pwsh"), new Cell("<b>x</b>", Kernel: "html"),
            new Cell("console.log(1)", Kernel: "javascript"), Code("#!who"), Code("#i \"/tmp\""))), problems);
        Assert.Empty(problems);
        Assert.Equal(["csharp", "fsharp", "pwsh", "html", "javascript", "csharp", "csharp"], plan.Cells.Select(c => c.Kernel));
        Assert.Equal([false, false, false, false, true, false, false], plan.Cells.Select(c => c.RunsInBrowser));
    }

    [Fact]
    public void Parameters_go_only_into_a_csharp_parameters_cell()
    {
        var problems = new List<string>();
        Plan(Parse(Json(new Cell("let epochs = 3", Kernel: "fsharp", Tags: ["parameters"]))), problems, ("epochs", "5"));
        Assert.Equal(["the cell tagged \"parameters\" is F#; --param can set variables of a C# parameters cell only"], problems);
    }

    [Theory]
    [InlineData("""{"polyglot_notebook": {"kernelInfo": {"defaultKernelName": "fsharp"}}}""", "fsharp")]
    [InlineData("""{"kernelspec": {"name": ".net-pwsh"}}""", "pwsh")]
    [InlineData("""{"kernelspec": {"name": ".net-fsharp"}, "language_info": {"name": "F#"}}""", "fsharp")]
    public void Cells_without_their_own_kernel_follow_the_notebook_default(string metadata, string kernel)
    {
        var json = $$"""{"cells": [{"cell_type": "code", "metadata": {}, "source": "x"}], "metadata": {{metadata}}, "nbformat": 4, "nbformat_minor": 4}""";
        var problems = new List<string>();
        Assert.Equal(kernel, Assert.Single(Plan(NotebookReader.Parse(json), problems).Cells).Kernel);
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"language_info": {"name": "polyglot-notebook"}}""")]
    [InlineData("""{"kernelspec": {"name": ".net-csharp"}, "language_info": {"name": "C#"}}""")]
    public void Notebooks_that_name_no_other_language_run_as_csharp(string metadata)
    {
        var json = $$"""{"cells": [{"cell_type": "code", "metadata": {}, "source": "1"}], "metadata": {{metadata}}, "nbformat": 4, "nbformat_minor": 4}""";
        var problems = new List<string>();
        Assert.Single(Plan(NotebookReader.Parse(json), problems).Cells);
        Assert.Empty(problems);
    }

    [Fact]
    public void A_cell_kernel_comes_from_polyglot_metadata_then_legacy_metadata_then_its_first_line()
    {
        NotebookCell Cell(string metadata, string source) =>
            NotebookReader.Parse($$"""{"cells": [{"cell_type": "code", "metadata": {{metadata}}, "source": "{{source}}"}], "nbformat": 4}""").Cells[0];

        Assert.Equal("fsharp", KernelNames.FromCellMetadata(Cell("""{"polyglot_notebook": {"kernelName": "fsharp"}, "dotnet_interactive": {"language": "csharp"}}""", "x")));
        Assert.Equal("pwsh", KernelNames.FromCellMetadata(Cell("""{"dotnet_interactive": {"language": "pwsh"}}""", "x")));
        Assert.Null(KernelNames.FromCellMetadata(Cell("{}", "x")));

        var problems = new List<string>();
        var plan = Plan(NotebookReader.Parse("""{"cells": [{"cell_type": "code", "metadata": {}, "source": "#!fsharp\n1"}, {"cell_type": "code", "metadata": {"polyglot_notebook": {"kernelName": "html"}}, "source": "#!fsharp\n1"}], "metadata": {"kernelspec": {"name": ".net-csharp"}}, "nbformat": 4}"""), problems);
        Assert.Equal(["fsharp", "html"], plan.Cells.Select(c => c.Kernel));
        Assert.Empty(problems);
    }
}
