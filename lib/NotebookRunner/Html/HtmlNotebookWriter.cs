using System.Text;
using NotebookRunner.Notebook;
using NotebookRunner.Planning;
using NotebookRunner.Running;

namespace NotebookRunner.Html;

/// <summary>
/// Writes an executed notebook as one self-contained HTML page, a handout that opens offline in any
/// browser: rendered markdown with typeset math, highlighted code, every output, a table of contents from
/// the headings, and links to the previous and next notebook of the run.
/// </summary>
public sealed class HtmlNotebookWriter : INotebookWriter
{
    public string Extension => ".html";

    public void Write(NotebookDocument notebook, NotebookRunResult run, NotebookSequence sequence, Stream destination)
    {
        using var writer = new StreamWriter(destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
        writer.Write(ToHtml(notebook, run, sequence));
    }

    /// <summary>The page as a string.</summary>
    public static string ToHtml(NotebookDocument notebook, NotebookRunResult? run, NotebookSequence sequence)
    {
        var markdown = new MarkdownConverter(Path.GetDirectoryName(Path.GetFullPath(sequence.Current.SourcePath)));
        var outputs = new OutputRenderer(markdown);
        var cells = new StringBuilder();
        foreach (var cell in notebook.Cells) Cell(cells, cell, markdown, outputs);
        var (body, libraries) = SharedScripts.Extract(cells.ToString());

        var page = new StringBuilder(body.Length + 64 * 1024);
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"NotebookRunner\">\n")
            .Append("<title>").Append(HtmlText.Encode(sequence.Current.Title)).Append("</title>\n")
            .Append(PageAssets.StyleElement).Append('\n');
        if (markdown.HasMath) page.Append(PageAssets.MathStyleElement).Append('\n');
        foreach (var library in libraries) page.Append(library).Append('\n');
        page.Append("</head>\n<body>\n<div class=\"nb-layout\">\n");
        TableOfContents(page, markdown.Headings);
        page.Append("<main class=\"nb-main\">\n");
        Pager(page, sequence, "nb-pager nb-pager-top");
        if (run is { Succeeded: false }) Banner(page, run);
        page.Append(body);
        Pager(page, sequence, "nb-pager nb-pager-bottom");
        page.Append("<footer class=\"nb-footer\">").Append(HtmlText.Encode(Path.GetFileName(sequence.Current.SourcePath)))
            .Append(", executed by NotebookRunner.</footer>\n</main>\n</div>\n");
        if (markdown.HasMath) page.Append(PageAssets.MathScriptElements).Append('\n');
        return page.Append("</body>\n</html>\n").ToString();
    }

    static void Cell(StringBuilder html, NotebookCell cell, MarkdownConverter markdown, OutputRenderer outputs)
    {
        switch (cell.CellType)
        {
            case CellTypes.Markdown:
                html.Append("<section class=\"nb-cell nb-markdown\">\n")
                    .Append(markdown.ToHtml(cell.Source, cell.Extra["attachments"] as System.Text.Json.Nodes.JsonObject))
                    .Append("</section>\n");
                break;
            case CellTypes.Code:
                CodeCell(html, cell, outputs);
                break;
            default:
                // Raw cells: nbconvert includes those meant for HTML as they are; the rest are shown as text.
                var format = cell.Metadata["format"]?.ToString() ?? cell.Metadata["raw_mimetype"]?.ToString();
                html.Append("<section class=\"nb-cell nb-raw\">")
                    .Append(format is "text/html" ? cell.Source : $"<pre>{HtmlText.Encode(cell.Source)}</pre>")
                    .Append("</section>\n");
                break;
        }
    }

    static void CodeCell(StringBuilder html, NotebookCell cell, OutputRenderer outputs)
    {
        var injected = cell.Tags.Contains(ParameterCell.InjectedTag);
        var prompt = cell.ExecutionCount is int count ? $"[{count}]" : "[ ]";
        // The injected cell's own comment says where its values came from; the page only marks it.
        html.Append("<section class=\"nb-cell nb-code-cell").Append(injected ? " nb-injected" : "")
            .Append(cell.ExecutionCount == null ? " nb-not-run" : "").Append("\">\n")
            .Append("<div class=\"nb-input\"><div class=\"nb-prompt\"")
            .Append(cell.ExecutionCount == null ? " title=\"not run\"" : "").Append('>').Append(prompt).Append("</div>")
            .Append("<pre class=\"nb-code\"><code class=\"language-csharp\">")
            .Append(CSharpHighlighter.ToHtml(cell.Source.TrimEnd()))
            .Append("</code></pre></div>\n");
        if (cell.Outputs.Count > 0) html.Append("<div class=\"nb-outputs\">\n").Append(outputs.ToHtml(cell.Outputs)).Append("</div>\n");
        html.Append("</section>\n");
    }

    static void TableOfContents(StringBuilder html, IReadOnlyList<PageHeading> headings)
    {
        var listed = headings.Where(h => h.Level <= 3).ToList();
        if (listed.Count == 0) return;
        var top = listed.Min(h => h.Level);
        html.Append("<nav class=\"nb-toc\" aria-label=\"Contents\">\n<div class=\"nb-toc-title\">Contents</div>\n<ul>\n");
        foreach (var heading in listed)
            html.Append("<li class=\"nb-toc-").Append(heading.Level - top + 1).Append("\"><a href=\"#")
                .Append(HtmlText.Encode(heading.Id)).Append("\">").Append(heading.Html).Append("</a></li>\n");
        html.Append("</ul>\n</nav>\n");
    }

    static void Pager(StringBuilder html, NotebookSequence sequence, string css)
    {
        if (sequence.Notebooks.Count < 2) return;
        html.Append("<nav class=\"").Append(css).Append("\" aria-label=\"Notebooks\">");
        Link(html, sequence.Previous, "prev", "← ");
        html.Append("<span class=\"nb-pager-position\">").Append(sequence.Index + 1).Append(" of ").Append(sequence.Notebooks.Count).Append("</span>");
        Link(html, sequence.Next, "next", "", " →");
        html.Append("</nav>\n");
    }

    static void Link(StringBuilder html, NotebookEntry? entry, string rel, string before, string after = "")
    {
        if (entry == null)
        {
            html.Append("<span class=\"nb-pager-").Append(rel).Append("\"></span>");
            return;
        }
        var file = Path.GetFileNameWithoutExtension(entry.SourcePath) + ".html";
        html.Append("<a class=\"nb-pager-").Append(rel).Append("\" rel=\"").Append(rel).Append("\" href=\"")
            .Append(HtmlText.Encode(Uri.EscapeDataString(file))).Append("\">")
            .Append(before).Append(HtmlText.Encode(entry.Title)).Append(after).Append("</a>");
    }

    static void Banner(StringBuilder html, NotebookRunResult run)
    {
        var failed = run.Cells.Where(c => c.Failed).Select(c => c.Summary ?? c.Label).ToList();
        var reason = run.Failure ?? (failed.Count > 0 ? string.Join("; ", failed) : "a cell failed");
        html.Append("<div class=\"nb-banner\" role=\"alert\"><strong>This run did not complete.</strong> ")
            .Append(HtmlText.Encode(reason)).Append("</div>\n");
    }
}
