using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GanCourse.Charts;

/// <summary>Points in the plane, in one panel per snapshot: <c>Plot.PointPanels(...)</c>.</summary>
public static partial class Plot
{
    const string PointColor = "#1f77b4", MarkerPointColor = "#d62728";

    /// <summary>
    /// Scatter plots of two-dimensional samples side by side, e.g. a generator's samples after several
    /// training steps, all panels on the same square axes so they compare at a glance.
    /// </summary>
    /// <param name="panels">One panel per entry: its title and the points' x and y coordinates.</param>
    /// <param name="title">Title of the whole figure.</param>
    /// <param name="markers">Optional points drawn in every panel on top of the samples (e.g. the modes' centres).</param>
    /// <param name="columns">Panels per row.</param>
    /// <param name="axisLimit">Both axes run from −axisLimit to axisLimit; by default the largest |coordinate| plus 10 %.</param>
    public static Figure PointPanels(
        IEnumerable<(string Title, double[] X, double[] Y)> panels,
        string title,
        (string Name, double[] X, double[] Y)? markers = null,
        int columns = 4,
        double? axisLimit = null)
    {
        var list = SeriesCheck.AtLeastOne(panels, nameof(panels));
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        foreach (var (panelTitle, x, y) in list)
        {
            SeriesCheck.Name(panelTitle, "A panel");
            SeriesCheck.Axis(x, $"x of panel '{panelTitle}'");
            SeriesCheck.Axis(SeriesCheck.SameLength(x, y, $"x of panel '{panelTitle}'", $"y of panel '{panelTitle}'"), $"y of panel '{panelTitle}'");
        }
        if (markers is { } m)
        {
            SeriesCheck.Name(m.Name, "The markers");
            SeriesCheck.Axis(m.X, "the markers' x");
            SeriesCheck.Axis(SeriesCheck.SameLength(m.X, m.Y, "the markers' x", "the markers' y"), "the markers' y");
        }
        var limit = axisLimit ?? 1.1 * list.SelectMany(p => p.X.Concat(p.Y)).Concat(markers is { } mm ? mm.X.Concat(mm.Y) : []).Max(Math.Abs);
        if (!(limit > 0) || !double.IsFinite(limit)) throw new ArgumentOutOfRangeException(nameof(axisLimit), axisLimit, "the axis limit must be a positive number.");

        columns = Math.Min(columns, list.Count);
        int rows = (list.Count + columns - 1) / columns;
        var charts = list.Select((panel, i) =>
        {
            var traces = new List<GenericChart> { Points(panel.X, panel.Y, "samples", PointColor, size: 3, opacity: 0.5, showLegend: i == 0) };
            if (markers is { } marker) traces.Add(Points(marker.X, marker.Y, marker.Name, MarkerPointColor, size: 7, opacity: 1, showLegend: i == 0, symbol: "x"));
            return CSharpChart.Combine(traces)
                .WithXAxisStyle<double, double, string>(MinMax: Tuple.Create(-limit, limit), ShowGrid: true, GridColor: Color.fromString("#e6e6e6"))
                .WithYAxisStyle<double, double, string>(MinMax: Tuple.Create(-limit, limit), ShowGrid: true, GridColor: Color.fromString("#e6e6e6"));
        }).ToList();

        var chart = CSharpChart.Grid(charts, rows, columns,
            SubPlotTitles: list.Select(p => p.Title).ToArray(),
            XGap: 0.08, YGap: 0.18);
        chart = Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
        int height = 90 + rows * 250;
        var layout = new Layout();
        layout.SetProperty("height", height);
        layout.SetProperty("autosize", true);
        layout.SetProperty("hovermode", "closest");
        layout.SetProperty("margin", new Dictionary<string, int> { ["t"] = 70, ["b"] = 40 });
        layout.SetProperty("legend", new Dictionary<string, object> { ["orientation"] = "h", ["x"] = 0, ["xanchor"] = "left", ["y"] = -0.04, ["yanchor"] = "top" });
        chart = Plotly.NET.Chart.withLayout(layout).Invoke(chart);
        chart = Plotly.NET.Chart.withTemplate(ChartTemplates.light).Invoke(chart);
        GenericChart.getLayout(chart).RemoveProperty("width");
        return new Figure(chart, title, height);
    }

    static GenericChart Points(double[] x, double[] y, string name, string color, int size, double opacity, bool showLegend, string symbol = "circle")
    {
        // Three decimals are far below a marker's size and keep a page of thousands of points small.
        var chart = CSharpChart.Point<double, double, string>(
            x: x.Select(v => Math.Round(v, 3)).ToArray(), y: y.Select(v => Math.Round(v, 3)).ToArray(), Name: name, ShowLegend: showLegend);
        foreach (var trace in GenericChart.getTraces(chart))
            trace.SetProperty("marker", new Dictionary<string, object> { ["size"] = size, ["color"] = color, ["opacity"] = opacity, ["symbol"] = symbol });
        return chart;
    }
}
