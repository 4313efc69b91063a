using NotebookRunner.Notebook;
using NotebookRunner.Tests.Support;
using TestSupport;
using static NotebookRunner.Tests.Html.Pages;
using static NotebookRunner.Tests.Slides.Decks;

namespace NotebookRunner.Tests.Slides;

/// <summary>A deck opened in offline headless Chromium and walked slide by slide, as a presenter would.</summary>
public sealed class SlideDeckBrowserTests(ITestOutputHelper output) : IDisposable
{
    readonly TestFolder folder = new();

    static readonly string LongCode = string.Join("\n", Enumerable.Range(1, 40).Select(i => $"var value{i} = Math.Sqrt({i}) * {i}; // line {i} of a long cell"));

    static NotebookDocument Lecture() => NotebookOf(
        Markdown("# A lecture in slides\nWith $p_g$ and $p_r$ in the introduction."),
        Markdown("## Formulas\nThe value function\n\n$$\nV(D, G) = \\mathbb{E}_{x \\sim p_r}[\\log D(x)] + \\mathbb{E}_{z \\sim p_z}[\\log(1 - D(G(z)))]\n$$\n\nand $D^*(x) = \\frac{p_r(x)}{p_r(x) + p_g(x)}$."),
        Markdown("Say why the optimum is a ratio.").WithSlideType("notes"),
        Markdown("## Long code"),
        Code(LongCode, 3, new StreamOutput("stdout", string.Join("\n", Enumerable.Range(1, 60).Select(i => $"output line {i}")))),
        Markdown("## A long list\n" + string.Join("\n", Enumerable.Range(1, 24).Select(i => $"- point {i}: " + new string('w', 100)))),
        Markdown("## A table\n| a | b |\n|---|---|\n" + string.Join("\n", Enumerable.Range(1, 8).Select(i => $"| {i} | $x_{i}$ |"))),
        Markdown("Revealed on the next step.").WithSlideType("fragment"),
        Markdown("## Below").WithSlideType("subslide"),
        Markdown("## One long paragraph\n" + string.Join(" ", Enumerable.Repeat("A paragraph longer than any slide can show at once.", 80))),
        Markdown("Left out.").WithSlideType("skip"));

    [Fact]
    public void Every_slide_is_shown_fits_1280x720_and_has_its_formulas_typeset_offline()
    {
        var deck = folder.Write("lecture.slides.html", Deck(Lecture()));
        var walk = DeckWalk.Run(deck);
        foreach (var slide in walk.Slides) output.WriteLine($"{slide.H}/{slide.V} scrolls={slide.Scrolls} formulas={slide.Typeset}/{slide.Formulas}: {slide.Text}");

        Assert.Empty(walk.Errors);
        Assert.Empty(walk.Network);
        Assert.DoesNotContain(walk.Console, l => l.Contains("Uncaught", StringComparison.Ordinal));
        Assert.Equal(walk.Total, walk.Slides.Count);
        Assert.Equal(SlideElements(File.ReadAllText(deck)).Count, walk.Total);
        Assert.InRange(walk.Total, 6, 12);
        Assert.All(walk.Slides, s => Assert.True(s.Current, $"{s} was not shown"));
        Assert.All(walk.Slides, s => Assert.True(s.Fits, $"{s} is {s.Width}×{s.Height} with content {s.ScrollWidth}×{s.ScrollHeight}"));
        Assert.All(walk.Slides, s => Assert.Empty(s.Cut));
        Assert.All(walk.Slides, s => Assert.Equal(s.Formulas, s.Typeset));
        Assert.Equal(2 + 2 + 8, walk.Slides.Sum(s => s.Formulas));

        // The long cell scrolls inside its own box: its slide is not taller than the screen.
        var code = Assert.Single(walk.Slides, s => s.Text.Contains("var value1 ", StringComparison.Ordinal));
        Assert.False(code.Scrolls, $"{code} should fit, its code and output scrolling in their boxes");
        // A paragraph taller than the slide scrolls inside it rather than running off it (Fits above).
        Assert.True(Assert.Single(walk.Slides, s => s.Text.StartsWith("One long paragraph", StringComparison.Ordinal)).Scrolls);
        Assert.Contains("Say why the optimum is a ratio.", Assert.Single(walk.Slides, s => s.Notes.Length > 0).Notes);
        Assert.Equal(1, walk.Slides.Sum(s => s.Fragments));
        Assert.Contains(walk.Slides, s => s.Text.StartsWith("A long list point 1:", StringComparison.Ordinal));
        Assert.Contains(walk.Slides, s => s.Text.StartsWith("A long list point", StringComparison.Ordinal) && s.V > 0);
        Assert.DoesNotContain(walk.Slides, s => s.Text.Contains("Left out", StringComparison.Ordinal));
    }

    [Fact]
    public void A_slide_opens_from_its_address_at_the_size_of_a_projector()
    {
        var deck = folder.Write("lecture.slides.html", Deck(Lecture()));
        var png = folder["formulas.png"];
        HeadlessChromium.Screenshot(deck, png, "#/1");
        var header = File.ReadAllBytes(png).AsSpan(16, 8).ToArray();
        Assert.Equal((1280, 720), (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4))));
        Assert.True(new FileInfo(png).Length > 10_000, "the screenshot is blank");
    }

    [Fact]
    public void Charts_drawn_while_their_slide_was_hidden_fill_their_box_once_it_is_shown()
    {
        // Boxes as wide as the slide: plotly.js draws a hidden chart at its default 700 px, so only the
        // deck's resizing makes them fit. The library comes in an output of its own, as notebooks emit it.
        string Chart(string id) => $"<div id=\"{id}\" style=\"width:100%;height:300px\"></div>\n<script>Plotly.newPlot('{id}', [{{ x: [1, 2, 3], y: [2, 1, 3], type: 'scatter' }}], {{ autosize: true, height: 300 }}, {{ responsive: true }});</script>";
        var deck = folder.Write("charts.slides.html", Deck(NotebookOf(
            Markdown("# Charts"),
            Markdown("## The library"),
            Code("Plotly()", 1, new DisplayOutput(MimeBundle.Of("text/html", PlotlyScript()), null)),
            Markdown("## A chart"),
            Code("Chart(1)", 2, new DisplayOutput(MimeBundle.Of("text/html", Chart("chart-1")), null)),
            Markdown("## In between"),
            Markdown("## Another chart, further on"),
            Code("Chart(2)", 3, new DisplayOutput(MimeBundle.Of("text/html", Chart("chart-2")), null)))));

        var walk = DeckWalk.Run(deck);

        Assert.Empty(walk.Errors);
        var charts = walk.Slides.SelectMany(s => s.Charts).ToList();
        Assert.Equal(2, charts.Count);
        Assert.All(charts, c => Assert.True(c.Fits, $"chart drawn {c.Width}×{c.Height} in a box {c.Box} wide"));
        Assert.All(charts, c => Assert.Equal(1184, c.Box));
    }

    /// <summary>plotly.js as Plotly.NET embeds it, as a script element.</summary>
    static string PlotlyScript()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return "<script>\n" + reader.ReadToEnd() + "\n</script>";
    }

    public void Dispose() => folder.Dispose();
}
