using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanCourse.Toy;

/// <summary>Settings for training a discriminator on two fixed one-dimensional distributions.</summary>
public sealed record DiscriminatorFitOptions
{
    public int Steps { get; init; } = 3000;
    public int BatchSize { get; init; } = 512;
    public int Hidden { get; init; } = 32;
    public double LearningRate { get; init; } = 3e-3;
    public long Seed { get; init; } = 0;
}

/// <summary>The learned D(x) on a grid and the final training loss.</summary>
public sealed record DiscriminatorFitResult(double[] Grid, double[] Learned, double FinalLoss);

/// <summary>
/// Trains only the discriminator, with the generator's distribution held fixed: the inner maximisation
/// of the GAN game. Its optimum is D*(x) = p_r(x) / (p_r(x) + p_g(x)), which notebook 02 compares against.
/// </summary>
public static class DiscriminatorFit1D
{
    public static DiscriminatorFitResult Train(Sampler1D real, Sampler1D fake, double[] grid, DiscriminatorFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        ArgumentNullException.ThrowIfNull(grid);
        options ??= new DiscriminatorFitOptions();
        if (options.Steps < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Steps, "Steps must be at least 1");
        if (options.BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 2");

        torch.manual_seed(options.Seed);
        var random = new Random((int)options.Seed);
        var discriminator = ToyNetworks.DiscriminatorLogit(options.Hidden);
        var optimizer = optim.Adam(discriminator.parameters(), options.LearningRate);
        var loss = double.NaN;
        for (int step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var x = tensor(real(options.BatchSize, random).Concat(fake(options.BatchSize, random)).Select(v => (float)v).ToArray()).reshape(-1, 1);
            var target = cat([ones(options.BatchSize, 1), zeros(options.BatchSize, 1)]);
            var l = F.binary_cross_entropy_with_logits(discriminator.forward(x), target);
            optimizer.zero_grad();
            l.backward();
            optimizer.step();
            if (step == options.Steps - 1) loss = l.item<float>();
        }
        return new DiscriminatorFitResult(grid, ToyNetworks.Evaluate(discriminator, grid), loss);
    }
}
