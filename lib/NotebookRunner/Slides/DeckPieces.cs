using Markdig.Syntax;
using NotebookRunner.Html;
using NotebookRunner.Notebook;

namespace NotebookRunner.Slides;

/// <summary>
/// A notebook's cells as slide pieces, rendered by the handout's renderers: each top-level markdown block,
/// each code cell's input and each of its outputs is a piece. Headings and the cells' slide types say where
/// slides break; skipped cells are left out and notes cells become speaker notes.
/// </summary>
public sealed class DeckPieces(MarkdownConverter markdown, OutputRenderer outputs)
{
    /// <summary>The pieces, in notebook order.</summary>
    public List<SlidePiece> Pieces { get; } = [];

    /// <summary>
    /// Script libraries (inline scripts of at least <see cref="SharedScripts.MinimumLength"/> characters) in
    /// the outputs of skipped cells: later outputs may rely on them (a chart library emitted once per
    /// notebook), so the deck carries them although it does not show the cell.
    /// </summary>
    public List<string> SkippedLibraries { get; } = [];

    public static DeckPieces Of(NotebookDocument notebook, MarkdownConverter markdown, OutputRenderer outputs)
    {
        var deck = new DeckPieces(markdown, outputs);
        for (int index = 0; index < notebook.Cells.Count; index++) deck.Add(notebook.Cells[index], index);
        return deck;
    }

    void Add(NotebookCell cell, int index)
    {
        var type = SlideTypes.Of(cell);
        if (type == SlideType.Skip)
        {
            var html = outputs.ToHtml(cell.Outputs);
            SkippedLibraries.AddRange(ScriptElements.Find(html).Where(s => s.Length >= SharedScripts.MinimumLength).Select(s => html.Substring(s.Start, s.Length)));
            return;
        }
        var pieces = Render(cell);
        if (pieces.Count == 0) return;
        if (type == SlideType.Notes)
        {
            Pieces.AddRange(pieces.Select(p => p with { Notes = true, Break = SlideBreak.None, Heading = null }));
            return;
        }
        if (type is SlideType.Slide) pieces[0] = pieces[0] with { Break = SlideBreak.Section };
        if (type is SlideType.Subslide && pieces[0].Break != SlideBreak.Section) pieces[0] = pieces[0] with { Break = SlideBreak.Subslide };
        if (type is SlideType.Fragment) pieces = [.. pieces.Select(p => p with { Fragment = index })];
        Pieces.AddRange(pieces);
    }

    List<SlidePiece> Render(NotebookCell cell)
    {
        switch (cell.CellType)
        {
            case CellTypes.Markdown:
                return [.. markdown.ToBlocks(cell.Source, CellParts.Attachments(cell)).SelectMany(Markdown)];
            case CellTypes.Code:
                var pieces = new List<SlidePiece>
                {
                    new($"<div class=\"{CellParts.CodeCellClasses(cell)}\">{CellParts.CodeInput(cell)}</div>\n", SlideHeights.CodeInput(cell.Source)),
                };
                pieces.AddRange(outputs.Render(cell.Outputs).Select(o => new SlidePiece($"<div class=\"nb-outputs\">{o.Html}</div>\n", SlideHeights.Of(o))));
                return pieces;
            default:
                var raw = CellParts.Raw(cell);
                return [new($"<div class=\"nb-cell nb-raw\">{raw}</div>\n", SlideHeights.Of(new RenderedOutput(raw, "text/html", raw)))];
        }
    }

    /// <summary>A markdown block as a piece; a list taller than a slide as a piece per item, so that it can continue on the next slide.</summary>
    static IEnumerable<SlidePiece> Markdown(MarkdownBlock block)
    {
        var piece = new SlidePiece($"<div class=\"nb-markdown\">{block.Html}</div>\n", SlideHeights.Of(block))
        {
            Heading = block.Heading,
            Break = block.Heading?.Level switch { 1 or 2 => SlideBreak.Section, 3 => SlideBreak.Subsection, _ => SlideBreak.None },
        };
        if (block.Block is not ListBlock list || piece.Height <= SlideHeights.Budget) return [piece];

        var start = int.TryParse(list.OrderedStart, out var first) ? first : 1;
        var items = list.OfType<Block>().ToList();
        return items.Select((item, i) =>
        {
            var part = new ListBlock(list.Parser!)
            {
                IsOrdered = list.IsOrdered,
                BulletType = list.BulletType,
                OrderedDelimiter = list.OrderedDelimiter,
                DefaultOrderedStart = list.DefaultOrderedStart,
                OrderedStart = list.IsOrdered ? (start + i).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                IsLoose = list.IsLoose,
            };
            list.Remove(item);
            part.Add(item);
            return new SlidePiece($"<div class=\"nb-markdown nb-list-part\">{MarkdownConverter.Render(part)}</div>\n", SlideHeights.ListItem(block, item));
        });
    }
}
