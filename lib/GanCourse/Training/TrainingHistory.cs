namespace GanCourse.Training;

/// <summary>Per-epoch means over all iterations of that epoch, as the lecture records them.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="GeneratorLoss">Mean non-saturating generator loss, −log D(G(z)).</param>
/// <param name="DiscriminatorLoss">Mean discriminator loss: BCE on real plus BCE on fake.</param>
/// <param name="RealScore">Mean D(x) on real batches (dropout active, as in the lecture).</param>
/// <param name="FakeScore">Mean D(G(z)) on generated batches (dropout active, as in the lecture).</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record EpochStats(int Epoch, double GeneratorLoss, double DiscriminatorLoss, double RealScore, double FakeScore, double Seconds);

/// <summary>Images of the fixed noise batch after one epoch: each image 784 floats in [−1, 1], row-major 28×28.</summary>
public sealed record SampleSnapshot(int Epoch, float[][] Images);

/// <summary>What a training run recorded; serialisable so checkpoints can carry it.</summary>
public sealed class TrainingHistory
{
    public List<EpochStats> Epochs { get; init; } = [];
    public List<SampleSnapshot> Samples { get; init; } = [];
}
