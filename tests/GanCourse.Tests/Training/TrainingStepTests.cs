using GanCourse.Models;
using GanCourse.Training;
using TorchSharp;
using TorchSharp.Modules;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

/// <summary>
/// The trainer's step against the lecture's loop written out the straightforward way: same initial
/// weights, same batches, same noise and dropout streams, a few steps of each.
/// </summary>
[Collection(SeededTrainingCollection.Name)]
public class TrainingStepTests
{
    const int Steps = 5, InitSeed = 7, DropoutSeed = 11, NoiseSeed = 5;

    /// <summary>Losses, D(x) and D(G(z)) means per step, and G's and D's parameters afterwards.</summary>
    sealed record Run(double[][] Figures, float[][] Parameters);

    /// <summary>The lecture's loop: zero_grad, module forwards, BCE on probabilities, detach, Adam.step().</summary>
    static Run Reference(Func<nn.Module<Tensor, Tensor>>? wrapDiscriminator = null)
    {
        ComputeDevice.Seed(InitSeed);
        var g = GanModels.Generator();
        nn.Module<Tensor, Tensor> d = GanModels.Discriminator();
        if (wrapDiscriminator != null) d = wrapDiscriminator();
        using var gOpt = optim.Adam(g.parameters(), 1e-3, 0.9, 0.999);
        using var dOpt = optim.Adam(d.parameters(), 1e-3, 0.9, 0.999);
        using var ones = torch.ones(64, 1);
        using var zeros = torch.zeros(64, 1);
        using var random = new torch.Generator(NoiseSeed, CPU);
        ComputeDevice.Seed(DropoutSeed);
        var figures = new List<double[]>();
        for (int i = 0; i < Steps; i++)
        {
            using var scope = NewDisposeScope();
            dOpt.zero_grad();
            var realScores = d.forward(Batch(i));
            var realLoss = nn.functional.binary_cross_entropy(realScores, ones);
            var fake = g.forward(rand([64, 20], generator: random) * 2 - 1).detach();
            var fakeScores = d.forward(fake);
            var dLoss = realLoss + nn.functional.binary_cross_entropy(fakeScores, zeros);
            dLoss.backward();
            dOpt.step();

            gOpt.zero_grad();
            var gLoss = nn.functional.binary_cross_entropy(d.forward(g.forward(rand([64, 20], generator: random) * 2 - 1)), ones);
            gLoss.backward();
            gOpt.step();
            figures.Add([gLoss.item<float>(), dLoss.item<float>(), realScores.mean().item<float>(), fakeScores.mean().item<float>()]);
        }
        return new Run([.. figures], Flatten(g, d));
    }

    /// <summary>The trainer's step with the given shortcuts, from the same starting point.</summary>
    static Run Trained(FastPaths paths, Func<nn.Module<Tensor, Tensor>>? wrapDiscriminator = null)
    {
        ComputeDevice.Seed(InitSeed);
        var g = GanModels.Generator();
        nn.Module<Tensor, Tensor> d = GanModels.Discriminator();
        if (wrapDiscriminator != null) d = wrapDiscriminator();
        using var trainer = new GanTrainer(g, d, new TrainingOptions { Device = CPU });
        trainer.TrainingStep.Enabled = paths;
        using var random = new torch.Generator(NoiseSeed, CPU);
        ComputeDevice.Seed(DropoutSeed);
        var figures = new List<double[]>();
        for (int i = 0; i < Steps; i++)
        {
            using var scope = NewDisposeScope();
            var (dLoss, real, fake) = trainer.TrainingStep.DiscriminatorStep(Batch(i), random);
            var gLoss = trainer.TrainingStep.GeneratorStep(random);
            figures.Add([gLoss.item<float>(), dLoss.item<float>(), real.mean().item<float>(), fake.mean().item<float>()]);
        }
        return new Run([.. figures], Flatten(g, d));
    }

    static Tensor Batch(int i) => Small.narrow(0, 64 * i, 64);

    static float[][] Flatten(params nn.Module[] models) =>
        [.. models.SelectMany(m => m.parameters()).Select(p => p.detach().flatten().data<float>().ToArray())];

    static double Largest(float[][] a, float[][] b) => a.Zip(b, (x, y) => x.Zip(y, (u, v) => (double)Math.Abs(u - v)).Max()).Max();

    [Fact]
    public void With_no_shortcuts_the_step_is_the_lecture_loop_bit_for_bit()
    {
        var expected = Reference();
        var actual = Trained(FastPaths.None);

        Assert.Equal(expected.Figures, actual.Figures);
        Assert.Equal(0, Largest(expected.Parameters, actual.Parameters));
    }

    [Theory]
    [InlineData((int)(FastPaths.All))]
    [InlineData((int)(FastPaths.All & ~FastPaths.WrittenOut))]
    [InlineData((int)(FastPaths.WrittenOut | FastPaths.Logits))]
    [InlineData((int)(FastPaths.WrittenOut | FastPaths.Logits | FastPaths.FastDropout))]
    [InlineData((int)(FastPaths.Logits))]
    [InlineData((int)(FastPaths.Logits | FastPaths.StackedBatch | FastPaths.FastDropout | FastPaths.NoGraphForFakes))]
    [InlineData((int)(FastPaths.SigmoidTanh))]
    [InlineData((int)(FastPaths.FrozenDiscriminator | FastPaths.GradientsToNone))]
    [InlineData((int)(FastPaths.FusedAdam))]
    [InlineData((int)(FastPaths.FastDropout | FastPaths.Logits))]
    public void The_shortcuts_give_the_lecture_loop_up_to_rounding(int paths)
    {
        var expected = Reference();
        var actual = Trained((FastPaths)paths);

        // Rounding differences only (logits instead of probabilities, 2σ(2x) − 1 instead of tanh, the exactly
        // rounded square root in Adam), with the same dropout masks and noise, so nothing grows large: here the
        // figures agree to ~1e-7 and the parameters (~0.05 in size, moved ≤ 1e-3 per step) to ~1e-6.
        for (int i = 0; i < Steps; i++)
            for (int k = 0; k < 4; k++)
                Assert.True(Math.Abs(expected.Figures[i][k] - actual.Figures[i][k]) < 1e-6 * Math.Max(1, Math.Abs(expected.Figures[i][k])),
                    $"step {i}, figure {k}: {expected.Figures[i][k]} vs {actual.Figures[i][k]}");
        Assert.InRange(Largest(expected.Parameters, actual.Parameters), 0, 5e-6);
    }

    [Fact]
    public void A_discriminator_that_is_not_a_sequential_takes_the_general_path_and_agrees()
    {
        var expected = Reference(() => new Wrapped(GanModels.Discriminator()));
        var actual = Trained(FastPaths.All, () => new Wrapped(GanModels.Discriminator()));

        Assert.InRange(Largest(expected.Parameters, actual.Parameters), 0, 5e-6);
        Assert.Equal(expected.Figures.Length, actual.Figures.Length);
    }

    /// <summary>A discriminator hidden behind a custom module, so the step cannot look inside.</summary>
    sealed class Wrapped : nn.Module<Tensor, Tensor>
    {
        readonly nn.Module<Tensor, Tensor> inner;
        public Wrapped(nn.Module<Tensor, Tensor> inner) : base(nameof(Wrapped))
        {
            this.inner = inner;
            RegisterComponents();
        }
        public override Tensor forward(Tensor x) => inner.forward(x);
    }

    [Fact]
    public void The_generator_step_computes_no_gradients_for_the_discriminator_and_unfreezes_it()
    {
        using var trainer = Trainer(new TrainingOptions());
        using var random = new torch.Generator(1, CPU);
        using var scope = NewDisposeScope();
        foreach (var p in trainer.Discriminator.parameters()) p.grad = null;

        trainer.TrainingStep.GeneratorStep(random);

        Assert.All(trainer.Discriminator.parameters(), p => Assert.Null(p.grad));
        Assert.All(trainer.Discriminator.parameters(), p => Assert.True(p.requires_grad));
        Assert.All(trainer.Generator.parameters(), p => Assert.NotNull(p.grad));
        Assert.False(trainer.TrainingStep.ComputesDiscriminatorWeightGradientsInGeneratorStep);
        trainer.TrainingStep.Enabled = FastPaths.None;
        Assert.True(trainer.TrainingStep.ComputesDiscriminatorWeightGradientsInGeneratorStep);
    }
}
