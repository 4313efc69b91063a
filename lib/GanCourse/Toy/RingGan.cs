using System.Diagnostics;
using GanCourse.Objectives;
using GanCourse.Metrics;
using GanCourse.Models;
using GanCourse.Notebook;
using GanCourse.Training;
using static TorchSharp.torch;

namespace GanCourse.Toy;

/// <summary>
/// Settings of a GAN trained on the <see cref="GaussianRing"/>: three hidden layers of 128 units in both
/// networks, 3,000 generator steps of 5 critic steps each on batches of 256, Adam with lr 5e-4 and betas
/// (0.5, 0.9), z of 2 components, on one CPU thread. Only the loss differs between the models notebook 06 compares.
/// </summary>
public sealed record RingGanOptions
{
    /// <summary>Generator steps.</summary>
    public int Steps { get; init; } = 3000;
    /// <summary>Generator steps after which samples are kept and scored (the last step is always added).</summary>
    public IReadOnlyList<int> SnapshotSteps { get; init; } = [250, 500, 1000, 2000, 2500, 3000];
    /// <summary>Generated samples per snapshot, for the coverage score and the scatter plot.</summary>
    public int Samples { get; init; } = 2000;
    /// <summary>Hidden layers of both networks.</summary>
    public int HiddenLayers { get; init; } = 3;
    /// <summary>Units per hidden layer of both networks.</summary>
    public int HiddenUnits { get; init; } = 128;
    /// <summary>Optimizer, batch, critic steps and noise (z has 2 components unless changed here).</summary>
    public AdversarialOptions Training { get; init; } = new() { NoiseSize = 2, BatchSize = 256, LearningRate = 5e-4, Threads = 1 };
}

/// <summary>The generator's samples after one snapshot step and how many modes they cover.</summary>
public sealed record RingSnapshot(int Step, double[] X, double[] Y, ModeCoverage Coverage);

/// <summary>A run on the ring: the loss it used, its snapshots, and the wall time.</summary>
public sealed record RingGanRun(string Loss, IReadOnlyList<RingSnapshot> Snapshots, double Seconds)
{
    /// <summary>The last snapshot's coverage.</summary>
    public ModeCoverage Final => Snapshots[^1].Coverage;
}

/// <summary>
/// Trains a generator of points on the ring with a given loss and the same networks, optimizer and
/// loop otherwise (<see cref="AdversarialTrainer"/>), so a vanilla GAN and WGAN-GP differ only where
/// they are meant to.
/// </summary>
public static class RingGan
{
    /// <param name="ring">The data.</param>
    /// <param name="loss">The GAN variant: <see cref="AdversarialLoss.NonSaturating"/>, WGAN-GP, ….</param>
    /// <param name="options">Networks, schedule and snapshots.</param>
    /// <param name="progress">Reported at every snapshot step with the coverage so far (one in-place line in a notebook).</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public static RingGanRun Train(GaussianRing ring, AdversarialLoss loss, RingGanOptions? options = null, EpochProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(loss);
        options ??= new RingGanOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Steps, 1, nameof(options.Steps));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Samples, 1, nameof(options.Samples));
        var snapshotSteps = options.SnapshotSteps.Where(s => s >= 1 && s <= options.Steps).Append(options.Steps).ToHashSet();

        ComputeDevice.Seed(options.Training.Seed);
        using var generator = WganModels.PointGenerator(options.Training.NoiseSize, options.HiddenLayers, options.HiddenUnits, outputSize: 2);
        using var critic = WganModels.Critic(inputSize: 2, options.HiddenLayers, options.HiddenUnits);
        // Small networks on small batches: the CPU beats a GPU's launch overhead here.
        using var trainer = new AdversarialTrainer(generator, critic, loss, options.Training with { Device = options.Training.Device ?? CPU });
        using var centres = ring.CentreTensor();
        var snapshots = new List<RingSnapshot>();
        var clock = Stopwatch.StartNew();
        double reported = 0;
        trainer.Train(options.Steps, (n, random) => ring.Sample(n, random), step =>
        {
            if (!snapshotSteps.Contains(step.Step)) return;
            var seconds = clock.Elapsed.TotalSeconds;
            using var points = trainer.Generate(options.Samples, seed: options.Training.Seed * 7919 + step.Step);
            var xy = points.data<float>().ToArray();
            var snapshot = new RingSnapshot(step.Step,
                Enumerable.Range(0, options.Samples).Select(i => (double)xy[2 * i]).ToArray(),
                Enumerable.Range(0, options.Samples).Select(i => (double)xy[2 * i + 1]).ToArray(),
                ModeCoverage.Measure(points, centres, ring.Sigma));
            progress?.Report(step.Step, seconds - reported, snapshot.Coverage.ToString(), units: step.Step - (snapshots.Count == 0 ? 0 : snapshots[^1].Step));
            reported = seconds;
            snapshots.Add(snapshot);
        }, cancellationToken);
        return new RingGanRun(loss.Name, snapshots, clock.Elapsed.TotalSeconds);
    }
}
