using GanCourse.Models;
using GanCourse.Objectives;
using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Toy;

/// <summary>Settings of a <see cref="Critic1D"/>.</summary>
public sealed record Critic1DOptions
{
    /// <summary>Samples of each distribution per step.</summary>
    public int BatchSize { get; init; } = 256;
    public int HiddenLayers { get; init; } = 2;
    public int HiddenUnits { get; init; } = 32;
    /// <summary>Adam learning rate (betas 0.5, 0.9 as in WGAN-GP).</summary>
    public double LearningRate { get; init; } = 1e-3;
    public long Seed { get; init; } = 0;
    /// <summary>Start from f ≡ 0 (see <see cref="WganModels.Critic"/>); false starts the last layer at random too.</summary>
    public bool ZeroStart { get; init; } = true;
}

/// <summary>What a critic believes about two distributions, measured on fresh samples.</summary>
/// <param name="Estimate">E_{x∼p_r} f(x) − E_{x∼p_g} f(x): the critic's estimate of W1(p_r, p_g).</param>
/// <param name="MeanGradientNorm">Mean |f′(x̂)| on interpolates between the samples (1 for an optimal 1-Lipschitz critic).</param>
public sealed record CriticEstimate(double Estimate, double MeanGradientNorm);

/// <summary>
/// A Wasserstein critic on the real line, trained on its own: the inner maximisation of a WGAN,
/// sup over (nearly) 1-Lipschitz f of E_r f − E_g f. By Kantorovich–Rubinstein duality that supremum is
/// W1(p_r, p_g), which in one dimension is known exactly, so the critic's estimate can be checked. It can
/// be trained on fixed distributions, or a few steps at a time while p_g moves, as in a WGAN's loop.
/// </summary>
public sealed class Critic1D : IDisposable
{
    readonly nn.Module<Tensor, Tensor> critic;
    readonly optim.Optimizer optimizer;
    readonly Critic1DOptions options;
    readonly Random random;
    readonly torch.Generator interpolation;

    public Critic1D(AdversarialLoss loss, Critic1DOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        options ??= new Critic1DOptions();
        if (options.BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 2.");
        if (!(options.LearningRate > 0) || !double.IsFinite(options.LearningRate))
            throw new ArgumentOutOfRangeException(nameof(options), options.LearningRate, "LearningRate must be a positive number.");
        Loss = loss;
        this.options = options;
        torch.manual_seed(options.Seed);
        critic = WganModels.Critic(inputSize: 1, options.HiddenLayers, options.HiddenUnits, zeroOutput: options.ZeroStart);
        optimizer = optim.Adam(critic.parameters(), options.LearningRate, 0.5, 0.9);
        random = new Random((int)options.Seed);
        interpolation = new torch.Generator((ulong)options.Seed + 1);
    }

    /// <summary>The loss the critic minimises (WGAN-GP or weight clipping).</summary>
    public AdversarialLoss Loss { get; }

    /// <summary>Optimizer steps taken so far.</summary>
    public int Steps { get; private set; }

    /// <summary><paramref name="steps"/> optimizer steps, each on fresh batches of both distributions.</summary>
    public void Train(Sampler1D real, Sampler1D fake, int steps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        using var threads = TorchThreads.Use(1);   // 32-unit layers: one thread is faster (TorchThreads)
        for (int step = 0; step < steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var terms = Loss.CriticLoss(critic, Column(real(options.BatchSize, random)), Column(fake(options.BatchSize, random)), interpolation);
            optimizer.zero_grad();
            terms.Loss.backward();
            optimizer.step();
            Loss.AfterCriticStep(critic);
            Steps++;
        }
    }

    /// <summary>The critic's estimate of W1 and its mean slope, on <paramref name="samples"/> fresh samples of each distribution.</summary>
    public CriticEstimate Estimate(Sampler1D real, Sampler1D fake, int samples = 20_000)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        using var scope = NewDisposeScope();
        var x = Column(real(samples, random));
        var y = Column(fake(samples, random));
        var slope = GradientPenalty.GradientNorms(critic, GradientPenalty.Interpolates(x, y, interpolation)).mean().item<float>();
        using var _ = no_grad();
        var estimate = (critic.forward(x).mean() - critic.forward(y).mean()).item<float>();
        return new CriticEstimate(estimate, slope);
    }

    /// <summary>f(x) on <paramref name="grid"/>, shifted to mean 0 over the grid (a constant does not change any estimate).</summary>
    public double[] Evaluate(double[] grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Length == 0) throw new ArgumentException("the grid is empty.", nameof(grid));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var f = critic.forward(Column(grid)).flatten();
        return (f - f.mean()).data<float>().Select(v => (double)v).ToArray();
    }

    /// <summary>Every weight and bias of the critic, e.g. to see how many sit at a clipping bound.</summary>
    public double[] Parameters() =>
        critic.parameters().SelectMany(p => p.detach().flatten().data<float>().ToArray()).Select(v => (double)v).ToArray();

    static Tensor Column(double[] values) => tensor(values.Select(v => (float)v).ToArray()).reshape(-1, 1);

    public void Dispose()
    {
        critic.Dispose();
        optimizer.Dispose();
        interpolation.Dispose();
    }
}
