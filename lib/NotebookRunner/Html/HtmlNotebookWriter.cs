using System.Text;
using NotebookRunner.Notebook;
using NotebookRunner.Running;

namespace NotebookRunner.Html;

/// <summary>
/// Writes an executed notebook as one self-contained HTML page, a handout that opens offline in any
/// browser: rendered markdown with typeset math, highlighted code, every output, a table of contents from
/// the headings, and links to the previous and next notebook of the run.
/// </summary>
public sealed class HtmlNotebookWriter : PageWriter
{
    public override string Extension => ".html";

    protected override string Page(NotebookDocument notebook, NotebookRunResult run, NotebookSequence sequence) => ToHtml(notebook, run, sequence);

    /// <summary>The page as a string.</summary>
    public static string ToHtml(NotebookDocument notebook, NotebookRunResult? run, NotebookSequence sequence)
    {
        var markdown = new MarkdownConverter(Path.GetDirectoryName(Path.GetFullPath(sequence.Current.SourcePath)));
        var outputs = new OutputRenderer(markdown);
        var cells = new StringBuilder();
        foreach (var cell in notebook.Cells) Cell(cells, cell, markdown, outputs);
        var (body, libraries) = SharedScripts.Extract(cells.ToString());

        var page = new StringBuilder(body.Length + 64 * 1024);
        PageAssets.Head(page, sequence.Current.Title).Append(PageAssets.StyleElement).Append('\n');
        if (markdown.HasMath) page.Append(PageAssets.MathStyleElement).Append('\n');
        foreach (var library in libraries) page.Append(library).Append('\n');
        page.Append("</head>\n<body>\n<div class=\"nb-layout\">\n");
        TableOfContents(page, markdown.Headings);
        page.Append("<main class=\"nb-main\">\n");
        Pager(page, sequence, "nb-pager nb-pager-top");
        if (run is { Succeeded: false }) page.Append(CellParts.Banner(run));
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
                html.Append("<section class=\"nb-cell nb-markdown\">\n").Append(markdown.ToHtml(cell.Source, CellParts.Attachments(cell))).Append("</section>\n");
                break;
            case CellTypes.Code:
                html.Append("<section class=\"").Append(CellParts.CodeCellClasses(cell)).Append("\">\n").Append(CellParts.CodeInput(cell));
                if (cell.Outputs.Count > 0) html.Append("<div class=\"nb-outputs\">\n").Append(outputs.ToHtml(cell.Outputs)).Append("</div>\n");
                html.Append("</section>\n");
                break;
            default:
                html.Append("<section class=\"nb-cell nb-raw\">").Append(CellParts.Raw(cell)).Append("</section>\n");
                break;
        }
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
}
