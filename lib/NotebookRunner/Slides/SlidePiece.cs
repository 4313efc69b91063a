using NotebookRunner.Html;

namespace NotebookRunner.Slides;

/// <summary>Where a piece starts a new slide.</summary>
public enum SlideBreak
{
    /// <summary>It continues the current slide (when it fits).</summary>
    None,

    /// <summary>A level-1 or level-2 heading, or the first piece of a cell of slide type "slide": a new horizontal slide.</summary>
    Section,

    /// <summary>The first piece of a cell of slide type "subslide": a new vertical slide.</summary>
    Subslide,

    /// <summary>A level-3 heading: a new vertical slide when its section does not fit on one slide.</summary>
    Subsection,
}

/// <summary>
/// One thing a slide shows (a markdown block, a code cell's input, one output), or speaker notes, with the
/// height it is expected to take on a 1280×720 slide (<see cref="SlideHeights"/>).
/// </summary>
public sealed record SlidePiece(string Html, double Height)
{
    public SlideBreak Break { get; init; }

    /// <summary>The heading this piece is; a heading stays on the slide of the piece after it.</summary>
    public PageHeading? Heading { get; init; }

    /// <summary>For pieces of a cell of slide type "fragment": that cell's index, so that the cell appears as one step.</summary>
    public int? Fragment { get; init; }

    /// <summary>Speaker notes of the slide the piece falls on, shown in the speaker view and not on the slide.</summary>
    public bool Notes { get; init; }
}
