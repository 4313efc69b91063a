using Shared;
using System.Text;
using System.Text.Json.Nodes;
using Plotly.NET;

namespace GanCourse.Charts;

/// <summary>
/// A chart ready for display: notebooks show it as HTML (see <c>Course.Setup</c>), handouts embed it,
/// <see cref="SaveHtml"/> writes a page that works offline. Built by <see cref="Plot"/>.
/// </summary>
public sealed class Figure
{
    /// <summary>Wraps any Plotly.NET chart, e.g. one restyled from another figure's <see cref="Chart"/>.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="title">Title used for the page and the text shown without JavaScript.</param>
    /// <param name="height">Height of the chart's area in CSS pixels.</param>
    public Figure(GenericChart chart, string title = "Chart", int height = Plot.DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 50);
        Chart = chart;
        Title = title;
        Height = height;
    }

    /// <summary>
    /// The underlying Plotly.NET chart, for styling beyond what <see cref="Plot"/> offers; wrap the
    /// restyled chart in a new <see cref="Figure"/> to display it.
    /// </summary>
    public GenericChart Chart { get; }

    /// <summary>The chart's title.</summary>
    public string Title { get; }

    /// <summary>Height in CSS pixels; the width follows the page (at most 900 px).</summary>
    public int Height { get; }

    /// <summary>Names of the traces in drawing order (legend entries and reference lines).</summary>
    public IReadOnlyList<string> TraceNames =>
        FigureNode()["data"]!.AsArray().Select(t => (string?)t!["name"] ?? "").ToList();

    /// <summary>The plotly.js figure (<c>data</c> and <c>layout</c>) as JSON.</summary>
    public string ToFigureJson() => GenericChart.toFigureJson(Chart);

    /// <summary>
    /// HTML for a notebook output: the chart's &lt;div&gt; and drawing script, preceded by plotly.js
    /// when this is the first chart since <see cref="PlotlyJs.IncludeAgain"/>.
    /// </summary>
    public string ToHtml() => ToHtml(includePlotlyJs: PlotlyJs.TakePending());

    /// <summary>HTML for the chart alone or, with <paramref name="includePlotlyJs"/>, preceded by the library.</summary>
    public string ToHtml(bool includePlotlyJs) => ChartHtml.Fragment(this, includePlotlyJs);

    /// <summary>A complete HTML page with plotly.js inside it: opens in any browser without a network.</summary>
    public string ToStandaloneHtml() => ChartHtml.Page(this);

    /// <summary>Writes <see cref="ToStandaloneHtml"/> to <paramref name="path"/> (atomically: a reader never sees half a file).</summary>
    public void SaveHtml(string path) => AtomicFile.Write(path, Encoding.UTF8.GetBytes(ToStandaloneHtml()));

    /// <inheritdoc />
    public override string ToString() => $"Figure \"{Title}\": {string.Join(", ", TraceNames)}";

    internal JsonNode FigureNode() => JsonNode.Parse(ToFigureJson())!;
}
