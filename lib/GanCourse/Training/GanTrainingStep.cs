using GanCourse.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// The per-batch update of the lecture's loop: one discriminator step, then one generator step.
/// <see cref="GanTrainer.Fit"/> runs it for every batch and the benchmark times the same object.
/// </summary>
public sealed class GanTrainingStep : IDisposable
{
    readonly nn.Module<Tensor, Tensor> generator, discriminator;
    readonly OptimizerHelper generatorOptimizer, discriminatorOptimizer;
    readonly TrainingOptions options;
    readonly Device device;
    readonly Tensor realTargets, fakeTargets;

    internal GanTrainingStep(nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator,
        OptimizerHelper generatorOptimizer, OptimizerHelper discriminatorOptimizer, TrainingOptions options, Device device)
    {
        this.generator = generator;
        this.discriminator = discriminator;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.options = options;
        this.device = device;
        using var scope = NewDisposeScope();
        realTargets = ones([options.BatchSize, 1], device: device).DetachFromDisposeScope();
        fakeTargets = zeros([options.BatchSize, 1], device: device).DetachFromDisposeScope();
    }

    /// <summary>True when the generator step also computes gradients for D's parameters (which it then throws away).</summary>
    public bool ComputesDiscriminatorWeightGradientsInGeneratorStep => true;

    /// <summary>
    /// Trains on batch <paramref name="index"/> of <paramref name="batches"/>: one D step and one G step in
    /// one dispose scope. Adds G loss, D loss, mean D(x) and mean D(G(z)) to <paramref name="sums"/>
    /// (float64 <c>[4]</c> on the device), so nothing waits for the device.
    /// </summary>
    /// <param name="batches">The epoch's shuffled batches of real images.</param>
    /// <param name="index">Which batch to train on.</param>
    /// <param name="random">Draws the noise; it must live on the trainer's device.</param>
    /// <param name="sums">Running sums of the four recorded figures, float64 <c>[4]</c> on the device.</param>
    public void Run(ShuffledBatches batches, int index, torch.Generator random, Tensor sums)
    {
        using var scope = NewDisposeScope();
        var (discriminatorLoss, realScores, fakeScores) = DiscriminatorStep(batches[index], random);
        var generatorLoss = GeneratorStep(random);

        using var noGrad = no_grad();
        sums.add_(stack([generatorLoss, discriminatorLoss, realScores.mean(), fakeScores.mean()]));
    }

    /// <summary>
    /// Hold G, step D on BCE(D(x), 1) + BCE(D(G(z)), 0). G's output is detached, so no gradient flows into
    /// G here (the lecture code backpropagates through G and throws the result away).
    /// </summary>
    internal (Tensor Loss, Tensor RealScores, Tensor FakeScores) DiscriminatorStep(Tensor real, torch.Generator random)
    {
        discriminatorOptimizer.zero_grad();
        var realScores = discriminator.forward(real);
        var realLoss = nn.functional.binary_cross_entropy(realScores, realTargets);
        var fake = generator.forward(Noise.Sample(options.BatchSize, options.NoiseSize, options.Noise, random, device)).detach();
        var fakeScores = discriminator.forward(fake);
        var fakeLoss = nn.functional.binary_cross_entropy(fakeScores, fakeTargets);
        var loss = realLoss + fakeLoss;
        loss.backward();
        discriminatorOptimizer.step();
        return (loss, realScores, fakeScores);
    }

    /// <summary>Hold D, step G on the non-saturating loss BCE(D(G(z)), 1) = −log D(G(z)).</summary>
    internal Tensor GeneratorStep(torch.Generator random)
    {
        generatorOptimizer.zero_grad();
        var generated = generator.forward(Noise.Sample(options.BatchSize, options.NoiseSize, options.Noise, random, device));
        var loss = nn.functional.binary_cross_entropy(discriminator.forward(generated), realTargets);
        loss.backward();
        generatorOptimizer.step();
        return loss;
    }

    public void Dispose()
    {
        realTargets.Dispose();
        fakeTargets.Dispose();
    }
}
