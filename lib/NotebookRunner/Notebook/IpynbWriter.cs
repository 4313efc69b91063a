using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookRunner.Notebook;

/// <summary>Writes nbformat 4 JSON in Jupyter's layout (one-space indent, line arrays, UTF-8 without BOM).</summary>
public sealed class IpynbWriter : INotebookWriter
{
    public string Extension => ".ipynb";

    public void Write(NotebookDocument notebook, Running.NotebookRunResult run, NotebookSequence sequence, Stream destination) => Write(notebook, destination);

    /// <summary>Writes the notebook as nbformat 4 JSON.</summary>
    public static void Write(NotebookDocument notebook, Stream destination)
    {
        var options = new JsonWriterOptions
        {
            Indented = true,
            IndentCharacter = ' ',
            IndentSize = 1,
            // Jupyter writes non-ASCII text as is; escaping it would make diffs of the notebooks unreadable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var writer = new Utf8JsonWriter(destination, options))
            ToJson(notebook).WriteTo(writer);
        destination.Write("\n"u8);
    }

    /// <summary>The notebook as a JSON tree, ready to serialize.</summary>
    public static JsonObject ToJson(NotebookDocument notebook)
    {
        var ids = new HashSet<string>(notebook.Cells.Select(c => c.Id).OfType<string>());
        var cells = new JsonArray();
        for (int i = 0; i < notebook.Cells.Count; i++)
            cells.Add(CellToJson(notebook.Cells[i], notebook.HasCellIds ? CellId(notebook.Cells[i], i, ids) : null));

        var root = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = notebook.Metadata.DeepClone(),
            ["nbformat"] = NotebookDocument.Format,
            ["nbformat_minor"] = notebook.FormatMinor,
        };
        foreach (var (key, value) in notebook.Extra) root[key] = value?.DeepClone();
        return root;
    }

    /// <summary>nbformat 4.5 requires an id on every cell; give cells without one a stable id.</summary>
    static string CellId(NotebookCell cell, int index, HashSet<string> taken)
    {
        if (cell.Id != null) return cell.Id;
        var id = $"cell-{index + 1}";
        for (int n = 2; taken.Contains(id); n++) id = $"cell-{index + 1}-{n}";
        taken.Add(id);
        return id;
    }

    /// <summary>Keys in alphabetical order, as Jupyter writes them, so executed copies diff cleanly.</summary>
    static JsonObject CellToJson(NotebookCell cell, string? id)
    {
        var json = new JsonObject { ["cell_type"] = cell.CellType };
        if (cell.IsCode) json["execution_count"] = cell.ExecutionCount;
        if (id != null) json["id"] = id;
        json["metadata"] = cell.Metadata.DeepClone();
        if (cell.IsCode) json["outputs"] = new JsonArray(cell.Outputs.Select(o => (JsonNode?)OutputToJson(o)).ToArray());
        json["source"] = MultilineText.ToJson(cell.Source);
        foreach (var (key, value) in cell.Extra) json[key] = value?.DeepClone();
        return json;
    }

    static JsonObject OutputToJson(CellOutput output) => output switch
    {
        StreamOutput s => new JsonObject
        {
            ["name"] = s.Name,
            ["output_type"] = "stream",
            ["text"] = MultilineText.ToJson(s.Text),
        },
        DisplayOutput d => new JsonObject
        {
            ["data"] = BundleToJson(d.Data),
            ["metadata"] = new JsonObject(),
            ["output_type"] = "display_data",
        },
        ResultOutput r => new JsonObject
        {
            ["data"] = BundleToJson(r.Data),
            ["execution_count"] = r.ExecutionCount,
            ["metadata"] = new JsonObject(),
            ["output_type"] = "execute_result",
        },
        ErrorOutput e => new JsonObject
        {
            ["ename"] = e.Name,
            ["evalue"] = e.Value,
            ["output_type"] = "error",
            ["traceback"] = new JsonArray(e.Traceback.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        },
        _ => throw new ArgumentException($"unknown output {output.GetType().Name}", nameof(output)),
    };

    static JsonObject BundleToJson(MimeBundle bundle)
    {
        var data = new JsonObject();
        foreach (var (mime, value) in bundle.Entries) data[mime] = MimeValueToJson(mime, value);
        return data;
    }

    /// <summary>As nbformat stores them: JSON types as JSON, text types as line arrays, binary types as one base64 string.</summary>
    static JsonNode? MimeValueToJson(string mime, string value)
    {
        if (IsJsonMime(mime))
        {
            try
            {
                return JsonNode.Parse(value);
            }
            catch (JsonException)
            {
                return value;
            }
        }
        return IsTextMime(mime) ? MultilineText.ToJson(value) : JsonValue.Create(value);
    }

    static bool IsJsonMime(string mime) =>
        mime == "application/json" || (mime.StartsWith("application/", StringComparison.Ordinal) && mime.EndsWith("+json", StringComparison.Ordinal));

    static bool IsTextMime(string mime) =>
        mime.StartsWith("text/", StringComparison.Ordinal) || mime is "application/javascript" or "image/svg+xml";
}
