using Plotly.NET;

namespace GanCourse.Charts;

public static partial class Plot
{
    /// <summary>
    /// Density curves over one x grid, optionally with histograms of samples scaled as densities, e.g.
    /// <c>Plot.Densities(x, [("p_r", pr), ("p_g", pg)], [("samples of G", samples)])</c>.
    /// </summary>
    /// <param name="x">The grid the densities are evaluated on.</param>
    /// <param name="curves">Named densities, each with one value per x.</param>
    /// <param name="histograms">Named samples, drawn as histograms normalised to area 1.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xLabel">Label of the x axis.</param>
    /// <param name="bins">Number of histogram bins (plotly.js may round it to tidy bin edges).</param>
    public static Figure Densities(
        double[] x,
        IEnumerable<(string Name, double[] Density)> curves,
        IEnumerable<(string Name, double[] Samples)>? histograms = null,
        string title = "Densities",
        string xLabel = "x",
        int bins = 60)
    {
        SeriesCheck.Axis(x, nameof(x));
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        ArgumentNullException.ThrowIfNull(curves);
        var lines = curves.ToList();
        var bars = histograms?.ToList() ?? [];
        if (lines.Count == 0 && bars.Count == 0)
            throw new ArgumentException("Give at least one density curve or one histogram.", nameof(curves));

        // Curves first, so they take the first colours; plotly.js draws bars beneath lines anyway.
        var traces = new List<GenericChart>();
        foreach (var (name, density) in lines)
            traces.Add(Traces.Line(x, SeriesCheck.SameLength(x, density, nameof(x), $"density '{name}'"), SeriesCheck.Name(name, "A density")));
        foreach (var (name, samples) in bars)
            traces.Add(Traces.DensityHistogram(SeriesCheck.FiniteSamples(samples, $"histogram '{name}'"), SeriesCheck.Name(name, "A histogram"), bins));
        return Traces.Compose(traces, title, xLabel, "density", overlayBars: true);
    }

    /// <summary>The learned discriminator D(x) next to the optimal D*(x) = p_r/(p_r + p_g), with ½ marked.</summary>
    public static Figure DiscriminatorVersusOptimal(double[] x, double[] learned, double[] optimal, string title = "Learned D(x) and optimal D*(x)")
    {
        SeriesCheck.Axis(x, nameof(x));
        SeriesCheck.SameLength(x, learned, nameof(x), nameof(learned));
        SeriesCheck.SameLength(x, optimal, nameof(x), nameof(optimal));
        return Traces.Compose(
            [
                Traces.Line(x, optimal, "D*(x) = p_r / (p_r + p_g)", dashed: true),
                Traces.Line(x, learned, "learned D(x)"),
                Traces.Reference(x, 0.5, "½"),
            ],
            title, "x", "D(x)", yRange: (0, 1));
    }

    /// <summary>
    /// JS(p_r‖p_g) and W1(p_r, p_g) against the shift μ of p_g = N(μ, 1): JS saturates at log 2 (dashed)
    /// while W1 keeps growing. W1 goes on a second y axis unless <paramref name="secondAxis"/> is false.
    /// </summary>
    public static Figure JsAndW1VersusMu(double[] mu, double[] js, double[] w1, bool secondAxis = true, string title = "JS divergence and Wasserstein-1 distance against μ")
    {
        SeriesCheck.Axis(mu, nameof(mu));
        SeriesCheck.SameLength(mu, js, nameof(mu), nameof(js));
        SeriesCheck.SameLength(mu, w1, nameof(mu), nameof(w1));
        var w1Trace = Traces.Line(mu, w1, "W1(p_r, p_g)");
        return Traces.Compose(
            [
                Traces.Line(mu, js, "JS(p_r ‖ p_g)"),
                Traces.Reference(mu, Log2, "log 2: JS ceiling"),
                secondAxis ? Traces.OnSecondAxis(w1Trace) : w1Trace,
            ],
            title, "μ", secondAxis ? "JS (nats)" : "JS (nats), W1", secondYLabel: secondAxis ? "W1" : null);
    }

    /// <summary>
    /// Any number of named curves over one x grid, e.g. p_g after several training steps:
    /// <c>Plot.Lines(x, steps.Select(s => ($"step {s}", pg[s])), "p_g approaching p_r")</c>.
    /// </summary>
    /// <param name="x">Shared x values.</param>
    /// <param name="series">Named y values, one per x; non-finite values leave gaps.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xLabel">Label of the x axis.</param>
    /// <param name="yLabel">Label of the y axis.</param>
    /// <param name="reference">Optional dashed horizontal line, e.g. ("log 2", Math.Log(2)).</param>
    public static Figure Lines(
        double[] x,
        IEnumerable<(string Name, double[] Y)> series,
        string title,
        string xLabel = "x",
        string yLabel = "y",
        (string Name, double Y)? reference = null)
    {
        SeriesCheck.Axis(x, nameof(x));
        var traces = SeriesCheck.AtLeastOne(series, nameof(series))
            .Select(s => Traces.Line(x, SeriesCheck.SameLength(x, s.Y, nameof(x), $"series '{s.Name}'"), SeriesCheck.Name(s.Name, "A series")))
            .ToList();
        if (reference is { } r)
        {
            if (!double.IsFinite(r.Y)) throw new ArgumentException($"The reference line's y must be finite, not {r.Y}.", nameof(reference));
            traces.Add(Traces.Reference(x, r.Y, SeriesCheck.Name(r.Name, "The reference line")));
        }
        return Traces.Compose(traces, title, xLabel, yLabel);
    }
}
