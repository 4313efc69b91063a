using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanCourse.Toy;

/// <summary>Settings of the one-dimensional GAN of notebook 01.</summary>
public sealed record ToyGanOptions
{
    /// <summary>Mean of the real distribution p_r = N(mean, std²).</summary>
    public double RealMean { get; init; } = 3.0;
    public double RealStd { get; init; } = 0.6;
    public int Steps { get; init; } = 3000;
    public int BatchSize { get; init; } = 128;
    public int Hidden { get; init; } = 32;
    /// <summary>Adam learning rate of the generator at the first step.</summary>
    public double GeneratorLearningRate { get; init; } = 1e-3;
    /// <summary>Adam learning rate of the discriminator (constant).</summary>
    public double DiscriminatorLearningRate { get; init; } = 1e-3;
    /// <summary>
    /// The generator's learning rate at the last step as a fraction of <see cref="GeneratorLearningRate"/>;
    /// it falls linearly from the first step to the last. 1 keeps it constant.
    /// </summary>
    public double GeneratorFinalLearningRateFraction { get; init; } = 1;
    /// <summary>Discriminator steps before each generator step.</summary>
    public int DiscriminatorSteps { get; init; } = 1;
    /// <summary>Record the generator's density and D(x) every this many steps (and at step 0 and the end).</summary>
    public int SnapshotEvery { get; init; } = 500;
    public long Seed { get; init; } = 0;
    public double GridMin { get; init; } = -2;
    public double GridMax { get; init; } = 6;
    public int GridPoints { get; init; } = 161;
    /// <summary>Samples used for each density estimate and value-function estimate.</summary>
    public int EvaluationSamples { get; init; } = 4096;

    /// <summary>
    /// Notebook 01's remedy for a spread that keeps swinging: two time scales (the discriminator learns
    /// five times faster than the generator, 1e-3 against 2e-4), a generator learning rate that falls
    /// linearly to a tenth by the last step, and batches of 512 so that D's verdict on the spread is less
    /// noisy. Combine with <c>with { Steps = ..., Seed = ... }</c>.
    /// </summary>
    public static ToyGanOptions TwoTimeScales { get; } = new()
    {
        GeneratorLearningRate = 2e-4, DiscriminatorLearningRate = 1e-3, GeneratorFinalLearningRateFraction = 0.1, BatchSize = 512,
    };
}

/// <summary>The state of the game at one step.</summary>
/// <param name="Step">Number of completed (D step, G step) pairs.</param>
/// <param name="GeneratorDensity">Kernel density estimate of p_g on the grid.</param>
/// <param name="Discriminator">D(x) on the grid.</param>
/// <param name="Value">Monte Carlo estimate of v(D, G) = E log D(x) + E log(1 − D(G(z))).</param>
/// <param name="GeneratorMean">Mean of the generator's samples.</param>
/// <param name="GeneratorStd">Standard deviation of the generator's samples.</param>
public sealed record ToyGanSnapshot(int Step, double[] GeneratorDensity, double[] Discriminator, double Value, double GeneratorMean, double GeneratorStd);

/// <summary>Losses of one alternating update: first the discriminator's step, then the generator's.</summary>
public sealed record ToyGanUpdate(int Step, double DiscriminatorLoss, double GeneratorLoss, double RealScore, double FakeScore);

/// <summary>What a one-dimensional GAN run recorded, and the settings it ran with.</summary>
public sealed record ToyGanResult(ToyGanOptions Options, double[] Grid, double[] RealDensity, IReadOnlyList<ToyGanSnapshot> Snapshots, IReadOnlyList<ToyGanUpdate> Updates)
{
    /// <summary>The last snapshot: the generator after the last update.</summary>
    public ToyGanSnapshot Final => Snapshots[^1];

    /// <summary>"After 4000 alternating updates: generator mean 3.004 (target 3), std 0.598 (target 0.6)".</summary>
    public string Summary() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"After {Final.Step} alternating updates: generator mean {Final.GeneratorMean:F3} (target {Options.RealMean}), std {Final.GeneratorStd:F3} (target {Options.RealStd})");

    /// <summary>
    /// The smallest and largest std of G(z) over the snapshots from step <paramref name="fromStep"/> on:
    /// how far the spread still swings late in training.
    /// </summary>
    public (double Min, double Max) StdRange(int fromStep)
    {
        var late = Snapshots.Where(s => s.Step >= fromStep).Select(s => s.GeneratorStd).ToArray();
        if (late.Length == 0)
            throw new ArgumentOutOfRangeException(nameof(fromStep), fromStep, $"no snapshot at or after step {fromStep}; the last is at step {Final.Step}.");
        return (late.Min(), late.Max());
    }

    /// <summary>The snapshots at multiples of <paramref name="every"/> steps (step 0 included), for charts and tables.</summary>
    public IReadOnlyList<ToyGanSnapshot> SnapshotsEvery(int every)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        return Snapshots.Where(s => s.Step % every == 0).ToList();
    }

    /// <summary>The generator's mean and spread and the value estimate at each snapshot (or every <paramref name="every"/> steps), as a notebook table.</summary>
    public Notebook.TextTable SnapshotTable(int every = 1) =>
        Notebook.TextTable.From(SnapshotsEvery(every), "The game at each snapshot",
            ("step", s => Notebook.Cells.Integer(s.Step)),
            ("mean of G(z)", s => Notebook.Cells.Fixed(s.GeneratorMean, 3)),
            ("std of G(z)", s => Notebook.Cells.Fixed(s.GeneratorStd, 3)),
            ("v(D, G)", s => Notebook.Cells.Fixed(s.Value, 4)));
}

/// <summary>
/// A GAN on the real line: the generator turns uniform noise on [−1, 1] into samples that should follow
/// p_r = N(mean, std²). Small enough to train in seconds on a CPU, so the alternating game can be watched.
/// </summary>
public static class ToyGan1D
{
    public static ToyGanResult Train(ToyGanOptions options, IProgress<ToyGanUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Steps < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Steps, "Steps must be at least 1");
        if (options.BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 2");
        if (!(options.RealStd > 0)) throw new ArgumentOutOfRangeException(nameof(options), options.RealStd, "RealStd must be positive");
        if (options.SnapshotEvery < 1) throw new ArgumentOutOfRangeException(nameof(options), options.SnapshotEvery, "SnapshotEvery must be at least 1");
        if (!(options.GeneratorLearningRate > 0) || !double.IsFinite(options.GeneratorLearningRate)) throw new ArgumentOutOfRangeException(nameof(options), options.GeneratorLearningRate, "GeneratorLearningRate must be a positive number");
        if (!(options.DiscriminatorLearningRate > 0) || !double.IsFinite(options.DiscriminatorLearningRate)) throw new ArgumentOutOfRangeException(nameof(options), options.DiscriminatorLearningRate, "DiscriminatorLearningRate must be a positive number");
        if (!(options.GeneratorFinalLearningRateFraction is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(options), options.GeneratorFinalLearningRateFraction, "GeneratorFinalLearningRateFraction must lie in (0, 1]");
        if (options.DiscriminatorSteps < 1) throw new ArgumentOutOfRangeException(nameof(options), options.DiscriminatorSteps, "DiscriminatorSteps must be at least 1");

        using var threads = Training.TorchThreads.Use(1);   // networks of 32 units: one thread is faster (TorchThreads)
        torch.manual_seed(options.Seed);
        var generator = ToyNetworks.Generator(options.Hidden);
        var discriminator = ToyNetworks.DiscriminatorLogit(options.Hidden);
        var optG = optim.Adam(generator.parameters(), options.GeneratorLearningRate, 0.5, 0.999);
        var optD = optim.Adam(discriminator.parameters(), options.DiscriminatorLearningRate, 0.5, 0.999);
        // After step t (of T) the generator's rate is lr·(1 − (1 − f)·t/T): lr at the first step, f·lr at the last.
        var generatorSchedule = optim.lr_scheduler.LinearLR(optG, start_factor: 1, end_factor: options.GeneratorFinalLearningRateFraction, total_iters: Math.Max(1, options.Steps - 1));
        using var rng = new torch.Generator((ulong)options.Seed + 1);
        // Snapshots draw from their own stream, so how often they are taken does not change the game.
        using var evaluationRng = new torch.Generator((ulong)options.Seed + 2);

        var grid = ToyNetworks.Grid(options.GridMin, options.GridMax, options.GridPoints);
        var realDensity = grid.Select(x => MathNet.Numerics.Distributions.Normal.PDF(options.RealMean, options.RealStd, x)).ToArray();
        var snapshots = new List<ToyGanSnapshot> { Snapshot(0) };
        var updates = new List<ToyGanUpdate>(options.Steps);

        Tensor Real(long n, torch.Generator? random = null) => torch.randn(n, 1, generator: random ?? rng) * options.RealStd + options.RealMean;
        Tensor Noise(long n, torch.Generator? random = null) => torch.rand(n, 1, generator: random ?? rng) * 2 - 1;

        for (int step = 1; step <= options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();

            // Discriminator steps: G is held fixed, so its output is detached.
            Tensor dLoss = null!, realLogit = null!, fakeLogit = null!;
            for (int k = 0; k < options.DiscriminatorSteps; k++)
            {
                var real = Real(options.BatchSize);
                var fake = generator.forward(Noise(options.BatchSize)).detach();
                realLogit = discriminator.forward(real);
                fakeLogit = discriminator.forward(fake);
                dLoss = F.binary_cross_entropy_with_logits(realLogit, torch.ones_like(realLogit))
                      + F.binary_cross_entropy_with_logits(fakeLogit, torch.zeros_like(fakeLogit));
                optD.zero_grad();
                dLoss.backward();
                optD.step();
            }

            // Generator step: D is held fixed (only G's optimizer steps); non-saturating loss −log D(G(z)).
            var genLogit = discriminator.forward(generator.forward(Noise(options.BatchSize)));
            var gLoss = F.binary_cross_entropy_with_logits(genLogit, torch.ones_like(genLogit));
            optG.zero_grad();
            gLoss.backward();
            optG.step();
            generatorSchedule.step();

            var update = new ToyGanUpdate(step, dLoss.item<float>(), gLoss.item<float>(),
                realLogit.sigmoid().mean().item<float>(), fakeLogit.sigmoid().mean().item<float>());
            updates.Add(update);
            progress?.Report(update);
            if (step % options.SnapshotEvery == 0 || step == options.Steps) snapshots.Add(Snapshot(step));
        }
        return new ToyGanResult(options, grid, realDensity, snapshots, updates);

        ToyGanSnapshot Snapshot(int step)
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var samples = generator.forward(Noise(options.EvaluationSamples, evaluationRng));
            var real = Real(options.EvaluationSamples, evaluationRng);
            // log σ(s) and log(1 − σ(s)) = log σ(−s), computed without forming σ first.
            var value = F.logsigmoid(discriminator.forward(real)).mean() + F.logsigmoid(-discriminator.forward(samples)).mean();
            return new ToyGanSnapshot(step,
                ToyNetworks.KernelDensity(samples, grid),
                ToyNetworks.Evaluate(discriminator, grid),
                value.item<float>(),
                samples.mean().item<float>(),
                samples.std().item<float>());
        }
    }
}
