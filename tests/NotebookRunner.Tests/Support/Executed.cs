using System.Text.Json.Nodes;

namespace NotebookRunner.Tests.Support;

/// <summary>An executed copy, read back as plain JSON so that tests check the file, not the runner's model of it.</summary>
sealed class Executed(JsonObject root)
{
    public static Executed Load(string path) => new(JsonNode.Parse(File.ReadAllText(path))!.AsObject());

    public JsonObject Root => root;

    public List<JsonObject> Cells => root["cells"]!.AsArray().Select(c => c!.AsObject()).ToList();

    /// <summary>The first cell whose source contains <paramref name="fragment"/>.</summary>
    public JsonObject Cell(string fragment) =>
        Cells.FirstOrDefault(c => Source(c).Contains(fragment, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no cell contains '{fragment}'");

    public static string Source(JsonObject cell) => Join(cell["source"]);

    public static int? Count(JsonObject cell) => cell["execution_count"]?.GetValue<int>();

    public static List<JsonObject> Outputs(JsonObject cell) => cell["outputs"]!.AsArray().Select(o => o!.AsObject()).ToList();

    public static string Stream(JsonObject cell, string name) =>
        string.Concat(Outputs(cell).Where(o => (string?)o["output_type"] == "stream" && (string?)o["name"] == name).Select(o => Join(o["text"])));

    public static JsonObject? Error(JsonObject cell) => Outputs(cell).FirstOrDefault(o => (string?)o["output_type"] == "error");

    public static List<JsonObject> OfType(JsonObject cell, string outputType) =>
        Outputs(cell).Where(o => (string?)o["output_type"] == outputType).ToList();

    public static string? Data(JsonObject output, string mime) => output["data"]?[mime] is { } node ? Join(node) : null;

    /// <summary>nbformat multi-line text: a string or an array of lines.</summary>
    public static string Join(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        JsonValue value => value.GetValue<string>(),
        _ => "",
    };
}
