using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>Read access to an executed .ipynb: its code cells, their outputs and the text of each mime type.</summary>
public sealed class ExecutedNotebook
{
    public ExecutedNotebook(string path)
    {
        Path = path;
        Root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    public string Path { get; }
    public JsonObject Root { get; }

    public IEnumerable<JsonObject> Cells => Root["cells"]!.AsArray().Select(c => c!.AsObject());
    public IEnumerable<JsonObject> CodeCells => Cells.Where(c => (string?)c["cell_type"] == "code");
    public IEnumerable<JsonObject> Outputs => CodeCells.SelectMany(c => c["outputs"]!.AsArray().Select(o => o!.AsObject()));

    public IEnumerable<JsonObject> OutputsOfType(string type) => Outputs.Where(o => (string?)o["output_type"] == type);

    /// <summary>The text of every output's data for <paramref name="mime"/> (display_data and execute_result).</summary>
    public IEnumerable<string> Data(string mime) =>
        Outputs.Select(o => o["data"]?[mime]).Where(d => d != null).Select(Join);

    public string Stdout => string.Concat(OutputsOfType("stream").Where(o => (string?)o["name"] == "stdout").Select(o => Join(o["text"])));

    public static string Join(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        null => "",
        _ => (string?)node ?? "",
    };

    public static string Source(JsonObject cell) => Join(cell["source"]);
}
