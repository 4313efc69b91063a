using System.Text.Json.Nodes;
using NotebookRunner.Notebook;
using NotebookRunner.Planning;
using NotebookRunner.Running;

namespace NotebookRunner.Html;

/// <summary>
/// The parts of a notebook that every page layout shows the same way (the handout, the slide deck): a code
/// cell's input, a raw cell, the note on a run that did not complete. Markdown and outputs have their
/// own renderers.
/// </summary>
public static class CellParts
{
    /// <summary>The CSS classes of a code cell's container: injected parameters and cells that did not run are marked.</summary>
    public static string CodeCellClasses(NotebookCell cell) =>
        "nb-cell nb-code-cell" + (cell.Tags.Contains(ParameterCell.InjectedTag) ? " nb-injected" : "") + (cell.ExecutionCount == null ? " nb-not-run" : "");

    /// <summary>The execution count and the highlighted code.</summary>
    public static string CodeInput(NotebookCell cell)
    {
        var prompt = cell.ExecutionCount is int count ? $"[{count}]" : "[ ]";
        // The injected cell's own comment says where its values came from; a page only marks it.
        return "<div class=\"nb-input\"><div class=\"nb-prompt\"" + (cell.ExecutionCount == null ? " title=\"not run\"" : "") + ">" + prompt + "</div>"
            + "<pre class=\"nb-code\"><code class=\"language-csharp\">" + CSharpHighlighter.ToHtml(cell.Source.TrimEnd()) + "</code></pre></div>\n";
    }

    /// <summary>A raw cell: nbconvert includes those meant for HTML as they are; the rest are shown as text.</summary>
    public static string Raw(NotebookCell cell)
    {
        var format = cell.Metadata["format"]?.ToString() ?? cell.Metadata["raw_mimetype"]?.ToString();
        return format is "text/html" ? cell.Source : $"<pre>{HtmlText.Encode(cell.Source)}</pre>";
    }

    /// <summary>A markdown cell's <c>attachments</c>, for <c>attachment:name</c> images.</summary>
    public static JsonObject? Attachments(NotebookCell cell) => cell.Extra["attachments"] as JsonObject;

    /// <summary>A note that the run did not complete, with what stopped it.</summary>
    public static string Banner(NotebookRunResult run)
    {
        var failed = run.Cells.Where(c => c.Failed).Select(c => c.Summary ?? c.Label).ToList();
        var reason = run.Failure ?? (failed.Count > 0 ? string.Join("; ", failed) : "a cell failed");
        return "<div class=\"nb-banner\" role=\"alert\"><strong>This run did not complete.</strong> " + HtmlText.Encode(reason) + "</div>\n";
    }
}
