using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Plotly.NET.LayoutObjects;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace GanCourse.Charts;

/// <summary>
/// The few Plotly.NET calls the course needs, written once: Plotly.NET's core API takes F# options,
/// Plotly.NET.CSharp covers traces and axes but not titles or layout flags.
/// </summary>
static class Traces
{
    static readonly Color ReferenceColor = Color.fromString("#555555");
    static readonly Color GridColor = Color.fromString("#e6e6e6");

    public static GenericChart Line(double[] x, double[] y, string name, bool dashed = false)
    {
        var line = CSharpChart.Line<double, double, string>(
            x: x,
            y: y.Select(v => double.IsFinite(v) ? v : 0).ToArray(),
            Name: name,
            LineWidth: 2.0,
            LineDash: dashed ? StyleParam.DrawingStyle.Dash : StyleParam.DrawingStyle.Solid);
        // Non-finite values (a diverged loss, log 0) become gaps: JSON has no NaN, plotly.js skips nulls.
        if (!y.All(double.IsFinite))
            foreach (var trace in GenericChart.getTraces(line))
                trace.SetProperty("y", y.Select(v => double.IsFinite(v) ? v : (double?)null).ToArray());
        return line;
    }

    /// <summary>A dashed horizontal line across the data's x range, in the legend as <paramref name="name"/>.</summary>
    public static GenericChart Reference(double[] x, double y, string name) =>
        CSharpChart.Line<double, double, string>(
            x: [x.Min(), x.Max()],
            y: [y, y],
            Name: name,
            LineColor: ReferenceColor,
            LineWidth: 1.5,
            LineDash: StyleParam.DrawingStyle.Dash);

    /// <summary>Histogram scaled as a density (area 1), so it sits on the same axis as density curves.</summary>
    public static GenericChart DensityHistogram(double[] samples, string name, int bins) =>
        CSharpChart.Histogram<double, double, string>(
            X: samples,
            Name: name,
            Opacity: 0.45,
            HistNorm: StyleParam.HistNorm.ProbabilityDensity,
            NBinsX: bins);

    /// <summary>Moves a trace onto the second y axis (drawn on the right).</summary>
    public static GenericChart OnSecondAxis(GenericChart trace) =>
        Plotly.NET.Chart.withAxisAnchor(null, FSharpOption<int>.Some(2)).Invoke(trace);

    public static Figure Compose(
        IEnumerable<GenericChart> traces, string title, string xLabel, string yLabel,
        string? secondYLabel = null, bool overlayBars = false, (double Min, double Max)? yRange = null,
        int height = Plot.DefaultHeight)
    {
        var chart = CSharpChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: xLabel, ShowGrid: true, GridColor: GridColor)
            .WithYAxisStyle<double, double, string>(TitleText: yLabel, ShowGrid: true, GridColor: GridColor,
                MinMax: yRange is { } r ? Tuple.Create(r.Min, r.Max) : default(Optional<Tuple<double, double>>));
        if (secondYLabel != null)
            chart = chart.WithYAxisStyle<double, double, string>(
                TitleText: secondYLabel,
                Side: StyleParam.Side.Right,
                Overlaying: StyleParam.LinearAxisId.NewY(1),
                Id: StyleParam.SubPlotId.NewYAxis(2));
        chart = Plotly.NET.Chart.withTitle(title, null).Invoke(chart);

        // No width: the chart takes its container's width (notebook output, handout column).
        var layout = new Layout();
        layout.SetProperty("height", height);
        layout.SetProperty("autosize", true);
        layout.SetProperty("hovermode", "x unified");
        layout.SetProperty("margin", new Dictionary<string, int> { ["t"] = 60, ["b"] = secondYLabel == null ? 50 : 100 });
        if (secondYLabel != null)
        {
            // A legend at the right would sit on the second axis's labels; put it under the plot instead.
            layout.SetProperty("legend", new Dictionary<string, object>
            {
                ["orientation"] = "h", ["x"] = 0, ["xanchor"] = "left", ["y"] = -0.2, ["yanchor"] = "top",
            });
        }
        if (overlayBars) layout.SetProperty("barmode", "overlay");
        chart = Plotly.NET.Chart.withLayout(layout).Invoke(chart);
        chart = Plotly.NET.Chart.withTemplate(ChartTemplates.light).Invoke(chart);
        // Plotly.NET gives every chart a default width of 600 px; without one, the chart fills its container.
        GenericChart.getLayout(chart).RemoveProperty("width");
        return new Figure(chart, title, height);
    }
}
