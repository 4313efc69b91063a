using GanCourse.Data;
using GanCourse.Models;
using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

/// <summary>
/// Tests that compare runs exactly. Dropout draws from TorchSharp's process-wide generator, so another
/// test drawing from it at the same time would change the masks; these tests run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededTrainingCollection
{
    public const string Name = "Seeded training (runs alone)";
}

static class TrainingData
{
    static readonly Lazy<MnistData> Embedded = new(() => EmbeddedMnist.Load());

    /// <summary>The embedded digits (loaded once per test run; read-only).</summary>
    public static MnistData All => Embedded.Value;

    /// <summary>The first 640 embedded digits: 10 batches of 64.</summary>
    public static Tensor Small { get; } = All.Images.narrow(0, 0, 640).DetachFromDisposeScope();

    /// <summary>A trainer over freshly initialised lecture models, weights seeded with <paramref name="initSeed"/>, on the CPU.</summary>
    public static GanTrainer Trainer(TrainingOptions options, long initSeed = 7)
    {
        ComputeDevice.Seed(initSeed);
        return new GanTrainer(GanModels.Generator(), GanModels.Discriminator(), options with { Device = CPU });
    }

    public static (double, double, double, double)[] Losses(TrainingHistory history) =>
        [.. history.Epochs.Select(e => (e.GeneratorLoss, e.DiscriminatorLoss, e.RealScore, e.FakeScore))];
}
