using System.Buffers.Binary;
using System.Text.RegularExpressions;
using TestSupport;

namespace Notebooks.Tests;

/// <summary>
/// The slide decks of the course notebooks (runner --slides), each opened in offline headless Chromium and
/// walked slide by slide: every chart drawn at the size of its slide, every formula typeset, every slide
/// within 1280×720, nothing fetched from the network. A few slides of each are saved as screenshots
/// (artifacts/slides-screenshots/) for a person to look at.
/// </summary>
[Collection(NotebookRunCollection.Name)]
public class SlideDeckTests(NotebookRun run, ITestOutputHelper output)
{
    /// <summary>Whatever notebooks/ holds, as the run executes the whole folder.</summary>
    public static TheoryData<string> Notebooks =>
        [.. Directory.GetFiles(Path.Combine(NotebookRun.FindRepoRoot(), "notebooks"), "*.ipynb").Select(Path.GetFileName).Order(StringComparer.Ordinal).OfType<string>()];

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_slide_shows_its_charts_and_formulas_and_fits_a_projector_offline(string name)
    {
        var deck = run.DeckPath(name);
        Assert.True(File.Exists(deck), $"no deck for {name}:\n{run.Output}");
        var html = File.ReadAllText(deck);
        Assert.Empty(WebResources.Find(html));

        var walk = DeckWalk.Run(deck);
        foreach (var slide in walk.Slides)
            output.WriteLine($"{slide.H}/{slide.V}{(slide.Scrolls ? " (scrolls)" : "")} charts {slide.Charts.Count}, formulas {slide.Typeset}/{slide.Formulas}, code {slide.CodeLines} lines: {slide.Text}");

        Assert.Empty(walk.Errors);
        Assert.DoesNotContain(walk.Console, l => l.Contains("Uncaught", StringComparison.Ordinal));
        Assert.Empty(walk.Network);
        Assert.Equal(walk.Total, walk.Slides.Count);
        Assert.True(walk.Total >= 3, $"{name} has {walk.Total} slides");
        Assert.All(walk.Slides, s => Assert.True(s.Current, $"{s} could not be shown"));
        Assert.All(walk.Slides, s => Assert.True(s.Fits, $"{s} is {s.Width}×{s.Height} px with content of {s.ScrollWidth}×{s.ScrollHeight}"));
        Assert.All(walk.Slides, s => Assert.True(s.Cut.Count == 0, $"{s} cuts off {string.Join(", ", s.Cut)}"));

        var charts = walk.Slides.SelectMany(s => s.Charts.Select(c => (Slide: s, Chart: c))).ToList();
        Assert.Equal(Regex.Count(html, "class=\"gancourse-plot\""), charts.Count);
        var misfits = charts.Where(c => !c.Chart.Notes && !c.Chart.Fits).ToList();
        Assert.True(misfits.Count == 0, string.Join("\n", misfits.Select(c => $"{c.Slide}: chart drawn {c.Chart.Width}×{c.Chart.Height} in a box {c.Chart.Box} wide")));

        Assert.All(walk.Slides, s => Assert.True(s.Typeset == s.Formulas, $"{s}: {s.Typeset} of {s.Formulas} formulas typeset"));
        Assert.True(walk.Slides.Sum(s => s.Formulas) > 0, $"{name} has no formulas; the test would prove less");
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Screenshots_of_the_title_a_chart_long_code_and_formulas_are_full_slides(string name)
    {
        var deck = run.DeckPath(name);
        var slides = DeckWalk.Run(deck).Slides;
        DeckWalk.Slide?[] chosen =
        [
            slides[0],
            slides.FirstOrDefault(s => s.Charts.Any(c => !c.Notes)),
            slides.MaxBy(s => s.CodeLines),
            slides.MaxBy(s => s.Formulas),
        ];
        var folder = Directory.CreateDirectory(Path.Combine(run.RepoRoot, "artifacts", "slides-screenshots")).FullName;
        foreach (var slide in chosen.OfType<DeckWalk.Slide>().Distinct())
        {
            var png = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)}-{slide.H}-{slide.V}.png");
            HeadlessChromium.Screenshot(deck, png, slide.Fragment);
            output.WriteLine($"{png}: {slide.Text}");
            var bytes = File.ReadAllBytes(png);
            Assert.Equal((1280, 720), (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))));
            Assert.True(bytes.Length > 15_000, $"{png} looks blank ({bytes.Length} bytes)");
        }
    }
}
