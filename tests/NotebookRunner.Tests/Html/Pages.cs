using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookRunner.Html;
using NotebookRunner.Notebook;
using NotebookRunner.Running;

namespace NotebookRunner.Tests.Html;

/// <summary>Builds notebooks in memory and renders them as handout pages.</summary>
static partial class Pages
{
    /// <summary>A 1×1 PNG, base64 as in nbformat.</summary>
    public const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==";

    public static NotebookCell Markdown(string source, JsonObject? attachments = null) => new()
    {
        CellType = CellTypes.Markdown,
        Source = source,
        Extra = attachments == null ? [] : new JsonObject { ["attachments"] = attachments },
    };

    public static NotebookCell Code(string source, int? count, params CellOutput[] outputs)
    {
        var cell = new NotebookCell { CellType = CellTypes.Code, Source = source, ExecutionCount = count };
        cell.Outputs.AddRange(outputs);
        return cell;
    }

    public static NotebookDocument NotebookOf(params NotebookCell[] cells) => new() { FormatMinor = 5, Metadata = [], Cells = [.. cells] };

    /// <summary>The page of a notebook that is the only one of its run, from a source in <paramref name="folder"/>.</summary>
    public static string Render(NotebookDocument notebook, string folder = "/tmp", NotebookRunResult? run = null) =>
        HtmlNotebookWriter.ToHtml(notebook, run, NotebookSequence.Single(NotebookEntry.Of(Path.Combine(folder, "nb.ipynb"), notebook)));

    public static string Render(params NotebookCell[] cells) => Render(NotebookOf(cells));

    /// <summary>The page between &lt;body&gt; and the scripts at its end: what the notebook's cells became.</summary>
    public static string Body(string page)
    {
        var start = page.IndexOf("<body>", StringComparison.Ordinal);
        var end = page.IndexOf("<footer", StringComparison.Ordinal);
        return page[start..end];
    }

    /// <summary>The text a reader sees: tags removed, entities decoded.</summary>
    public static string Text(string html) => WebUtility.HtmlDecode(AnyTag().Replace(html, ""));

    /// <summary>The page without its stylesheets, which name every class the page may use.</summary>
    public static string WithoutStyles(string page) => Style().Replace(page, "");

    public static int Count(string text, string fragment) => Regex.Matches(text, Regex.Escape(fragment)).Count;

    [GeneratedRegex("<style>.*?</style>", RegexOptions.Singleline)]
    private static partial Regex Style();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex AnyTag();
}
