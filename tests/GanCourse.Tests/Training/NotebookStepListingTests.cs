using System.Text.Json.Nodes;

namespace GanCourse.Tests.Training;

/// <summary>
/// Notebook 04 lists the two step methods so that students read the code the trainer runs. The listing is
/// a copy in a markdown cell; this test keeps it equal to the library's source.
/// </summary>
public class NotebookStepListingTests
{
    static readonly string Root = TestPaths.RepoRoot;

    /// <summary>A method of GanTrainingStep.cs, from its signature line to its closing brace, de-indented.</summary>
    static string Method(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "lib", "GanCourse", "Training", "GanTrainingStep.cs"));
        int start = Array.FindIndex(lines, l => l.StartsWith("    public ", StringComparison.Ordinal) && l.Contains($" {name}(", StringComparison.Ordinal));
        Assert.True(start >= 0, $"GanTrainingStep.{name} not found");
        int end = Array.FindIndex(lines, start, l => l == "    }");
        return string.Join("\n", lines[start..(end + 1)].Select(l => l.Length >= 4 ? l[4..] : l.TrimStart()));
    }

    static IEnumerable<string> MarkdownCells()
    {
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "notebooks", "04-mnist-gan.ipynb")))!;
        return notebook["cells"]!.AsArray()
            .Where(c => (string?)c!["cell_type"] == "markdown")
            .Select(c => string.Concat(c!["source"]!.AsArray().Select(l => (string?)l)));
    }

    [Theory]
    [InlineData("DiscriminatorStep")]
    [InlineData("GeneratorStep")]
    public void Notebook_04_lists_the_step_methods_exactly_as_the_library_has_them(string name)
    {
        var method = Method(name);

        Assert.Contains(MarkdownCells(), cell => cell.Contains("```csharp\n", StringComparison.Ordinal) && cell.Contains(method, StringComparison.Ordinal));
    }
}
