using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Notebooks.Tests;

/// <summary>
/// Every exercise can be done in the notebook's own cells, and its worked solution (an HTML &lt;details&gt;
/// block under the exercise) runs when done as it says: "Replace the cell that starts with `…` by:" or
/// "Add a cell at the end:", each followed by a C# listing, or "In the cell that starts with `…`, change `…`
/// to `…`", a change inside a cell. Solutions that edit different cells run
/// together in one quick run of the notebook; two that edit the same cell run in separate runs.
/// </summary>
[Collection(NotebookRunCollection.Name)]
public partial class ExerciseSolutionTests(NotebookRun run)
{
    /// <summary>
    /// One edit a solution asks for: the cell it edits (null: a new cell at the end) and the code, which replaces
    /// the whole cell or, where <paramref name="Changed"/> is given, that text in it.
    /// </summary>
    public sealed record Edit(int Exercise, string? CellStart, string Code, string? Changed = null);

    public static List<Edit> Edits(ExecutedNotebook notebook)
    {
        var markdown = string.Join("\n", notebook.Cells.Where(c => (string?)c["cell_type"] == "markdown").Select(ExecutedNotebook.Source));
        return [.. Solution().Matches(markdown).SelectMany((solution, i) =>
            Instruction().Matches(solution.Groups[1].Value).Select(m => new Edit(i + 1, m.Groups["start"].Success ? m.Groups["start"].Value : null, m.Groups["code"].Value.TrimEnd('\n')))
                .Concat(Change().Matches(solution.Groups[1].Value).Select(m => new Edit(i + 1, m.Groups["start"].Value, Unwrap(m.Groups["new"].Value), Unwrap(m.Groups["old"].Value)))))];
    }

    [Theory]
    [MemberData(nameof(NotebookSourceTests.NotebookNames), MemberType = typeof(NotebookSourceTests))]
    public void Every_exercise_has_a_solution_that_names_the_cells_it_edits(string name)
    {
        var notebook = new ExecutedNotebook(Path.Combine(run.RepoRoot, "notebooks", name));
        var last = ExecutedNotebook.Source(notebook.Cells.Last());
        var exercises = Regex.Matches(last[last.IndexOf("## Exercises", StringComparison.Ordinal)..], @"^\d+\. ", RegexOptions.Multiline).Count;
        var edits = Edits(notebook);

        Assert.Equal(exercises, Solution().Matches(last).Count);
        Assert.Equal(Enumerable.Range(1, exercises), edits.Select(e => e.Exercise).Distinct());
        foreach (var edit in edits.Where(e => e.CellStart != null))
        {
            var starting = Starting(notebook, edit.CellStart!);
            Assert.True(starting.Count == 1, $"{name}, exercise {edit.Exercise}: \"{edit.CellStart}\" starts {starting.Count} code cells, not exactly one");
            if (edit.Changed is { } changed)
                Assert.True(Occurrences(ExecutedNotebook.Source(notebook.Cells.ElementAt(starting.Single())), changed) == 1,
                    $"{name}, exercise {edit.Exercise}: `{changed}` is not in its cell exactly once");
        }
    }

    [Theory]
    [MemberData(nameof(NotebookSourceTests.NotebookNames), MemberType = typeof(NotebookSourceTests))]
    public void Every_solution_runs_when_pasted(string name)
    {
        var path = Path.Combine(run.RepoRoot, "notebooks", name);
        var edits = Edits(new ExecutedNotebook(path));
        var outDir = Directory.CreateTempSubdirectory("solutions-").FullName;
        try
        {
            foreach (var group in Runs(edits))
            {
                var notebook = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
                var cells = notebook["cells"]!.AsArray();
                var source = new ExecutedNotebook(path);
                foreach (var edit in group)
                {
                    var cell = edit.CellStart is { } start ? cells[Starting(source, start).Single()]!.AsObject() : NewCell(cells);
                    var edited = edit.Changed is { } changed ? ExecutedNotebook.Join(cell["source"]).Replace(changed, edit.Code, StringComparison.Ordinal) : edit.Code;
                    cell["source"] = new JsonArray([.. Lines(edited).Select(l => (JsonNode)l)]);
                }
                var (code, output, executed) = run.RunVariant(notebook, outDir);
                var exercises = string.Join(", ", group.Select(e => e.Exercise).Distinct());
                Assert.True(code == 0, $"{name}, solutions of exercises {exercises}: the runner exited with {code}\n{output}");
                Assert.Empty(executed!.OutputsOfType("error"));
            }
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    /// <summary>Groups the edits so that no run replaces a cell twice; new cells go into the first run.</summary>
    static List<List<Edit>> Runs(List<Edit> edits)
    {
        var runs = new List<List<Edit>>();
        foreach (var edit in edits)
        {
            var fits = runs.FirstOrDefault(r => edit.CellStart is null || r.All(e => e.CellStart != edit.CellStart));
            if (fits is null) runs.Add([edit]);
            else fits.Add(edit);
        }
        return runs;
    }

    /// <summary>Indexes (in the notebook's cells) of the code cells whose source starts with <paramref name="start"/>.</summary>
    static List<int> Starting(ExecutedNotebook notebook, string start) =>
        [.. notebook.Cells.Select((c, i) => (c, i))
            .Where(p => (string?)p.c["cell_type"] == "code" && ExecutedNotebook.Source(p.c).StartsWith(start, StringComparison.Ordinal))
            .Select(p => p.i)];

    static JsonObject NewCell(JsonArray cells)
    {
        var cell = new JsonObject
        {
            ["cell_type"] = "code", ["execution_count"] = null, ["id"] = $"solution-{cells.Count}",
            ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
            ["outputs"] = new JsonArray(), ["source"] = new JsonArray(),
        };
        cells.Add(cell);
        return cell;
    }

    static IEnumerable<string> Lines(string code)
    {
        var lines = code.Split('\n');
        return lines.Select((l, i) => i < lines.Length - 1 ? l + "\n" : l);
    }

    static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    /// <summary>Inline code as written in the prose, where a line break inside it stands for a space.</summary>
    static string Unwrap(string code) => code.Replace('\n', ' ');

    [GeneratedRegex(@"In the cell that starts with `(?<start>[^`]+)`, change\s+`(?<old>[^`]+)`\s+to\s+`(?<new>[^`]+)`", RegexOptions.Singleline)]
    private static partial Regex Change();

    [GeneratedRegex(@"<details><summary>Solution</summary>(.*?)</details>", RegexOptions.Singleline)]
    private static partial Regex Solution();

    [GeneratedRegex(@"(?:Replace the cell that starts with `(?<start>[^`]+)`|Add a cell at the end)[^`]*?```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Instruction();
}
