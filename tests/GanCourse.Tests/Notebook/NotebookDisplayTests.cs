using GanCourse.Charts;
using GanCourse.Notebook;
using GanCourse.Tests.Charts;
using Microsoft.DotNet.Interactive.Formatting;

namespace GanCourse.Tests.Notebook;

[Collection(NotebookStateCollection.Name)]
public class NotebookDisplayTests
{
    static readonly Figure Chart = Plot.Lines([0, 1], [("a", [1.0, 2.0])], "chart");
    static readonly PngImage Image = PngImage.FromGray([0, 128, 255, 64], 2, 2, "caption");

    [Fact]
    public void Charts_are_html_and_images_are_png_with_an_html_fallback()
    {
        NotebookDisplay.Register();

        Assert.Equal([NotebookDisplay.Html], Formatter.GetPreferredMimeTypesFor(typeof(Figure)));
        Assert.Equal([NotebookDisplay.Png, NotebookDisplay.Html], Formatter.GetPreferredMimeTypesFor(typeof(PngImage)).Order());
        Assert.Equal([NotebookDisplay.PlainText], Formatter.GetPreferredMimeTypesFor(typeof(SetupReport)));

        var html = Chart.ToDisplayString(NotebookDisplay.Html);
        Assert.Contains("class=\"gancourse-plot\"", html);
        Assert.Contains("\"name\":\"a\"", html);
        Assert.Equal(Chart.ToString(), Chart.ToDisplayString(NotebookDisplay.PlainText));

        var base64 = Image.ToDisplayString(NotebookDisplay.Png);
        Assert.Equal([0, 128, 255, 64], PngReader.Read(Convert.FromBase64String(base64)).Pixels);
        Assert.StartsWith("<figure style=\"margin:0\"><img src=\"data:image/png;base64," + base64 + "\"", Image.ToDisplayString(NotebookDisplay.Html));
        Assert.Equal("PNG 2×2: caption", Image.ToDisplayString(NotebookDisplay.PlainText));
    }

    [Fact]
    public void Formatting_a_chart_for_a_notebook_includes_plotly_js_only_the_first_time()
    {
        NotebookDisplay.Register();
        PlotlyJs.IncludeAgain();

        var first = Chart.ToDisplayString(NotebookDisplay.Html);
        var second = Chart.ToDisplayString(NotebookDisplay.Html);

        Assert.Contains(PlotlyJs.MarkerAttribute, first);
        Assert.DoesNotContain(PlotlyJs.MarkerAttribute, second);
    }

    [Fact]
    public void Registering_twice_adds_nothing_and_a_formatter_reset_is_repaired()
    {
        NotebookDisplay.Register();
        var count = Formatter.RegisteredFormatters(includeDefaults: false).Count();

        Assert.False(NotebookDisplay.Register());
        Assert.Equal(count, Formatter.RegisteredFormatters(includeDefaults: false).Count());

        Formatter.ResetToDefault();
        Assert.False(NotebookDisplay.IsRegistered());
        Assert.True(NotebookDisplay.Register());
        Assert.True(NotebookDisplay.IsRegistered());
        Assert.Equal([NotebookDisplay.Html], Formatter.GetPreferredMimeTypesFor(typeof(Figure)));
    }

    [Fact]
    public void Any_plotly_chart_draws_offline_and_wins_over_a_formatter_for_GenericChart_registered_later()
    {
        NotebookDisplay.Register();
        // What Plotly.NET.Interactive registers when its extension loads: HTML that fetches plotly.js from a CDN.
        Formatter.Register<Plotly.NET.GenericChart>((_, writer) => writer.Write("<script src=\"from-a-cdn\"></script>"), NotebookDisplay.Html);
        PlotlyJs.IncludeAgain();
        var single = Plotly.NET.CSharp.Chart.Line<double, double, string>(x: [0.0, 1.0], y: [1.0, 2.0], Name: "student");
        var combined = Plotly.NET.CSharp.Chart.Combine([single, single]);

        var first = single.ToDisplayString(NotebookDisplay.Html);
        var second = combined.ToDisplayString(NotebookDisplay.Html);

        Assert.Contains(PlotlyJs.MarkerAttribute, first);
        Assert.Contains("class=\"gancourse-plot\"", first);
        Assert.Contains("\"name\":\"student\"", first);
        Assert.DoesNotContain("from-a-cdn", first);
        Assert.Contains("class=\"gancourse-plot\"", second);
        Assert.DoesNotContain(PlotlyJs.MarkerAttribute, second);
        Assert.Equal(2, NotebookDisplay.GenericChartTypes.Count);
    }

    [Fact]
    public void A_progress_line_is_a_bar_with_its_text()
    {
        NotebookDisplay.Register();
        var line = new ProgressLine(0.3, "epoch 3/10 <fast>");
        Assert.Equal([NotebookDisplay.Html, NotebookDisplay.PlainText], Formatter.GetPreferredMimeTypesFor(typeof(ProgressLine)));
        Assert.Equal("<div class=\"gancourse-progress\"><progress value=\"300\" max=\"1000\" style=\"width:12em;vertical-align:middle\"></progress> <code>epoch 3/10 &lt;fast&gt;</code></div>", line.ToDisplayString(NotebookDisplay.Html));
        Assert.Equal("epoch 3/10 <fast>", line.ToDisplayString(NotebookDisplay.PlainText));
    }
}
