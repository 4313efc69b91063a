using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>
/// Students re-run cells: a cell run twice in a row, and the setup cells run again after everything else,
/// must keep working (a second definition replaces the first, a second training continues from the first).
/// </summary>
[Collection(NotebookRunCollection.Name)]
public class RerunTests(NotebookRun run)
{
    [Theory]
    [InlineData("01-the-gan-game.ipynb")]   // records and a training function
    [InlineData("04-mnist-gan.ipynb")]      // the lecture's networks, steps and loop
    [InlineData("08-conditional-gan.ipynb")] // classes defined in cells
    public void Every_code_cell_can_run_twice_and_the_setup_again_at_the_end(string name)
    {
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(run.RepoRoot, "notebooks", name)))!.AsObject();
        var cells = notebook["cells"]!.AsArray();
        var doubled = new JsonArray();
        foreach (var cell in cells)
        {
            doubled.Add(cell!.DeepClone());
            if ((string?)cell["cell_type"] == "code" && cell["metadata"]?["tags"] is null)
            {
                var again = cell.DeepClone().AsObject();
                again["id"] = $"{(string?)cell["id"]}-again";
                doubled.Add(again);
            }
        }
        var code = cells.Where(c => (string?)c!["cell_type"] == "code").ToList();
        foreach (var setup in code.Take(2))
        {
            var again = setup!.DeepClone().AsObject();
            again["id"] = $"{(string?)setup["id"]}-at-the-end";
            doubled.Add(again);
        }
        notebook["cells"] = doubled;
        var outDir = Directory.CreateTempSubdirectory("rerun-").FullName;
        try
        {
            var (exitCode, output, executed) = run.RunVariant(notebook, outDir);
            Assert.True(exitCode == 0, $"{name} with every cell run twice: the runner exited with {exitCode}\n{output}");
            Assert.Empty(executed!.OutputsOfType("error"));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
