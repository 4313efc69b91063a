using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// Settings of an <see cref="AdversarialTrainer"/>. The defaults are WGAN-GP's reference settings
/// (Gulrajani et al. 2017): 5 critic steps per generator step, Adam with lr 1e-4 and betas (0.5, 0.9)
/// for both networks, batches of 64; z of size 20 uniform on [−1, 1] as in the rest of the course.
/// </summary>
public sealed record AdversarialOptions
{
    /// <summary>Length of the noise vector z; must match the generator's input.</summary>
    public int NoiseSize { get; init; } = 20;

    /// <summary>Distribution of z.</summary>
    public NoiseKind Noise { get; init; } = NoiseKind.Uniform;

    /// <summary>Real (and generated) samples per critic step and generated samples per generator step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Critic steps before each generator step (n_critic), each on a fresh real batch.</summary>
    public int CriticSteps { get; init; } = 5;

    /// <summary>Adam learning rate of both networks.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>
    /// Generator steps over which both learning rates fall linearly to <see cref="FinalLearningRateFraction"/>
    /// of <see cref="LearningRate"/> (and then stay there); 0 keeps them constant.
    /// </summary>
    public int DecaySteps { get; init; } = 0;

    /// <summary>The learning rate after <see cref="DecaySteps"/>, as a fraction of <see cref="LearningRate"/>.</summary>
    public double FinalLearningRateFraction { get; init; } = 1;

    /// <summary>Adam β₁ of both networks.</summary>
    public double Beta1 { get; init; } = 0.5;

    /// <summary>Adam β₂ of both networks.</summary>
    public double Beta2 { get; init; } = 0.9;

    /// <summary>
    /// Seed of the trainer's own random streams (noise, interpolation weights, shuffling). Weight
    /// initialisation happens when the models are created: seed before that with <see cref="ComputeDevice.Seed"/>.
    /// </summary>
    public long Seed { get; init; } = 0;

    /// <summary>Where to train; null picks CUDA when available, else the CPU (<see cref="ComputeDevice.Select"/>).</summary>
    public Device? Device { get; init; }

    /// <summary>
    /// TorchSharp's intra-op threads while <see cref="AdversarialTrainer.Train"/> or <see cref="AdversarialTrainer.Fit"/>
    /// runs (restored afterwards); null keeps the current count. One is faster for small networks on a CPU (<see cref="TorchThreads"/>).
    /// </summary>
    public int? Threads { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(NoiseSize, 1, nameof(NoiseSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(CriticSteps, 1, nameof(CriticSteps));
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "the learning rate must be a positive number.");
        ArgumentOutOfRangeException.ThrowIfNegative(DecaySteps, nameof(DecaySteps));
        if (Threads is < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be at least 1 (or null to keep the current count).");
        if (!(FinalLearningRateFraction is > 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(FinalLearningRateFraction), FinalLearningRateFraction, "the final learning rate fraction must lie in (0, 1].");
        if (Beta1 is < 0 or >= 1 || Beta2 is < 0 or >= 1 || double.IsNaN(Beta1) || double.IsNaN(Beta2))
            throw new ArgumentOutOfRangeException(nameof(Beta1), $"Adam's betas must lie in [0, 1), not ({Beta1}, {Beta2}).");
    }
}
