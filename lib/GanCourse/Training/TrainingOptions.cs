using System.Globalization;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// Settings of a <see cref="TrainingLoop"/>: how many epochs, how an epoch is cut into steps, the seed, when
/// to keep samples and checkpoints. What a step does is the notebook's code, not a setting. Change what you
/// need with an initializer: <c>new TrainingOptions { Epochs = 20, Seed = 3 }</c>.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Total number of epochs; <see cref="TrainingLoop"/>'s Fit trains until the history holds this many.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Rows of the data per step when training on a data set; the last partial batch of an epoch is dropped.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Steps per epoch when training without a data set (samples drawn by the step itself, as on the real
    /// line or the ring). Leave it 0 when training on data: an epoch is then one pass, ⌊rows / BatchSize⌋ steps.
    /// </summary>
    public int StepsPerEpoch { get; init; }

    /// <summary>
    /// Seed of the run: at the start of epoch e the global generator (noise, dropout, shuffling) is reseeded
    /// from (Seed, e), so a run resumed from a checkpoint continues exactly as if it had not stopped. Weights
    /// are initialised when the networks are created: seed before that (<c>torch.manual_seed</c>).
    /// </summary>
    public long Seed { get; init; } = 1;

    /// <summary>Epochs after which the samples function runs and its output is kept (the last epoch is always added).</summary>
    public IReadOnlyList<int> SampleEpochs { get; init; } = [1, 2, 4, 10, 50, 100];

    /// <summary>TorchSharp's intra-op threads while training (restored afterwards); null keeps the current count. Small networks train faster on one (<see cref="TorchThreads"/>).</summary>
    public int? Threads { get; init; }

    /// <summary>Where the data's batches go; null uses <see cref="ComputeDevice.Default"/> (CUDA when available, else the CPU). The networks must be there too.</summary>
    public Device? Device { get; init; }

    /// <summary>Whether the run shows its progress (in a notebook: one line that updates in place).</summary>
    public bool ShowProgress { get; init; } = true;

    /// <summary>Folder for checkpoints; null saves none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Save a checkpoint every this many epochs (and after the last epoch) when <see cref="CheckpointDirectory"/> is set.</summary>
    public int CheckpointEvery { get; init; } = 10;

    /// <summary>How many of this run's newest checkpoints to keep; older ones are deleted.</summary>
    public int CheckpointsToKeep { get; init; } = 2;

    /// <summary>
    /// Checks every option before any work, so that a mistake is reported by name with the allowed range
    /// (every comparison with NaN is false, so each check lets only good values through).
    /// </summary>
    internal void Validate()
    {
        AtLeast(Epochs, 1, nameof(Epochs));
        AtLeast(BatchSize, 1, nameof(BatchSize));
        AtLeast(StepsPerEpoch, 0, nameof(StepsPerEpoch), " (0 when training on a data set)");
        AtLeast(CheckpointEvery, 1, nameof(CheckpointEvery));
        AtLeast(CheckpointsToKeep, 1, nameof(CheckpointsToKeep));
        if (Threads is < 1)
            throw new ArgumentOutOfRangeException(nameof(Threads), $"TrainingOptions.Threads must be at least 1 (or null to keep the current count); it is {Threads}.");
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
            throw new ArgumentOutOfRangeException(name, string.Create(CultureInfo.InvariantCulture, $"TrainingOptions.{name} must be at least {minimum}{note}; it is {value}."));
    }
}
