using GanCourse.Training;

namespace GanCourse.Charts;

/// <summary>
/// One call per chart for the course notebooks. Every method validates its input (clear
/// <see cref="ArgumentException"/>s) and returns a <see cref="Figure"/> that notebooks display inline.
/// </summary>
public static partial class Plot
{
    /// <summary>Default chart height in pixels.</summary>
    public const int DefaultHeight = 420;

    /// <summary>log 2: where both plotted losses settle when D outputs ½ everywhere.</summary>
    public static readonly double Log2 = Math.Log(2);

    /// <summary>
    /// Generator loss and half the discriminator loss per epoch, from the measures "G loss" and "D loss" of a
    /// run. Halving D's loss (real BCE + fake BCE) puts both curves on one scale: at equilibrium, D = ½,
    /// each tends to log 2 (dashed line).
    /// </summary>
    public static Figure Losses(TrainingHistory history, string title = "Losses per epoch")
    {
        var (g, d, x) = Columns(history, "G loss", "D loss");
        return Losses(g, d, x, title);
    }

    /// <inheritdoc cref="Losses(TrainingHistory, string)"/>
    /// <param name="generatorLoss">Mean generator loss per epoch.</param>
    /// <param name="discriminatorLoss">Mean discriminator loss (real + fake) per epoch; plotted halved.</param>
    /// <param name="epochs">x values; 1, 2, 3, ... when omitted.</param>
    /// <param name="title">Chart title.</param>
    public static Figure Losses(double[] generatorLoss, double[] discriminatorLoss, double[]? epochs = null, string title = "Losses per epoch")
    {
        var x = EpochAxis(epochs, (generatorLoss, nameof(generatorLoss)), (discriminatorLoss, nameof(discriminatorLoss)));
        return Traces.Compose(
            [
                Traces.Line(x, generatorLoss, "G loss"),
                Traces.Line(x, discriminatorLoss.Select(d => d / 2).ToArray(), "½ D loss"),
                Traces.Reference(x, Log2, "log 2 ≈ 0.693"),
            ],
            title, "epoch", "loss");
    }

    /// <summary>Mean D(x) on real images and mean D(G(z)) on generated ones per epoch (the measures "D(x)" and "D(G(z))"); both tend to ½.</summary>
    public static Figure DiscriminatorOutputs(TrainingHistory history, string title = "Discriminator outputs per epoch")
    {
        var (real, fake, x) = Columns(history, "D(x)", "D(G(z))");
        return DiscriminatorOutputs(real, fake, x, title);
    }

    /// <inheritdoc cref="DiscriminatorOutputs(TrainingHistory, string)"/>
    /// <param name="realScores">Mean D(x) per epoch.</param>
    /// <param name="fakeScores">Mean D(G(z)) per epoch.</param>
    /// <param name="epochs">x values; 1, 2, 3, ... when omitted.</param>
    /// <param name="title">Chart title.</param>
    public static Figure DiscriminatorOutputs(double[] realScores, double[] fakeScores, double[]? epochs = null, string title = "Discriminator outputs per epoch")
    {
        var x = EpochAxis(epochs, (realScores, nameof(realScores)), (fakeScores, nameof(fakeScores)));
        return Traces.Compose(
            [
                Traces.Line(x, realScores, "D(x), real images"),
                Traces.Line(x, fakeScores, "D(G(z)), generated images"),
                Traces.Reference(x, 0.5, "½: D cannot tell"),
            ],
            title, "epoch", "mean discriminator output", yRange: (0, 1));
    }

    /// <summary>
    /// Any measures of a run per epoch, one line each, e.g. <c>Plot.History(history, ["W1 estimate"])</c>;
    /// optionally a score known at some epochs only (an MMD of samples) on a second axis, so one can see
    /// whether it moves with the measures.
    /// </summary>
    /// <param name="history">The run's record.</param>
    /// <param name="measures">Names of the measures to draw, as the training step reported them.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="yLabel">Label of the measures' axis.</param>
    /// <param name="score">Optional (epoch, value) pairs drawn dashed on a right-hand axis.</param>
    /// <param name="scoreName">Name of that score in the legend and on its axis.</param>
    public static Figure History(TrainingHistory history, IReadOnlyList<string> measures, string title = "Per epoch", string yLabel = "mean over the epoch",
        IEnumerable<(int Epoch, double Value)>? score = null, string scoreName = "score")
    {
        ArgumentNullException.ThrowIfNull(measures);
        if (measures.Count == 0) throw new ArgumentException("Name at least one measure to draw.", nameof(measures));
        var x = RequireEpochs(history);
        var traces = new List<Plotly.NET.GenericChart>();
        foreach (var name in measures) traces.Add(Traces.Line(x, Column(history, name), name));
        var points = score?.ToList();
        if (points is { Count: > 0 })
        {
            SeriesCheck.Name(scoreName, "The score");
            var sx = SeriesCheck.Axis([.. points.Select(p => (double)p.Epoch)], "the score's epochs");
            var sy = SeriesCheck.Axis([.. points.Select(p => p.Value)], $"the values of '{scoreName}'");
            traces.Add(Traces.OnSecondAxis(Traces.Line(sx, sy, scoreName, dashed: true)));
        }
        return Traces.Compose(traces, title, "epoch", yLabel, secondYLabel: points is { Count: > 0 } ? scoreName : null);
    }

    /// <summary>Two measures of a history and its epoch numbers.</summary>
    static (double[] First, double[] Second, double[] Epochs) Columns(TrainingHistory history, string first, string second)
    {
        var x = RequireEpochs(history);
        return (Column(history, first), Column(history, second), x);
    }

    static double[] RequireEpochs(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Epochs.Count == 0)
            throw new ArgumentException("The training history has no epochs yet: train at least one epoch before charting it.", nameof(history));
        return history.EpochNumbers;
    }

    static double[] Column(TrainingHistory history, string measure)
    {
        try { return history.Column(measure); }
        catch (KeyNotFoundException e) { throw new ArgumentException(e.Message, nameof(history), e); }
    }

    /// <summary>The x values for per-epoch series (1, 2, 3, ... unless given), checked against both series.</summary>
    static double[] EpochAxis(double[]? epochs, (double[] Values, string Name) first, (double[] Values, string Name) second)
    {
        SeriesCheck.NonEmpty(first.Values, first.Name);
        var x = epochs ?? Enumerable.Range(1, first.Values.Length).Select(e => (double)e).ToArray();
        SeriesCheck.Axis(x, nameof(epochs));
        SeriesCheck.SameLength(x, first.Values, "the epochs", first.Name);
        SeriesCheck.SameLength(x, second.Values, "the epochs", second.Name);
        return x;
    }
}
