using System.Diagnostics;
using GanCourse.Data;
using GanCourse.Objectives;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>Draws <paramref name="count"/> real samples using <paramref name="generator"/> (a CPU generator).</summary>
public delegate Tensor RealSampler(long count, torch.Generator generator);

/// <summary>
/// What one generator step and the critic steps before it recorded (means over the batch; the critic's
/// numbers are those of its last step before the generator moved).
/// </summary>
/// <param name="Step">Generator steps completed.</param>
/// <param name="CriticLoss">The critic's loss, penalty included.</param>
/// <param name="RealScore">Mean critic output on real samples.</param>
/// <param name="FakeScore">Mean critic output on generated samples.</param>
/// <param name="GeneratorLoss">The generator's loss.</param>
/// <param name="Penalty">E[(‖∇f(x̂)‖ − 1)²] without λ (WGAN-GP only).</param>
/// <param name="GradientNorm">Mean ‖∇f(x̂)‖ on the interpolates (WGAN-GP only).</param>
public sealed record AdversarialStep(int Step, double CriticLoss, double RealScore, double FakeScore, double GeneratorLoss, double? Penalty, double? GradientNorm)
{
    /// <summary>E f(x) − E f(G(z)): a Wasserstein critic's estimate of W1 (for a discriminator, a difference of mean logits).</summary>
    public double WassersteinEstimate => RealScore - FakeScore;
}

/// <summary>
/// Trains a generator against a critic with any <see cref="AdversarialLoss"/>: per generator step,
/// <see cref="AdversarialOptions.CriticSteps"/> critic steps, each on a fresh real batch and a fresh
/// generated batch (detached), then one generator step with the critic's weights frozen. Adam for both
/// networks, one dispose scope per step. The same loop trains a vanilla GAN, WGAN and WGAN-GP, so a
/// comparison changes only the loss.
/// </summary>
/// <example><code>
/// ComputeDevice.Seed(1);
/// using var trainer = new AdversarialTrainer(GanModels.Generator(), WganModels.Critic(),
///     AdversarialLoss.WassersteinGradientPenalty(10), new AdversarialOptions());
/// var history = trainer.Fit(images, epochs: 20);
/// </code></example>
public sealed class AdversarialTrainer : IDisposable
{
    readonly torch.Generator random;      // noise and interpolation weights, on the device
    readonly torch.Generator dataRandom;  // real samples and shuffling, on the CPU
    readonly Tensor fixedNoise;
    readonly optim.lr_scheduler.LRScheduler[] schedules;

    /// <summary>
    /// Moves both models to the device, creates an Adam optimizer for each and draws a fixed noise batch
    /// for samples. The models stay owned by the caller.
    /// </summary>
    public AdversarialTrainer(nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> critic, AdversarialLoss loss, AdversarialOptions? options = null, int fixedSamples = 64)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfLessThan(fixedSamples, 1);
        Options = options ?? new AdversarialOptions();
        Options.Validate();
        Device = ComputeDevice.For(Options.Device, nameof(AdversarialOptions), out var report);
        DeviceReport = report;
        Loss = loss;
        Generator = generator.to(Device);
        Critic = critic.to(Device);
        // Optimizers after the move: moving a module replaces its parameter tensors.
        GeneratorOptimizer = optim.Adam(Generator.parameters(), Options.LearningRate, Options.Beta1, Options.Beta2);
        CriticOptimizer = optim.Adam(Critic.parameters(), Options.LearningRate, Options.Beta1, Options.Beta2);
        schedules = Options.DecaySteps == 0 ? [] : [.. new[] { GeneratorOptimizer, CriticOptimizer }.Select(o =>
            optim.lr_scheduler.LinearLR(o, start_factor: 1, end_factor: Options.FinalLearningRateFraction, total_iters: Options.DecaySteps))];
        random = new torch.Generator((ulong)Options.Seed, Device);
        dataRandom = new torch.Generator((ulong)Options.Seed + 1);
        using (var noiseRandom = new torch.Generator((ulong)Options.Seed + 2, Device))
            fixedNoise = Noise.Sample(fixedSamples, Options.NoiseSize, Options.Noise, noiseRandom, Device).DetachFromDisposeScope();
        CheckShapes();
    }

    public AdversarialOptions Options { get; }
    public AdversarialLoss Loss { get; }
    public nn.Module<Tensor, Tensor> Generator { get; }
    public nn.Module<Tensor, Tensor> Critic { get; }
    public optim.Optimizer GeneratorOptimizer { get; }
    public optim.Optimizer CriticOptimizer { get; }
    public Device Device { get; }

    /// <summary>Which device trains and why, as one line.</summary>
    public string DeviceReport { get; }

    /// <summary>Generator steps taken so far.</summary>
    public int Steps { get; private set; }

    /// <summary>The critic steps of one generator step, then the generator step itself.</summary>
    public AdversarialStep Step(RealSampler real)
    {
        ArgumentNullException.ThrowIfNull(real);
        Generator.train();
        Critic.train();
        double criticLoss = 0, realScore = 0, fakeScore = 0;
        double? penalty = null, gradientNorm = null;
        for (int k = 0; k < Options.CriticSteps; k++)
        {
            using var scope = NewDisposeScope();
            var realBatch = real(Options.BatchSize, dataRandom).to(Device);
            Tensor fake;
            using (no_grad()) fake = Generator.forward(NoiseBatch(Options.BatchSize));
            var terms = Loss.CriticLoss(Critic, realBatch, fake, random);
            CriticOptimizer.zero_grad();
            terms.Loss.backward();
            CriticOptimizer.step();
            Loss.AfterCriticStep(Critic);
            if (k == Options.CriticSteps - 1)
            {
                criticLoss = terms.Loss.item<float>();
                realScore = terms.RealScore.item<float>();
                fakeScore = terms.FakeScore.item<float>();
                penalty = terms.Penalty?.item<float>();
                gradientNorm = terms.GradientNorm?.item<float>();
            }
        }

        double generatorLoss;
        using (var scope = NewDisposeScope())
        {
            // The critic is held fixed: no gradients for its weights, only for the generator's.
            SetRequiresGrad(Critic, false);
            try
            {
                var loss = Loss.GeneratorLoss(Critic.forward(Generator.forward(NoiseBatch(Options.BatchSize))));
                GeneratorOptimizer.zero_grad();
                loss.backward();
                GeneratorOptimizer.step();
                generatorLoss = loss.item<float>();
            }
            finally
            {
                SetRequiresGrad(Critic, true);
            }
        }
        foreach (var schedule in schedules) schedule.step();
        Steps++;
        return new AdversarialStep(Steps, criticLoss, realScore, fakeScore, generatorLoss, penalty, gradientNorm);
    }

    /// <summary>
    /// <paramref name="steps"/> generator steps on samples of a distribution; <paramref name="afterStep"/>
    /// sees each step's record (e.g. to take snapshots). Cancelling stops between steps.
    /// </summary>
    public List<AdversarialStep> Train(int steps, RealSampler real, Action<AdversarialStep>? afterStep = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentNullException.ThrowIfNull(real);
        using var threads = TorchThreads.Use(Options.Threads);
        var record = new List<AdversarialStep>(steps);
        for (int i = 0; i < steps; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = Step(real);
            record.Add(step);
            afterStep?.Invoke(step);
        }
        return record;
    }

    /// <summary>
    /// Trains on a data set for <paramref name="epochs"/> epochs. An epoch is one pass of real batches
    /// through the critic, so it holds ⌊batches / critic steps⌋ generator steps. After the epochs in
    /// <paramref name="sampleEpochs"/> (and the last) the fixed noise batch is passed through G and kept.
    /// </summary>
    public AdversarialHistory Fit(Tensor data, int epochs, IEnumerable<int>? sampleEpochs = null, Action<AdversarialEpoch>? afterEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        if (data.dim() < 2 || data.shape[0] < (long)Options.BatchSize * Options.CriticSteps)
            throw new ArgumentException(
                $"the data need at least {Options.BatchSize * Options.CriticSteps} rows (batch {Options.BatchSize} × {Options.CriticSteps} critic steps), not shape [{string.Join(", ", data.shape)}].", nameof(data));
        var sampled = (sampleEpochs ?? []).Append(epochs).ToHashSet();
        using var threads = TorchThreads.Use(Options.Threads);
        using var batches = new EndlessBatches(data, Options.BatchSize);
        int stepsPerEpoch = batches.BatchesPerEpoch / Options.CriticSteps;
        var history = new AdversarialHistory();
        var clock = Stopwatch.StartNew();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var started = clock.Elapsed.TotalSeconds;
            var steps = Train(stepsPerEpoch, batches.Next, cancellationToken: cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds - started;
            var summary = AdversarialEpoch.From(epoch, epochs, steps, seconds);
            history.Epochs.Add(summary);
            if (sampled.Contains(epoch)) history.Samples.Add(new SampleSnapshot(epoch, Samples()));
            afterEpoch?.Invoke(summary);
        }
        return history;
    }

    /// <summary>
    /// <paramref name="count"/> generated samples from noise seeded with <paramref name="seed"/>, without a
    /// graph, on the CPU (the caller disposes them).
    /// </summary>
    public Tensor Generate(long count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var noiseRandom = new torch.Generator((ulong)seed, Device);
        Generator.eval();
        var samples = Generator.forward(Noise.Sample(count, Options.NoiseSize, Options.Noise, noiseRandom, Device));
        Generator.train();
        return samples.cpu().MoveToOuterDisposeScope();
    }

    /// <summary>The generator's output for the fixed noise batch, one float array per sample.</summary>
    public float[][] Samples()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Generator.eval();
        var samples = Generator.forward(fixedNoise).cpu().flatten(1);
        Generator.train();
        var columns = (int)samples.shape[1];
        var all = samples.data<float>().ToArray();
        return Enumerable.Range(0, (int)samples.shape[0]).Select(i => all.AsSpan(i * columns, columns).ToArray()).ToArray();
    }

    Tensor NoiseBatch(long count) => Noise.Sample(count, Options.NoiseSize, Options.Noise, random, Device);

    static void SetRequiresGrad(nn.Module<Tensor, Tensor> module, bool value)
    {
        foreach (var p in module.parameters()) p.requires_grad = value;
    }

    /// <summary>One forward pass of each network on a tiny batch, so mismatched sizes fail here with a clear message.</summary>
    void CheckShapes() => ModelProbe.SampleSize(Generator, Critic, "critic",
        $"noise of size {Options.NoiseSize} (AdversarialOptions.NoiseSize)",
        () => Generator.forward(NoiseBatch(ModelProbe.Batch)),
        sample => Critic.forward(sample));

    public void Dispose()
    {
        random.Dispose();
        dataRandom.Dispose();
        fixedNoise.Dispose();
        GeneratorOptimizer.Dispose();
        CriticOptimizer.Dispose();
    }
}
