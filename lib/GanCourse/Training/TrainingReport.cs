namespace GanCourse.Training;

/// <summary>
/// Where a run stands, as a <see cref="TrainingLoop"/> reports it: after every epoch, and within long
/// epochs about once a second. Measures are the running means of the epoch so far.
/// </summary>
/// <param name="Epoch">1-based epoch being trained.</param>
/// <param name="Epochs">Epochs of the whole run.</param>
/// <param name="Step">Steps done in this epoch.</param>
/// <param name="StepsPerEpoch">Steps in an epoch.</param>
/// <param name="Measures">Running mean of each measure over the epoch's steps so far.</param>
/// <param name="EpochSeconds">Wall time of this epoch's steps so far.</param>
/// <param name="Remaining">Estimated time to the end of the run; null before the first step.</param>
/// <param name="Completed">The epoch's record when this report ends an epoch, else null.</param>
public sealed record TrainingReport(
    int Epoch, int Epochs, int Step, int StepsPerEpoch,
    IReadOnlyDictionary<string, double> Measures, double EpochSeconds, TimeSpan? Remaining, EpochRecord? Completed)
{
    /// <summary>Share of the whole run done, 0–1 (epochs restored from a checkpoint count as done).</summary>
    public double Fraction => ((Epoch - 1) * (double)StepsPerEpoch + Step) / ((double)Epochs * StepsPerEpoch);
}

/// <summary>Shows a run's progress; a notebook's display implements it (<c>Course.Setup</c> installs one).</summary>
public interface ITrainingProgress
{
    /// <summary>Called on the training thread with each report.</summary>
    void Report(TrainingReport report);
}
