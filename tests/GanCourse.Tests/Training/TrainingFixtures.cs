using GanCourse.Data;
using GanCourse.Saved;
using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

/// <summary>
/// Tests that compare runs exactly. Noise, dropout and shuffling draw from TorchSharp's process-wide
/// generator, so another test drawing from it at the same time would change them; these tests run alone.
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

    /// <summary>Notebook 04's GAN in the course loop, weights seeded with <paramref name="initSeed"/>, on the CPU, without progress.</summary>
    public static LectureRun Trainer(TrainingOptions options, long initSeed = 7, int noiseSize = 20) => new(options, initSeed, noiseSize);

    /// <summary>Every epoch's measures, in order: what two runs must agree on.</summary>
    public static double[][] Losses(TrainingHistory history) => [.. history.Epochs.Select(e => e.Measures.Values.ToArray())];

    public static float[][] Flatten(params nn.Module[] models) =>
        [.. models.SelectMany(m => m.parameters()).Select(p => p.detach().flatten().data<float>().ToArray())];
}

/// <summary>
/// Notebook 04's networks, optimizers and training step (the library's saved copy) in a <see cref="TrainingLoop"/>,
/// as the notebooks build them: the run most checkpoint and loop tests exercise.
/// </summary>
sealed class LectureRun : IDisposable
{
    readonly Tensor fixedNoise;

    public LectureRun(TrainingOptions options, long initSeed = 7, int noiseSize = 20)
    {
        ComputeDevice.Seed(initSeed);
        Generator = MnistGan.Generator(noiseSize);
        Discriminator = MnistGan.Discriminator();
        GeneratorOptimizer = optim.Adam(Generator.parameters(), 1e-3);
        DiscriminatorOptimizer = optim.Adam(Discriminator.parameters(), 1e-3);
        Loop = new TrainingLoop(options with { Device = CPU, ShowProgress = false })
            .Add("generator", Generator, GeneratorOptimizer)
            .Add("discriminator", Discriminator, DiscriminatorOptimizer);
        using var random = new torch.Generator(3, CPU);
        fixedNoise = (torch.rand(8, 20, generator: random) * 2 - 1).DetachFromDisposeScope();
    }

    public nn.Module<Tensor, Tensor> Generator { get; }
    public nn.Module<Tensor, Tensor> Discriminator { get; }
    public optim.Optimizer GeneratorOptimizer { get; }
    public optim.Optimizer DiscriminatorOptimizer { get; }
    public TrainingLoop Loop { get; }

    public string RunId => Loop.RunId;
    public int CompletedEpochs => Loop.CompletedEpochs;

    public TrainingHistory Fit(Tensor images) =>
        Loop.Fit(images, x => MnistGan.TrainingStep(x, Generator, Discriminator, GeneratorOptimizer, DiscriminatorOptimizer),
            samples: () => Generator.forward(fixedNoise));

    public int ResumeFrom(string path, TextWriter? log = null) => Loop.ResumeFrom(path, log);

    public CheckpointInfo? ResumedFrom => Loop.ResumedFrom;

    public string SaveCheckpoint(string? directory = null) => Loop.SaveCheckpoint(directory);

    public void Dispose()
    {
        fixedNoise.Dispose();
        GeneratorOptimizer.Dispose();
        DiscriminatorOptimizer.Dispose();
    }
}
