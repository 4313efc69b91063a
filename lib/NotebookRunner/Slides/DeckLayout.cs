using NotebookRunner.Html;

namespace NotebookRunner.Slides;

/// <summary>A slide: what it shows, its speaker notes, and the heading of the section it continues (none on a section's first slide).</summary>
public sealed record Slide(IReadOnlyList<SlidePiece> Pieces, IReadOnlyList<SlidePiece> Notes, PageHeading? Continues);

/// <summary>A horizontal slide and the vertical slides below it: one section of the notebook.</summary>
public sealed record SlideStack(IReadOnlyList<Slide> Slides);

/// <summary>
/// Arranges a notebook's pieces into slides. The rule, in order:
/// <list type="number">
/// <item>each <see cref="SlideBreak.Section"/> piece (a level-1 or level-2 heading, a cell of slide type
/// "slide") starts a horizontal slide; the title and the text before the first such heading are the first;</item>
/// <item>within a section, each <see cref="SlideBreak.Subslide"/> piece starts a vertical slide;</item>
/// <item>a part of a section taller than one slide also starts a vertical slide at each level-3 heading;</item>
/// <item>then pieces fill a slide in order until the next would overflow its height budget; a heading
/// moves on with the piece after it (a slide never ends with one), and a piece taller than a slide gets a
/// slide of its own, below its heading if it has one (it scrolls there).</item>
/// </list>
/// Slides after the first of a section show that section's heading as a small header.
/// </summary>
public static class DeckLayout
{
    public static IReadOnlyList<SlideStack> Arrange(IReadOnlyList<SlidePiece> pieces, double budget = SlideHeights.Budget)
    {
        var stacks = new List<SlideStack>();
        foreach (var section in SplitBefore(pieces, p => p.Break == SlideBreak.Section))
        {
            var heading = section.FirstOrDefault(p => !p.Notes)?.Heading is { Level: <= 2 } h ? h : null;
            var slides = new List<Slide>();
            foreach (var part in SplitBefore(section, p => p.Break == SlideBreak.Subslide))
            {
                var groups = Height(part) > budget ? SplitBefore(part, p => p.Break == SlideBreak.Subsection) : [part];
                foreach (var group in groups) Fill(group, slides, heading, budget);
            }
            if (slides.Count > 0) stacks.Add(new SlideStack(slides));
        }
        return stacks;
    }

    /// <summary>Fills slides with the pieces in order, each up to the budget.</summary>
    static void Fill(List<SlidePiece> pieces, List<Slide> slides, PageHeading? heading, double budget)
    {
        var content = new List<SlidePiece>();
        var notes = new List<SlidePiece>();
        double used = Header(slides, heading);
        for (int i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            if (piece.Notes)
            {
                notes.Add(piece);
                continue;
            }
            var needed = piece.Height + (piece.Heading != null ? NextContent(pieces, i)?.Height ?? 0 : 0);
            if (content.Exists(p => p.Heading == null) && used + needed > budget)
            {
                Close();
                used = Header(slides, heading);
            }
            content.Add(piece);
            used += piece.Height;
        }
        Close();

        void Close()
        {
            if (content.Count == 0 && notes.Count == 0) return;
            if (content.Count == 0 && slides.Count > 0)
            {
                // Notes with nothing after them on a slide of their own belong to the slide before.
                slides[^1] = slides[^1] with { Notes = [.. slides[^1].Notes, .. notes] };
            }
            else slides.Add(new Slide([.. content], [.. notes], slides.Count > 0 ? heading : null));
            content.Clear();
            notes.Clear();
        }
    }

    /// <summary>The height of the header a slide shows when it continues a section.</summary>
    static double Header(List<Slide> slides, PageHeading? heading) => slides.Count > 0 && heading != null ? SlideHeights.ContinuedHeader : 0;

    static SlidePiece? NextContent(List<SlidePiece> pieces, int index) => pieces.Skip(index + 1).FirstOrDefault(p => !p.Notes);

    static double Height(IEnumerable<SlidePiece> pieces) => pieces.Where(p => !p.Notes).Sum(p => p.Height);

    /// <summary>The pieces in runs, a new run starting at each piece that <paramref name="starts"/> one (the first run may start without).</summary>
    static List<List<SlidePiece>> SplitBefore(IEnumerable<SlidePiece> pieces, Func<SlidePiece, bool> starts)
    {
        var runs = new List<List<SlidePiece>>();
        foreach (var piece in pieces)
        {
            if (runs.Count == 0 || (starts(piece) && runs[^1].Count > 0)) runs.Add([]);
            runs[^1].Add(piece);
        }
        return runs;
    }
}
