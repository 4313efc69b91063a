using GanCourse.Training;

namespace GanCourse.Charts;

/// <summary>Charts of a Wasserstein critic's view of training.</summary>
public static partial class Plot
{
    /// <summary>
    /// The critic's estimate of W1 per epoch of an <see cref="AdversarialTrainer"/> run, and optionally an
    /// independent score of the samples at some epochs (e.g. notebook 05's MMD) on a second axis, so one
    /// can see whether the two fall together.
    /// </summary>
    /// <param name="history">The run's per-epoch record.</param>
    /// <param name="score">Optional (epoch, value) pairs of a sample-quality score, plotted on the right axis.</param>
    /// <param name="scoreName">Name of that score in the legend and on its axis.</param>
    /// <param name="title">Chart title.</param>
    public static Figure CriticEstimate(AdversarialHistory history, IEnumerable<(int Epoch, double Value)>? score = null, string scoreName = "score",
        string title = "The critic's estimate of W1 per epoch")
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Epochs.Count == 0)
            throw new ArgumentException("The training history has no epochs yet: train at least one epoch before charting it.", nameof(history));
        var epochs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
        var traces = new List<Plotly.NET.GenericChart> { Traces.Line(epochs, [.. history.Epochs.Select(e => e.WassersteinEstimate)], "critic's estimate E f(x) − E f(G(z))") };
        var points = score?.ToList();
        if (points is { Count: > 0 })
        {
            SeriesCheck.Name(scoreName, "The score");
            var x = SeriesCheck.Axis([.. points.Select(p => (double)p.Epoch)], "the score's epochs");
            var y = SeriesCheck.Axis([.. points.Select(p => p.Value)], $"the values of '{scoreName}'");
            traces.Add(Traces.OnSecondAxis(Traces.Line(x, y, scoreName, dashed: true)));
        }
        return Traces.Compose(traces, title, "epoch", "W1 estimate", secondYLabel: points is { Count: > 0 } ? scoreName : null);
    }
}
