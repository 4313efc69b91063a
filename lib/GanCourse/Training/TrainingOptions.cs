using System.Globalization;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// Settings of a <see cref="GanTrainer"/> run. The defaults are the lecture's: 100 epochs of batch 64,
/// z of size 20 uniform on [−1, 1], Adam with lr 1e-3 and betas (0.9, 0.999) for each network, samples
/// of 64 fixed noise vectors after epochs 1, 2, 4, 10, 50, 100. Change what you need with <c>with</c>:
/// <c>new TrainingOptions { Epochs = 2 }</c>.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Total number of epochs; <see cref="GanTrainer.Fit"/> trains until the history holds this many.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Images per batch; the last partial batch of an epoch is dropped.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Length of the noise vector z; must match the generator's input.</summary>
    public int NoiseSize { get; init; } = 20;

    /// <summary>Distribution of z.</summary>
    public NoiseKind Noise { get; init; } = NoiseKind.Uniform;

    /// <summary>Adam learning rate of the generator.</summary>
    public double GeneratorLearningRate { get; init; } = 1e-3;

    /// <summary>Adam learning rate of the discriminator.</summary>
    public double DiscriminatorLearningRate { get; init; } = 1e-3;

    /// <summary>Adam β₁ for both networks.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam β₂ for both networks.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>
    /// Seed of the run's random streams: the shuffling and noise of epoch e come from a generator seeded
    /// from (Seed, e), and the global generator (dropout) is reseeded from (Seed, e) at the start of each
    /// epoch, so a run resumed from a checkpoint continues exactly as if it had not stopped. Weight
    /// initialisation happens when the models are created: seed before that with <see cref="ComputeDevice.Seed"/>.
    /// </summary>
    public long Seed { get; init; } = 1;

    /// <summary>Epochs after which the fixed noise batch is passed through G and stored (the last epoch is always added).</summary>
    public IReadOnlyList<int> SampleEpochs { get; init; } = [1, 2, 4, 10, 50, 100];

    /// <summary>Size of the fixed noise batch drawn once for the samples.</summary>
    public int SampleCount { get; init; } = 64;

    /// <summary>
    /// Iterations between progress reports within an epoch (each report reads the running means from the
    /// device once); 0 reports at epoch ends only.
    /// </summary>
    public int ProgressEvery { get; init; } = 100;

    /// <summary>Folder for checkpoints; null saves none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Save a checkpoint every this many epochs (and after the last epoch) when <see cref="CheckpointDirectory"/> is set.</summary>
    public int CheckpointEvery { get; init; } = 10;

    /// <summary>How many of the newest checkpoints to keep; older ones are deleted.</summary>
    public int CheckpointsToKeep { get; init; } = 2;

    /// <summary>Where to train; null picks CUDA when available, else the CPU (<see cref="ComputeDevice.Select"/>).</summary>
    public Device? Device { get; init; }

    /// <summary>
    /// Checks every option before any work, so that a mistake is reported by name with the allowed range
    /// (NaN included: every comparison with NaN is false, so each check is written to let only good values through).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range; the message names it.</exception>
    /// <exception cref="ArgumentNullException"><see cref="SampleEpochs"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="CheckpointDirectory"/> is empty or not a valid path.</exception>
    internal void Validate()
    {
        AtLeast(Epochs, 1, nameof(Epochs));
        AtLeast(BatchSize, 1, nameof(BatchSize));
        AtLeast(NoiseSize, 1, nameof(NoiseSize));
        AtLeast(SampleCount, 1, nameof(SampleCount));
        AtLeast(ProgressEvery, 0, nameof(ProgressEvery), " (0 reports at epoch ends only)");
        AtLeast(CheckpointEvery, 1, nameof(CheckpointEvery));
        AtLeast(CheckpointsToKeep, 1, nameof(CheckpointsToKeep));
        LearningRate(GeneratorLearningRate, nameof(GeneratorLearningRate));
        LearningRate(DiscriminatorLearningRate, nameof(DiscriminatorLearningRate));
        Beta(Beta1, nameof(Beta1));
        Beta(Beta2, nameof(Beta2));
        if (!Enum.IsDefined(Noise))
            throw new ArgumentOutOfRangeException(nameof(Noise), $"TrainingOptions.Noise must be one of {string.Join(", ", Enum.GetNames<NoiseKind>())}; it is {(int)Noise}.");
        if (SampleEpochs is null)
            throw new ArgumentNullException(nameof(SampleEpochs), "TrainingOptions.SampleEpochs must be a list of epoch numbers (use [] for none besides the last epoch); it is null.");
        foreach (var epoch in SampleEpochs)
            if (epoch < 1)
                throw new ArgumentOutOfRangeException(nameof(SampleEpochs), $"TrainingOptions.SampleEpochs must hold epoch numbers of at least 1 (epochs count from 1); it holds {epoch}.");
        if (CheckpointDirectory is not null)
        {
            if (string.IsNullOrWhiteSpace(CheckpointDirectory))
                throw new ArgumentException("TrainingOptions.CheckpointDirectory must name a folder; it is empty. Use null to save no checkpoints.", nameof(CheckpointDirectory));
            try { Path.GetFullPath(CheckpointDirectory); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                throw new ArgumentException($"TrainingOptions.CheckpointDirectory \"{CheckpointDirectory}\" is not a valid path: {e.Message}", nameof(CheckpointDirectory), e);
            }
        }
    }

    static void AtLeast(int value, int minimum, string name, string note = "")
    {
        if (value < minimum)
            throw new ArgumentOutOfRangeException(name, $"TrainingOptions.{name} must be at least {minimum}{note}; it is {value}.");
    }

    static void LearningRate(double value, string name)
    {
        if (!(value > 0 && double.IsFinite(value)))
            throw new ArgumentOutOfRangeException(name, $"TrainingOptions.{name} must be a finite number greater than 0 (the lecture uses 1e-3); it is {Show(value)}.");
    }

    static void Beta(double value, string name)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, $"TrainingOptions.{name} must lie in [0, 1) (Adam's decay rate of a moment; the lecture uses 0.9 and 0.999); it is {Show(value)}.");
    }

    static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
