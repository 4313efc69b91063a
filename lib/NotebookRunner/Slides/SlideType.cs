using System.Text.Json.Nodes;
using NotebookRunner.Notebook;

namespace NotebookRunner.Slides;

/// <summary>
/// What a cell's <c>metadata.slideshow.slide_type</c> asks of a slide deck, as Jupyter's nbconvert and
/// RISE read it.
/// </summary>
public enum SlideType
{
    /// <summary>"-" or no slide type: the cell continues the current slide.</summary>
    Continue,

    /// <summary>"slide": the cell starts a new horizontal slide.</summary>
    Slide,

    /// <summary>"subslide": the cell starts a new vertical slide under the current one.</summary>
    Subslide,

    /// <summary>"fragment": the cell continues the current slide and appears on the next step.</summary>
    Fragment,

    /// <summary>"skip": the cell is left out of the deck.</summary>
    Skip,

    /// <summary>"notes": the cell becomes speaker notes of the current slide.</summary>
    Notes,
}

/// <summary>Reads a cell's slide type.</summary>
public static class SlideTypes
{
    /// <summary>The cell's slide type; a missing, unknown or ill-typed value continues the slide, as nbconvert treats it.</summary>
    public static SlideType Of(NotebookCell cell)
    {
        var value = cell.Metadata["slideshow"] is JsonObject slideshow && slideshow["slide_type"] is JsonValue type && type.TryGetValue<string>(out var text) ? text : null;
        return value switch
        {
            "slide" => SlideType.Slide,
            "subslide" => SlideType.Subslide,
            "fragment" => SlideType.Fragment,
            "skip" => SlideType.Skip,
            "notes" => SlideType.Notes,
            _ => SlideType.Continue,
        };
    }
}
