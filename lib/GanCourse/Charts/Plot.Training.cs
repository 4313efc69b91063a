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
    /// Generator loss and half the discriminator loss per epoch. Halving D's loss (real BCE + fake BCE)
    /// puts both curves on one scale: at equilibrium, D = ½, each tends to log 2 (dashed line).
    /// </summary>
    public static Figure Losses(TrainingHistory history, string title = "Losses per epoch")
    {
        var (g, d, x) = Columns(history, e => e.GeneratorLoss, e => e.DiscriminatorLoss);
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

    /// <summary>Mean D(x) on real images and mean D(G(z)) on generated ones per epoch; both tend to ½.</summary>
    public static Figure DiscriminatorOutputs(TrainingHistory history, string title = "Discriminator outputs per epoch")
    {
        var (real, fake, x) = Columns(history, e => e.RealScore, e => e.FakeScore);
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

    /// <summary>Two per-epoch columns of a history and its epoch numbers.</summary>
    static (double[] First, double[] Second, double[] Epochs) Columns(TrainingHistory history, Func<EpochStats, double> first, Func<EpochStats, double> second)
    {
        ArgumentNullException.ThrowIfNull(history);
        var epochs = history.Epochs;
        if (epochs.Count == 0)
            throw new ArgumentException("The training history has no epochs yet: train at least one epoch before charting it.", nameof(history));
        return ([.. epochs.Select(first)], [.. epochs.Select(second)], [.. epochs.Select(e => (double)e.Epoch)]);
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
