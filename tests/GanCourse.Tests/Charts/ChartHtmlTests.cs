using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GanCourse.Charts;
using GanCourse.Tests.Notebook;

namespace GanCourse.Tests.Charts;

[Collection(NotebookStateCollection.Name)]
public partial class ChartHtmlTests
{
    static Figure Chart(string title = "t") => Plot.Lines([0, 1, 2], [("a", [1.0, 2.0, 3.0]), ("b", [3.0, 2.0, 1.0])], title);

    static int PlotlyCopies(string html) => Regex.Matches(html, $"<script[^>]*{PlotlyJs.MarkerAttribute}=\"{PlotlyJs.Version}\"").Count;

    [GeneratedRegex(@"var figure = (.*);\n")]
    private static partial Regex FigureLiteral();

    [GeneratedRegex("https?://", RegexOptions.IgnoreCase)]
    private static partial Regex WebAddress();

    [Fact]
    public void A_chart_is_a_div_and_a_script_that_draws_its_traces_into_it()
    {
        var html = Chart().ToHtml(includePlotlyJs: false);

        var id = Regex.Match(html, "<div id=\"(gancourse-plot-[0-9a-f]{32})\" class=\"gancourse-plot\"").Groups[1].Value;
        Assert.NotEmpty(id);
        Assert.Contains($"var id = '{id}'", html);
        Assert.Contains(">Chart: t (drawn by plotly.js; needs JavaScript).</div>", html); // what viewers without JavaScript show
        Assert.Contains("window.Plotly.newPlot(el, figure.data, figure.layout, config)", html);
        var figure = JsonNode.Parse(FigureLiteral().Match(html).Groups[1].Value)!;
        Assert.Equal(["a", "b"], figure["data"]!.AsArray().Select(t => (string?)t!["name"]));
        Assert.Equal([3.0, 2.0, 1.0], figure["data"]![1]!["y"]!.AsArray().Select(v => (double)v!));
        Assert.Equal(0, PlotlyCopies(html));
        Assert.NotEqual(id, Regex.Match(Chart().ToHtml(false), "gancourse-plot-[0-9a-f]{32}").Value);
    }

    [Fact]
    public void Plotly_js_comes_with_the_first_chart_only_until_included_again()
    {
        PlotlyJs.IncludeAgain();
        Assert.True(PlotlyJs.IsPending);

        var first = Chart().ToHtml();
        var later = Enumerable.Range(0, 3).Select(_ => Chart().ToHtml()).ToList();

        Assert.Equal(1, PlotlyCopies(first));
        Assert.True(first.IndexOf(PlotlyJs.MarkerAttribute, StringComparison.Ordinal) < first.IndexOf("<div id=", StringComparison.Ordinal));
        Assert.All(later, html => Assert.Equal(0, PlotlyCopies(html)));
        Assert.False(PlotlyJs.IsPending);
        Assert.True(later[0].Length < 20_000, $"a chart without the library should be small, was {later[0].Length} characters");

        PlotlyJs.IncludeAgain();
        Assert.Equal(1, PlotlyCopies(Chart().ToHtml()));
        Assert.Equal(0, PlotlyCopies(Chart().ToHtml()));
    }

    [Fact]
    public void Nothing_in_chart_html_or_pages_names_a_web_address()
    {
        var withLibrary = Chart().ToHtml(includePlotlyJs: true);
        var page = Chart().ToStandaloneHtml();

        Assert.Empty(WebAddress().Matches(withLibrary));
        Assert.Empty(WebAddress().Matches(page));
        Assert.DoesNotContain(" src=", page);
        Assert.DoesNotContain("<link", page);
    }

    [Fact]
    public void The_library_script_is_the_embedded_plotly_js_with_only_its_slashes_escaped()
    {
        var script = PlotlyJs.ScriptElement();
        var original = ReadEmbedded();

        Assert.StartsWith($"<script type=\"text/javascript\" {PlotlyJs.MarkerAttribute}=\"2.28.0\">", script);
        Assert.EndsWith("</script>", script);
        Assert.Contains("(function (define, exports, module) {", script);
        Assert.Contains("if (typeof window.Plotly === 'undefined')", script);
        Assert.Single(Regex.Matches(script, "</script", RegexOptions.IgnoreCase));
        Assert.Contains("plotly.js v2.28.0", original);
        Assert.True(WebAddress().IsMatch(original), "the original mentions web addresses");

        var escaped = PlotlyJs.OfflineSource(original);
        Assert.Contains(escaped, script);
        Assert.Equal(original, escaped.Replace(@"http:\/\/", "http://").Replace(@"https:\/\/", "https://"));
        Assert.Contains(@"""http:\/\/www.w3.org/2000/svg""", escaped);
    }

    [Fact]
    public void A_title_cannot_end_the_script_early()
    {
        var html = Chart("</script><script>alert(1)</script>").ToHtml(false);

        Assert.Contains(">Chart: &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; (drawn", html);
        Assert.Single(Regex.Matches(html, "</script", RegexOptions.IgnoreCase));
        var figure = JsonNode.Parse(FigureLiteral().Match(html).Groups[1].Value)!;
        Assert.Equal("</script><script>alert(1)</script>", (string?)figure["layout"]!["title"]!["text"]);
    }

    [Fact]
    public void Saved_page_is_complete_and_carries_the_library_once()
    {
        var path = Path.Combine(Path.GetTempPath(), "gancourse-chart-" + Guid.NewGuid().ToString("N") + ".html");
        try
        {
            Plot.Losses([0.7, 0.69], [1.4, 1.39], title: "Loss & <co>").SaveHtml(path);
            var page = File.ReadAllText(path);

            Assert.StartsWith("<!DOCTYPE html>", page);
            Assert.Contains("<title>Loss &amp; &lt;co&gt;</title>", page);
            Assert.Equal(1, PlotlyCopies(page));
            Assert.Contains("class=\"gancourse-plot\"", page);
            Assert.EndsWith("</html>\n", page);
        }
        finally
        {
            File.Delete(path);
        }
    }

    static string ReadEmbedded()
    {
        using var stream = typeof(Plotly.NET.GenericChart).Assembly.GetManifestResourceStream($"Plotly.NET.plotly-{PlotlyJs.Version}.min.js")!;
        return new StreamReader(stream).ReadToEnd();
    }
}
