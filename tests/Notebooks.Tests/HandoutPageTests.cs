using System.Net;
using System.Text.RegularExpressions;
using TestSupport;

namespace Notebooks.Tests;

/// <summary>
/// The HTML handouts of the course notebooks (runner --html), opened in offline headless Chromium: every
/// chart drawn by plotly.js, every formula typeset by KaTeX, nothing fetched from the network.
/// </summary>
[Collection(NotebookRunCollection.Name)]
public partial class HandoutPageTests(NotebookRun run, ITestOutputHelper output)
{
    const string ChartDiv = "id=\"gancourse-plot-";

    [Theory]
    [MemberData(nameof(NotebookSourceTests.NotebookNames), MemberType = typeof(NotebookSourceTests))]
    public void Every_chart_is_drawn_and_every_formula_typeset_in_headless_chromium(string name)
    {
        var charts = run.Executed(name).Data("text/html").Count(h => h.Contains("class=\"gancourse-plot\""));
        Assert.True(charts > 0, $"{name} shows no chart; the test would prove nothing");

        var page = HeadlessChromium.Load(run.PagePath(name));

        Assert.Empty(page.Errors);
        var chartDivs = Segments(page.Dom, ChartDiv);
        Assert.Equal(charts, chartDivs.Count);
        var undrawn = chartDivs.Where(c => !c.Contains("main-svg", StringComparison.Ordinal)).ToList();
        Assert.True(undrawn.Count == 0, $"{undrawn.Count} of {charts} charts have no SVG:\n{string.Join("\n", undrawn.Select(c => c[..Math.Min(300, c.Length)]))}");

        var markup = ScriptsAndStyles().Replace(page.Dom, "");
        var formulas = Regex.Count(markup, "class=\"nb-math[\" ]");
        Assert.True(formulas > 0, $"{name} has no formulas");
        Assert.Equal(formulas, Regex.Count(markup, "<span class=\"katex\">"));
        Assert.DoesNotContain("katex-error", markup);
        Assert.DoesNotContain("nb-math-error", markup);
        var prose = Prose(markup);
        foreach (var delimiter in new[] { "$$", "\\(", "\\[" })
            Assert.False(prose.Contains(delimiter, StringComparison.Ordinal), $"raw TeX delimiter {delimiter} left in the text of {name}");
    }

    [Theory]
    [MemberData(nameof(NotebookSourceTests.NotebookNames), MemberType = typeof(NotebookSourceTests))]
    public void Pages_reference_nothing_on_the_network_and_carry_plotly_once(string name)
    {
        var html = File.ReadAllText(run.PagePath(name));
        Assert.Empty(WebResources.Find(html));
        Assert.Equal(1, Regex.Count(html, "<script[^>]*data-gancourse-plotly="));
        var megabytes = html.Length / (1024.0 * 1024);
        output.WriteLine($"{name}: {megabytes:0.0} MB");
        Assert.InRange(megabytes, 0.5, 6);   // plotly.js (3.6 MB) once, KaTeX with fonts (0.7 MB), the notebook
    }

    [Fact]
    public void Pages_link_the_notebooks_in_course_order()
    {
        var names = NotebookSourceTests.Names;
        for (int i = 0; i < names.Length; i++)
        {
            var html = File.ReadAllText(run.PagePath(names[i]));
            var previous = PagerLink().Matches(html).Where(m => m.Groups[1].Value == "prev").Select(m => m.Groups[2].Value).Distinct().ToList();
            var next = PagerLink().Matches(html).Where(m => m.Groups[1].Value == "next").Select(m => m.Groups[2].Value).Distinct().ToList();
            Assert.Equal(i > 0 ? [Path.ChangeExtension(names[i - 1], ".html")] : [], previous);
            Assert.Equal(i + 1 < names.Length ? [Path.ChangeExtension(names[i + 1], ".html")] : [], next);
            Assert.Contains($"{i + 1} of {names.Length}", html);
        }
    }

    /// <summary>The text from each occurrence of <paramref name="marker"/> to the next: one chart and what follows it.</summary>
    static List<string> Segments(string dom, string marker)
    {
        var starts = Regex.Matches(dom, Regex.Escape(marker)).Select(m => m.Index).Append(dom.Length).ToList();
        return starts.Zip(starts.Skip(1), (a, b) => dom[a..b]).ToList();
    }

    /// <summary>What a reader sees outside code (scripts and styles already removed): code and KaTeX's hidden TeX source removed too.</summary>
    static string Prose(string dom) => WebUtility.HtmlDecode(AnyTag().Replace(NotProse().Replace(dom, " "), " "));

    [GeneratedRegex(@"<(script|style)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptsAndStyles();

    [GeneratedRegex(@"<(pre|code|annotation)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex NotProse();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex AnyTag();

    [GeneratedRegex("rel=\"(prev|next)\" href=\"([^\"]+)\"")]
    private static partial Regex PagerLink();
}
