using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookRunner.Notebook;

/// <summary>A notebook file that cannot be read; the message says why in one line.</summary>
public sealed class NotebookFormatException(string message) : Exception(message);

/// <summary>Reads nbformat 4 notebooks, rejecting anything else with a clear message.</summary>
public static class NotebookReader
{
    static readonly HashSet<string> CellFields = ["cell_type", "source", "metadata", "id", "execution_count", "outputs"];
    static readonly HashSet<string> TopFields = ["nbformat", "nbformat_minor", "metadata", "cells"];

    /// <summary>Reads a notebook file.</summary>
    /// <exception cref="NotebookFormatException">The file is missing, not JSON, or not an nbformat 4 notebook.</exception>
    public static NotebookDocument Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new NotebookFormatException("file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException($"cannot read the file: {e.Message}");
        }
        return Parse(text);
    }

    /// <summary>Parses notebook JSON.</summary>
    /// <exception cref="NotebookFormatException">The text is not JSON or not an nbformat 4 notebook.</exception>
    public static NotebookDocument Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) throw new NotebookFormatException("the file is empty");

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException(LooksTruncated(json)
                ? "the file ends in the middle of the JSON (truncated?)"
                : $"not valid JSON at line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}");
        }

        if (root is not JsonObject top) throw new NotebookFormatException("not a notebook: the top level is not a JSON object");
        var format = ReadInt(top, "nbformat")
            ?? throw new NotebookFormatException("not a Jupyter notebook: no \"nbformat\" version number");
        if (format < NotebookDocument.Format)
            throw new NotebookFormatException(
                $"nbformat {format} is not supported; the runner reads nbformat 4 (convert it with: jupyter nbconvert --to notebook --nbformat 4)");
        if (format > NotebookDocument.Format)
            throw new NotebookFormatException($"nbformat {format} is newer than this runner reads (nbformat 4)");

        var minor = ReadInt(top, "nbformat_minor") ?? 4;
        var metadata = top["metadata"] switch
        {
            null => [],
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => throw new NotebookFormatException("\"metadata\" is not a JSON object"),
        };
        if (top["cells"] is not JsonArray cells)
            throw new NotebookFormatException("no \"cells\" array: not an nbformat 4 notebook");

        return new NotebookDocument
        {
            FormatMinor = minor,
            Metadata = metadata,
            Cells = cells.Select((c, i) => ReadCell(c, i + 1)).ToList(),
            Extra = CopyExcept(top, TopFields),
        };
    }

    static NotebookCell ReadCell(JsonNode? node, int number)
    {
        if (node is not JsonObject cell) throw new NotebookFormatException($"cell {number} is not a JSON object");
        var type = cell["cell_type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        if (type == null) throw new NotebookFormatException($"cell {number} has no \"cell_type\"");
        if (!CellTypes.IsKnown(type)) throw new NotebookFormatException($"cell {number} has an unknown cell_type \"{type}\"");
        var source = cell["source"] is null ? "" : MultilineText.Read(cell["source"])
            ?? throw new NotebookFormatException($"cell {number}: \"source\" is neither a string nor an array of strings");
        var metadata = cell["metadata"] switch
        {
            null => [],
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => throw new NotebookFormatException($"cell {number}: \"metadata\" is not a JSON object"),
        };
        return new NotebookCell
        {
            CellType = type,
            Source = source,
            Metadata = metadata,
            Id = cell["id"] is JsonValue id && id.TryGetValue<string>(out var idText) ? idText : null,
            Extra = CopyExcept(cell, CellFields),
        };
    }

    static int? ReadInt(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<double>(out var d) && d == Math.Floor(d) ? (int)d : null;

    static JsonObject CopyExcept(JsonObject source, HashSet<string> skip)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in source)
            if (!skip.Contains(key)) copy[key] = value?.DeepClone();
        return copy;
    }

    /// <summary>True when the text is a valid JSON prefix that simply stops: a cut-off download or copy.</summary>
    static bool LooksTruncated(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json.TrimEnd());
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read()) { }
        }
        catch (JsonException)
        {
            return false;
        }
        return reader.BytesConsumed < bytes.Length || reader.CurrentDepth > 0 || reader.TokenType is JsonTokenType.PropertyName;
    }

    static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim().TrimEnd('.');
    }
}
