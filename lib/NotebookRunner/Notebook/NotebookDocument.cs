using System.Text.Json.Nodes;

namespace NotebookRunner.Notebook;

/// <summary>An nbformat 4 notebook as the runner reads and writes it.</summary>
/// <remarks>
/// Metadata and fields the runner does not interpret stay as JSON so that an executed copy keeps
/// everything the source had; cells and outputs are typed because the runner fills them in.
/// </remarks>
public sealed class NotebookDocument
{
    /// <summary>The major format version; the runner reads only 4.</summary>
    public const int Format = 4;

    /// <summary><c>nbformat_minor</c> of the source (cell ids exist from 4.5 on).</summary>
    public required int FormatMinor { get; init; }

    /// <summary>Top-level <c>metadata</c> (kernelspec, language_info, polyglot_notebook, ...), kept as read.</summary>
    public required JsonObject Metadata { get; init; }

    /// <summary>The cells, in order.</summary>
    public required List<NotebookCell> Cells { get; init; }

    /// <summary>Top-level fields other than nbformat, nbformat_minor, metadata and cells.</summary>
    public JsonObject Extra { get; init; } = [];

    /// <summary>True when cells carry an <c>id</c> (nbformat 4.5 and later require one).</summary>
    public bool HasCellIds => FormatMinor >= 5;
}

/// <summary>One cell of a notebook.</summary>
public sealed class NotebookCell
{
    /// <summary><c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public required string CellType { get; init; }

    /// <summary>The cell's text, with the lines joined.</summary>
    public required string Source { get; set; }

    /// <summary>The cell's <c>metadata</c> (tags, kernel name, ...), kept as read.</summary>
    public JsonObject Metadata { get; init; } = [];

    /// <summary>The cell id (nbformat 4.5+), or null when the source had none.</summary>
    public string? Id { get; set; }

    /// <summary>For code cells: the execution count, or null when the cell did not run.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>For code cells: the outputs, in order.</summary>
    public List<CellOutput> Outputs { get; } = [];

    /// <summary>Fields the runner does not interpret (markdown attachments, ...), kept as read.</summary>
    public JsonObject Extra { get; init; } = [];

    public bool IsCode => CellType == CellTypes.Code;

    /// <summary>The tags in <c>metadata.tags</c> (papermill's "parameters", ...).</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray tags
            ? tags.Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList()
            : [];

    /// <summary>The first line that is not blank, for progress lines and summaries.</summary>
    public string FirstLine =>
        Source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
}

/// <summary>The cell types nbformat 4 knows.</summary>
public static class CellTypes
{
    public const string Code = "code";
    public const string Markdown = "markdown";
    public const string Raw = "raw";

    public static bool IsKnown(string type) => type is Code or Markdown or Raw;
}
