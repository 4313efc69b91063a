using System.Text.Json.Nodes;
using NotebookRunner.Html;
using NotebookRunner.Notebook;
using NotebookRunner.Running;
using NotebookRunner.Slides;
using TestSupport;
using static NotebookRunner.Tests.Html.Pages;
using static NotebookRunner.Tests.Slides.Decks;

namespace NotebookRunner.Tests.Slides;

public class SlideDeckWriterTests
{
    [Fact]
    public void Headings_inside_one_markdown_cell_start_slides_as_cells_do()
    {
        var layout = Layout(
            Markdown("# Title\nWhat this is about.\n## First\nText one.\n### Detail\nMore.\n## Second\nText two."),
            Code("var x = 1;", 1, new ResultOutput(MimeBundle.Of("text/plain", "1"), 1)));
        Assert.Equal([["Title What this is about."], ["First Text one. Detail More."], ["Second Text two. [1]var x = 1; 1"]], layout);
    }

    [Fact]
    public void Slide_types_start_slides_leave_cells_out_or_make_them_notes()
    {
        var layout = Layout(
            Markdown("# Title"),
            Markdown("A new slide.").WithSlideType("slide"),
            Markdown("Below it.").WithSlideType("subslide"),
            Markdown("Continues.").WithSlideType("-"),
            Markdown("Unknown types continue.").WithSlideType("bogus"),
            Markdown("Never shown.").WithSlideType("skip"),
            Code("hidden()", 4, new StreamOutput("stdout", "hidden output")).WithSlideType("skip"),
            Markdown("Said, not shown.").WithSlideType("notes"),
            Markdown("Step.").WithSlideType("fragment"));
        Assert.Equal([["Title"], ["A new slide.", "Below it. Continues. Unknown types continue. Step."]], layout);

        var deck = Deck(
            Markdown("# Title"),
            Markdown("## Section\nShown."),
            Markdown("Said, *not* shown.").WithSlideType("notes"),
            Code("step()", 2, new StreamOutput("stdout", "step output")).WithSlideType("fragment"),
            Markdown("Never shown.").WithSlideType("skip"));
        var slides = SlideElements(deck);
        Assert.Equal(2, slides.Count);
        Assert.Contains("<aside class=\"notes\">\n<div class=\"nb-markdown\"><p>Said, <em>not</em> shown.</p>", slides[1]);
        var fragment = slides[1][slides[1].IndexOf("<div class=\"fragment\">", StringComparison.Ordinal)..];
        Assert.Contains("step", fragment);
        Assert.Contains("step output", fragment[..fragment.IndexOf("<aside", StringComparison.Ordinal)]);
        Assert.DoesNotContain("Never shown", deck);
    }

    [Fact]
    public void A_slide_type_slide_on_a_heading_starts_one_slide_not_two()
    {
        Assert.Equal([["Title"], ["Part Text."]], Layout(Markdown("# Title"), Markdown("## Part\nText.").WithSlideType("slide")));
        Assert.Equal([["Title"], ["Part", "Below."]], Layout(Markdown("# Title"), Markdown("## Part"), Markdown("Below.").WithSlideType("subslide")));
    }

    [Fact]
    public void A_list_too_long_for_a_slide_continues_on_the_next_one_and_keeps_its_numbers()
    {
        var items = string.Join("\n", Enumerable.Range(1, 30).Select(i => $"{i}. item {i} " + new string('x', 90)));
        var deck = Deck(Markdown("## Steps\n" + items));
        var slides = SlideElements(deck);
        Assert.InRange(slides.Count, 2, 6);
        Assert.Equal(30, slides.Sum(s => Count(s, "<li>")));
        Assert.Contains("<ol start=\"2\">", slides[0]);
        var second = slides[1];
        var firstItem = int.Parse(System.Text.RegularExpressions.Regex.Match(second, "<ol start=\"(\\d+)\">").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"item {firstItem} ", Words(second));
        Assert.Contains("<div class=\"nb-continued\">Steps</div>", second);

        // A list that fits stays one list.
        Assert.Equal(1, Count(Deck(Markdown("## Short\n- a\n- b\n- c")), "<ul>"));
    }

    [Fact]
    public void Heights_follow_code_lines_up_to_what_a_slide_shows_declared_boxes_images_and_table_rows()
    {
        string Lines(int n) => string.Join("\n", Enumerable.Range(1, n).Select(i => $"var v{i} = {i};"));
        Assert.True(SlideHeights.CodeInput(Lines(8)) > SlideHeights.CodeInput(Lines(4)));
        Assert.Equal(SlideHeights.CodeInput(Lines(16)), SlideHeights.CodeInput(Lines(40)));

        double Html(string html) => SlideHeights.Of(new RenderedOutput(html, "text/html", html));
        var chart = "<div class=\"c\" style=\"width:100%;max-width:900px;height:420px\">Chart</div><script>var s = 'height: 9999px';</script>";
        Assert.InRange(Html(chart), 420, 440);
        Assert.InRange(Html(chart.Replace("420px", "300px")), 300, 320);
        Assert.True(Html("<table>" + string.Concat(Enumerable.Repeat("<tr><td>1</td></tr>", 10)) + "</table>") > Html("<table><tr><td>1</td></tr></table>") + 300);
        Assert.InRange(Html("<ul><li>a</li><li>b</li><li>c</li><li>d</li></ul>"), 4 * 33.6, 300);
        Assert.InRange(Html("<div style=\"height:5000px\"></div>"), 540, 560);   // an output box shows at most 540 px and scrolls

        var image = SlideHeights.Of(new RenderedOutput("", "image/png", Png));   // a 1×1 PNG
        Assert.InRange(image, 1, 20);
        var text = SlideHeights.Of(new RenderedOutput("", "stdout", string.Join("\n", Enumerable.Range(1, 100))));
        Assert.Equal(text, SlideHeights.Of(new RenderedOutput("", "stdout", string.Join("\n", Enumerable.Range(1, 11)))));
    }

    [Fact]
    public void A_deck_carries_reveal_js_its_notes_plugin_and_the_handout_styles_and_nothing_from_the_network()
    {
        var deck = Deck(Markdown("# Title $x$\nA [link](https://example.org)."), Code("1", 1, new DisplayOutput(MimeBundle.Of("image/png", Png), null)));
        Assert.StartsWith("<!DOCTYPE html>", deck);
        Assert.Contains("<title>Title $x$</title>", deck);
        Assert.Contains("/* reveal.js, embedded by NotebookRunner.", deck);
        Assert.Contains("/* reveal.js speaker notes, embedded by NotebookRunner.", deck);
        Assert.Contains("Reveal.initialize(", deck);
        Assert.Contains("width: 1280", deck);
        Assert.Contains("height: 720", deck);
        Assert.Contains(".reveal .slides", deck);        // reveal.js's stylesheet
        Assert.Contains(".nb-slide-frame", deck);        // the deck's
        Assert.Contains(".hl-k", deck);                  // the handout's
        Assert.Contains("window.katex.render", deck);
        Assert.Contains("<div class=\"reveal\">\n<div class=\"slides\">", deck);
        Assert.Empty(WebResources.Find(deck));
        Assert.DoesNotContain("http://", deck);
        Assert.DoesNotContain("https://", deck.Replace("href=\"https://example.org\"", ""));
        Assert.True(deck.IndexOf("window.katex.render", StringComparison.Ordinal) < deck.IndexOf("Reveal.initialize(", StringComparison.Ordinal),
            "formulas are typeset before reveal.js lays the slides out");

        var withoutMath = Deck(Markdown("# Title\nNo formulas."));
        Assert.DoesNotContain("window.katex", withoutMath);
    }

    [Fact]
    public void A_library_in_a_skipped_cell_still_reaches_the_deck_once()
    {
        var library = "<script data-lib=\"1\">\n" + new string('x', SharedScripts.MinimumLength) + "\n</script>";
        var deck = Deck(
            Markdown("# Charts"),
            Code("Setup()", 1, new DisplayOutput(MimeBundle.Of("text/html", library + "<p>library loaded</p>"), null)).WithSlideType("skip"),
            Code("Chart()", 2, new DisplayOutput(MimeBundle.Of("text/html", "<div id=\"c1\"></div><script>draw('c1');</script>"), null)));
        Assert.Equal(1, Count(deck, library));
        Assert.True(deck.IndexOf(library, StringComparison.Ordinal) < deck.IndexOf("</head>", StringComparison.Ordinal));
        Assert.DoesNotContain("library loaded", deck);
        Assert.Contains("<script>draw('c1');</script>", deck);

        // Shown once in a slide, it stays there and is not added again.
        var shown = Deck(Markdown("# Charts"), Code("Setup()", 1, new DisplayOutput(MimeBundle.Of("text/html", library), null)));
        Assert.Equal(1, Count(shown, library));
    }

    [Fact]
    public void The_title_slide_is_marked_and_a_run_that_did_not_complete_says_so_below_the_title()
    {
        var notebook = NotebookOf(Markdown("# The title\nIntro."), Code("throw new Exception();", 1));
        var run = new NotebookRunResult { SourcePath = "/tmp/nb.ipynb", Notebook = notebook, Failure = "cell 2 failed" };
        var slides = SlideElements(Deck(notebook, run));
        Assert.StartsWith("<section class=\"nb-slide nb-title-slide\">", slides[0]);
        var title = slides[0];
        Assert.True(title.IndexOf("The title", StringComparison.Ordinal) < title.IndexOf("This run did not complete.</strong> cell 2 failed", StringComparison.Ordinal));
        Assert.DoesNotContain("nb-banner\"", Deck(notebook, new NotebookRunResult { SourcePath = "/tmp/nb.ipynb", Notebook = notebook }));
        Assert.DoesNotContain("nb-title-slide\"", Deck(Markdown("## Not a title")));
    }

    [Fact]
    public void A_notebook_with_nothing_to_show_still_has_its_title_slide()
    {
        var slides = SlideElements(Deck(NotebookOf(Markdown("# Hidden title\nskipped").WithSlideType("skip"))));
        Assert.Single(slides);
        Assert.Equal("Hidden title", Words(slides[0]));   // the notebook's title, as its handout's
        Assert.Equal("nb", Words(SlideElements(Deck(NotebookOf(Code("1", 1).WithSlideType("skip"))))[0]));   // else its file name
    }

    [Fact]
    public void Writes_a_slides_html_file_in_utf8_without_a_byte_order_mark()
    {
        var writer = new SlideDeckWriter();
        Assert.Equal(".slides.html", writer.Extension);
        using var stream = new MemoryStream();
        var notebook = NotebookOf(Markdown("# μ · −"));
        writer.Write(notebook, new NotebookRunResult { SourcePath = "/tmp/nb.ipynb", Notebook = notebook }, NotebookSequence.Single(NotebookEntry.Of("/tmp/nb.ipynb", notebook)), stream);
        var bytes = stream.ToArray();
        Assert.Equal((byte)'<', bytes[0]);
        Assert.Contains("μ · −</h1>", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [InlineData("slide", SlideType.Slide)]
    [InlineData("subslide", SlideType.Subslide)]
    [InlineData("fragment", SlideType.Fragment)]
    [InlineData("skip", SlideType.Skip)]
    [InlineData("notes", SlideType.Notes)]
    [InlineData("-", SlideType.Continue)]
    [InlineData("Slide", SlideType.Continue)]
    public void Reads_the_slide_type_as_nbconvert_does(string value, SlideType type)
    {
        Assert.Equal(type, SlideTypes.Of(Markdown("x").WithSlideType(value)));
        Assert.Equal(SlideType.Continue, SlideTypes.Of(Markdown("x")));
        var wrong = Markdown("x");
        wrong.Metadata["slideshow"] = new JsonObject { ["slide_type"] = 3 };
        Assert.Equal(SlideType.Continue, SlideTypes.Of(wrong));
    }
}
