using System.Globalization;

namespace GanCourse.Training;

/// <summary>
/// A progress report from <see cref="GanTrainer.Fit"/>: sent every <see cref="TrainingOptions.ProgressEvery"/>
/// iterations and at the end of each epoch. Losses and scores are running means over the epoch so far.
/// </summary>
/// <param name="Epoch">1-based epoch being trained.</param>
/// <param name="Epochs">Total epochs of the run.</param>
/// <param name="Iteration">Iterations done in this epoch (1-based count).</param>
/// <param name="IterationsPerEpoch">Batches per epoch.</param>
/// <param name="GeneratorLoss">Mean G loss so far this epoch.</param>
/// <param name="DiscriminatorLoss">Mean D loss (real + fake) so far this epoch.</param>
/// <param name="RealScore">Mean D(x) so far this epoch.</param>
/// <param name="FakeScore">Mean D(G(z)) so far this epoch.</param>
/// <param name="Elapsed">Time since this call to Fit started.</param>
/// <param name="Remaining">Estimated time to the end of the run; null before the first iteration.</param>
/// <param name="Completed">The epoch's statistics when this report ends an epoch, else null.</param>
public sealed record TrainingProgress(
    int Epoch, int Epochs, int Iteration, int IterationsPerEpoch,
    double GeneratorLoss, double DiscriminatorLoss, double RealScore, double FakeScore,
    TimeSpan Elapsed, TimeSpan? Remaining, EpochStats? Completed)
{
    /// <summary>True when this report ends an epoch.</summary>
    public bool EpochCompleted => Completed != null;

    /// <summary>Fraction of the whole run done, 0–1 (epochs resumed from a checkpoint count as done).</summary>
    public double Fraction => Epochs == 0 ? 1 : ((Epoch - 1) * (double)IterationsPerEpoch + Iteration) / ((double)Epochs * IterationsPerEpoch);

    /// <summary>One line, e.g. <c>epoch 3/100  iter 400/937  G 0.8123  D 1.3120  D(x) 0.531  D(G(z)) 0.468  0:12 elapsed, ETA 6:40</c>.</summary>
    public override string ToString()
    {
        var eta = Remaining is { } r ? ", ETA " + Clock(r) : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {Epoch}/{Epochs}  iter {Iteration}/{IterationsPerEpoch}  G {GeneratorLoss:F4}  D {DiscriminatorLoss:F4}  D(x) {RealScore:F3}  D(G(z)) {FakeScore:F3}  {Clock(Elapsed)} elapsed{eta}");
    }

    static string Clock(TimeSpan t) => t.TotalHours >= 1
        ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}"
        : $"{t.Minutes}:{t.Seconds:00}";
}

/// <summary>Ready-made progress reporters that print lines, for the console and notebooks alike.</summary>
public static class ConsoleProgress
{
    /// <summary>
    /// A reporter for <see cref="GanTrainer.Fit"/> that prints a line at the end of every epoch and, when
    /// <paramref name="everyIterations"/> &gt; 0, whenever another multiple of that many iterations has
    /// passed within an epoch. Writes to <paramref name="writer"/>, default the console at the time of
    /// each report (so notebook cells capture it).
    /// </summary>
    public static Action<TrainingProgress> Reporter(int everyIterations = 0, TextWriter? writer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(everyIterations);
        int lastEpoch = 0, lastBucket = 0;
        return p =>
        {
            if (p.Epoch != lastEpoch) (lastEpoch, lastBucket) = (p.Epoch, 0);
            bool print = p.EpochCompleted;
            if (!print && everyIterations > 0 && p.Iteration / everyIterations > lastBucket)
            {
                lastBucket = p.Iteration / everyIterations;
                print = true;
            }
            if (print) (writer ?? Console.Out).WriteLine(p.ToString());
        };
    }
}
