using System.Text.Json.Nodes;

namespace NotebookRunner.Tests.Support;

/// <summary>Writes notebooks in the layout VS Code Polyglot Notebooks saves.</summary>
static class TestNotebook
{
    /// <param name="Claims">The cell's <c>metadata.claims</c>, as written; none when null.</param>
    public sealed record Cell(string Source, string Type = "code", string Kernel = "csharp", string[]? Tags = null, JsonNode? Claims = null)
    {
        /// <summary>The cell with <c>metadata.claims</c> parsed from <paramref name="json"/>.</summary>
        public Cell WithClaims(string json) => this with { Claims = JsonNode.Parse(json) };
    }

    public static Cell Code(string source, params string[] tags) => new(source, Tags: tags.Length == 0 ? null : tags);

    public static Cell Markdown(string source) => new(source, Type: "markdown", Kernel: "markdown");

    public static string Write(string path, params Cell[] cells)
    {
        File.WriteAllText(path, Json(cells).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    public static JsonObject Json(params Cell[] cells) => new()
    {
        ["cells"] = new JsonArray(cells.Select(c => (JsonNode?)CellJson(c)).ToArray()),
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            ["polyglot_notebook"] = new JsonObject
            {
                ["kernelInfo"] = new JsonObject
                {
                    ["defaultKernelName"] = "csharp",
                    ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
                },
            },
        },
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
    };

    static JsonObject CellJson(Cell cell)
    {
        var metadata = new JsonObject();
        if (cell.Type == "code")
        {
            metadata["dotnet_interactive"] = new JsonObject { ["language"] = cell.Kernel };
            metadata["polyglot_notebook"] = new JsonObject { ["kernelName"] = cell.Kernel };
        }
        if (cell.Claims != null) metadata["claims"] = cell.Claims.DeepClone();
        if (cell.Tags != null) metadata["tags"] = new JsonArray(cell.Tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        var json = new JsonObject
        {
            ["cell_type"] = cell.Type,
            ["metadata"] = metadata,
            ["source"] = new JsonArray(Lines(cell.Source).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        };
        if (cell.Type == "code")
        {
            json["execution_count"] = null;
            json["outputs"] = new JsonArray();
        }
        return json;
    }

    static IEnumerable<string> Lines(string text)
    {
        var lines = text.Split('\n');
        return lines.Select((l, i) => i < lines.Length - 1 ? l + "\n" : l).Where(l => l.Length > 0);
    }
}
