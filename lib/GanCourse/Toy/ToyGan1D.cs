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
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Record the generator's density and D(x) every this many steps (and at step 0 and the end).</summary>
    public int SnapshotEvery { get; init; } = 500;
    public long Seed { get; init; } = 0;
    public double GridMin { get; init; } = -2;
    public double GridMax { get; init; } = 6;
    public int GridPoints { get; init; } = 161;
    /// <summary>Samples used for each density estimate and value-function estimate.</summary>
    public int EvaluationSamples { get; init; } = 4096;
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

/// <summary>What a one-dimensional GAN run recorded.</summary>
public sealed record ToyGanResult(double[] Grid, double[] RealDensity, IReadOnlyList<ToyGanSnapshot> Snapshots, IReadOnlyList<ToyGanUpdate> Updates)
{
    /// <summary>The generator's mean and spread and the value estimate at each snapshot, as a notebook table.</summary>
    public Notebook.TextTable SnapshotTable() =>
        Notebook.TextTable.From(Snapshots, "The game at each snapshot",
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

        Native.TorchSharpNative.EnsureLoadable();
        torch.manual_seed(options.Seed);
        var generator = ToyNetworks.Generator(options.Hidden);
        var discriminator = ToyNetworks.DiscriminatorLogit(options.Hidden);
        var optG = optim.Adam(generator.parameters(), options.LearningRate, 0.5, 0.999);
        var optD = optim.Adam(discriminator.parameters(), options.LearningRate, 0.5, 0.999);
        using var rng = new torch.Generator((ulong)options.Seed + 1);

        var grid = ToyNetworks.Grid(options.GridMin, options.GridMax, options.GridPoints);
        var realDensity = grid.Select(x => MathNet.Numerics.Distributions.Normal.PDF(options.RealMean, options.RealStd, x)).ToArray();
        var snapshots = new List<ToyGanSnapshot> { Snapshot(0) };
        var updates = new List<ToyGanUpdate>(options.Steps);

        Tensor Real(long n) => torch.randn(n, 1, generator: rng) * options.RealStd + options.RealMean;
        Tensor Noise(long n) => torch.rand(n, 1, generator: rng) * 2 - 1;

        for (int step = 1; step <= options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();

            // Discriminator step: G is held fixed, so its output is detached.
            var real = Real(options.BatchSize);
            var fake = generator.forward(Noise(options.BatchSize)).detach();
            var realLogit = discriminator.forward(real);
            var fakeLogit = discriminator.forward(fake);
            var dLoss = F.binary_cross_entropy_with_logits(realLogit, torch.ones_like(realLogit))
                      + F.binary_cross_entropy_with_logits(fakeLogit, torch.zeros_like(fakeLogit));
            optD.zero_grad();
            dLoss.backward();
            optD.step();

            // Generator step: D is held fixed (only G's optimizer steps); non-saturating loss −log D(G(z)).
            var genLogit = discriminator.forward(generator.forward(Noise(options.BatchSize)));
            var gLoss = F.binary_cross_entropy_with_logits(genLogit, torch.ones_like(genLogit));
            optG.zero_grad();
            gLoss.backward();
            optG.step();

            var update = new ToyGanUpdate(step, dLoss.item<float>(), gLoss.item<float>(),
                realLogit.sigmoid().mean().item<float>(), fakeLogit.sigmoid().mean().item<float>());
            updates.Add(update);
            progress?.Report(update);
            if (step % options.SnapshotEvery == 0 || step == options.Steps) snapshots.Add(Snapshot(step));
        }
        return new ToyGanResult(grid, realDensity, snapshots, updates);

        ToyGanSnapshot Snapshot(int step)
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var samples = generator.forward(Noise(options.EvaluationSamples));
            var real = Real(options.EvaluationSamples);
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
