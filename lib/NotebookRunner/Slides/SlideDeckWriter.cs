using System.Text;
using NotebookRunner.Html;
using NotebookRunner.Notebook;
using NotebookRunner.Running;

namespace NotebookRunner.Slides;

/// <summary>
/// Writes an executed notebook as a reveal.js slide deck in one self-contained HTML file that presents
/// offline: the handout's rendering of each cell (markdown with typeset math, highlighted code, every
/// output and chart), laid out as slides of 1280×720 by <see cref="DeckLayout"/>.
/// </summary>
public sealed class SlideDeckWriter : PageWriter
{
    /// <summary>Beside the handout's <c>x.html</c>, as nbconvert names its decks.</summary>
    public override string Extension => ".slides.html";

    protected override string Page(NotebookDocument notebook, NotebookRunResult run, NotebookSequence sequence) => ToHtml(notebook, run, sequence);

    /// <summary>The deck as a string.</summary>
    public static string ToHtml(NotebookDocument notebook, NotebookRunResult? run, NotebookSequence sequence)
    {
        var markdown = new MarkdownConverter(Path.GetDirectoryName(Path.GetFullPath(sequence.Current.SourcePath)));
        var deck = DeckPieces.Of(notebook, markdown, new OutputRenderer(markdown));
        var pieces = deck.Pieces;
        if (run is { Succeeded: false })
        {
            // Below the title, where the audience looks first.
            var at = pieces.FindIndex(p => !p.Notes) is var first and >= 0 && pieces[first].Heading?.Level == 1 ? first + 1 : 0;
            pieces.Insert(at, new SlidePiece(CellParts.Banner(run), 2 * SlideHeights.ContinuedHeader));
        }
        var stacks = DeckLayout.Arrange(pieces);
        if (stacks.Count == 0)
            stacks = [new SlideStack([new Slide([new SlidePiece($"<div class=\"nb-markdown\"><h1>{HtmlText.Encode(sequence.Current.Title)}</h1></div>\n", 0)], [], null)])];

        var slides = new StringBuilder();
        for (int i = 0; i < stacks.Count; i++) Stack(slides, stacks[i], first: i == 0);
        var (body, libraries) = SharedScripts.Extract(slides.ToString());

        var page = new StringBuilder(body.Length + 512 * 1024);
        PageAssets.Head(page, sequence.Current.Title);
        page.Append(PageAssets.StyleElement).Append('\n').Append(DeckAssets.StyleElements).Append('\n');
        if (markdown.HasMath) page.Append(PageAssets.MathStyleElement).Append('\n');
        foreach (var library in deck.SkippedLibraries.Distinct().Where(l => !body.Contains(l, StringComparison.Ordinal)).Concat(libraries).Distinct())
            page.Append(library).Append('\n');
        page.Append("</head>\n<body>\n<div class=\"reveal\">\n<div class=\"slides\">\n").Append(body).Append("</div>\n</div>\n");
        if (markdown.HasMath) page.Append(PageAssets.MathScriptElements).Append('\n');
        page.Append(DeckAssets.ScriptElements).Append('\n');
        return page.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>A section of slides: one &lt;section&gt;, or a vertical stack of them inside another.</summary>
    static void Stack(StringBuilder html, SlideStack stack, bool first)
    {
        var vertical = stack.Slides.Count > 1;
        if (vertical) html.Append("<section>\n");
        for (int i = 0; i < stack.Slides.Count; i++)
        {
            var slide = stack.Slides[i];
            var title = first && i == 0 && slide.Pieces.FirstOrDefault()?.Heading?.Level == 1;
            html.Append(title ? "<section class=\"nb-slide nb-title-slide\">\n" : "<section class=\"nb-slide\">\n")
                .Append("<div class=\"nb-slide-frame\">\n");
            if (slide.Continues is { } heading) html.Append("<div class=\"nb-continued\">").Append(heading.Html).Append("</div>\n");
            Pieces(html, slide.Pieces);
            html.Append("</div>\n");
            if (slide.Notes.Count > 0)
            {
                html.Append("<aside class=\"notes\">\n");
                foreach (var note in slide.Notes) html.Append(note.Html);
                html.Append("</aside>\n");
            }
            html.Append("</section>\n");
        }
        if (vertical) html.Append("</section>\n");
    }

    /// <summary>The pieces in order; consecutive pieces of one fragment cell appear together, as one step.</summary>
    static void Pieces(StringBuilder html, IReadOnlyList<SlidePiece> pieces)
    {
        int? open = null;
        foreach (var piece in pieces)
        {
            if (piece.Fragment != open)
            {
                if (open != null) html.Append("</div>\n");
                if (piece.Fragment != null) html.Append("<div class=\"fragment\">\n");
                open = piece.Fragment;
            }
            html.Append(piece.Html);
        }
        if (open != null) html.Append("</div>\n");
    }
}
