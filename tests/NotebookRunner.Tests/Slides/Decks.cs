using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookRunner.Html;
using NotebookRunner.Notebook;
using NotebookRunner.Running;
using NotebookRunner.Slides;
using static NotebookRunner.Tests.Html.Pages;

namespace NotebookRunner.Tests.Slides;

/// <summary>Builds notebooks in memory and lays them out as slide decks.</summary>
static partial class Decks
{
    /// <summary>The cell with <c>metadata.slideshow.slide_type</c> set, as Jupyter and RISE write it.</summary>
    public static NotebookCell WithSlideType(this NotebookCell cell, string type)
    {
        cell.Metadata["slideshow"] = new JsonObject { ["slide_type"] = type };
        return cell;
    }

    /// <summary>The slides of the notebook's deck: each stack a list of slides, each slide the text it shows.</summary>
    public static List<List<string>> Layout(params NotebookCell[] cells)
    {
        var markdown = new MarkdownConverter(null);
        var stacks = DeckLayout.Arrange(DeckPieces.Of(NotebookOf(cells), markdown, new OutputRenderer(markdown)).Pieces);
        return stacks.Select(s => s.Slides.Select(slide => Words(string.Concat(slide.Pieces.Select(p => p.Html)))).ToList()).ToList();
    }

    /// <summary>The deck of a notebook that is the only one of its run.</summary>
    public static string Deck(NotebookDocument notebook, NotebookRunResult? run = null) =>
        SlideDeckWriter.ToHtml(notebook, run, NotebookSequence.Single(NotebookEntry.Of("/tmp/nb.ipynb", notebook)));

    public static string Deck(params NotebookCell[] cells) => Deck(NotebookOf(cells));

    /// <summary>Each slide's &lt;section&gt; element, in order (slides hold no sections of their own).</summary>
    public static List<string> SlideElements(string deck) => SlideElement().Matches(deck).Select(m => m.Value).ToList();

    /// <summary>The text a reader sees, its white space folded.</summary>
    public static string Words(string html) => Regex.Replace(Text(html), @"\s+", " ").Trim();

    [GeneratedRegex("<section class=\"nb-slide[^\"]*\">.*?</section>", RegexOptions.Singleline)]
    private static partial Regex SlideElement();
}
