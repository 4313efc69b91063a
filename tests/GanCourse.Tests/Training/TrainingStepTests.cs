using GanCourse.Models;
using GanCourse.Training;
using TorchSharp;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

/// <summary>
/// The trainer's step against the lecture's loop written out as the lecture writes it: same initial
/// weights, same batches, same noise and dropout streams, a few iterations of each.
/// </summary>
[Collection(SeededTrainingCollection.Name)]
public class TrainingStepTests
{
    const int Steps = 5, InitSeed = 7, DropoutSeed = 11, NoiseSeed = 5;

    /// <summary>Losses, D(x) and D(G(z)) means per step, and G's and D's parameters afterwards.</summary>
    sealed record Run(double[][] Figures, float[][] Parameters);

    /// <summary>
    /// The lecture's d_train and g_train: zero_grad, module forwards, BCE on probabilities, G's output
    /// detached, Adam.step(); D's weight gradients computed in the G step and thrown away.
    /// </summary>
    static Run Lecture()
    {
        ComputeDevice.Seed(InitSeed);
        var g = GanModels.Generator();
        var d = GanModels.Discriminator();
        using var gOpt = optim.Adam(g.parameters(), 1e-3, 0.9, 0.999);
        using var dOpt = optim.Adam(d.parameters(), 1e-3, 0.9, 0.999);
        using var random = new torch.Generator(NoiseSeed, CPU);
        ComputeDevice.Seed(DropoutSeed);
        var figures = new List<double[]>();
        for (int i = 0; i < Steps; i++)
        {
            using var scope = NewDisposeScope();
            // d_train(x)
            dOpt.zero_grad();
            var x = Batch(i);
            var dProbaReal = d.forward(x);
            var dLossReal = nn.functional.binary_cross_entropy(dProbaReal, torch.ones(64, 1));
            var inputZ = rand([64, 20], generator: random) * 2 - 1;
            var gOutput = g.forward(inputZ);
            var dProbaFake = d.forward(gOutput.detach());
            var dLossFake = nn.functional.binary_cross_entropy(dProbaFake, torch.zeros(64, 1));
            var dLoss = dLossReal + dLossFake;
            dLoss.backward();
            dOpt.step();

            // g_train(x)
            gOpt.zero_grad();
            inputZ = rand([64, 20], generator: random) * 2 - 1;
            var dProbaFakeForG = d.forward(g.forward(inputZ));
            var gLoss = nn.functional.binary_cross_entropy(dProbaFakeForG, torch.ones(64, 1));
            gLoss.backward();
            gOpt.step();
            figures.Add([gLoss.item<float>(), dLoss.item<float>(), dProbaReal.mean().item<float>(), dProbaFake.mean().item<float>()]);
        }
        return new Run([.. figures], Flatten(g, d));
    }

    /// <summary>The trainer's step, called as notebook 04 and Fit call it, from the same starting point.</summary>
    static Run Trained()
    {
        using var trainer = Trainer(new TrainingOptions(), InitSeed);
        using var random = new torch.Generator(NoiseSeed, CPU);
        ComputeDevice.Seed(DropoutSeed);
        var figures = new List<double[]>();
        for (int i = 0; i < Steps; i++)
        {
            using var scope = NewDisposeScope();
            var (dLoss, real, fake) = trainer.TrainingStep.DiscriminatorStep(Batch(i), trainer.NoiseBatch(random));
            var gLoss = trainer.TrainingStep.GeneratorStep(trainer.NoiseBatch(random));
            figures.Add([gLoss.item<float>(), dLoss.item<float>(), real.mean().item<float>(), fake.mean().item<float>()]);
        }
        return new Run([.. figures], Flatten(trainer.Generator, trainer.Discriminator));
    }

    static Tensor Batch(int i) => Small.narrow(0, 64 * i, 64);

    static float[][] Flatten(params nn.Module[] models) =>
        [.. models.SelectMany(m => m.parameters()).Select(p => p.detach().flatten().data<float>().ToArray())];

    [Fact]
    public void The_step_is_the_lecture_loop_bit_for_bit()
    {
        var expected = Lecture();
        var actual = Trained();

        // Graph-free fakes, held D and gradients set to none skip work without changing a number.
        Assert.Equal(expected.Figures, actual.Figures);
        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.NotEqual(expected.Figures[0], expected.Figures[^1]); // it did train
    }

    [Fact]
    public void The_generator_step_computes_no_gradients_for_the_discriminator_and_releases_it()
    {
        using var trainer = Trainer(new TrainingOptions());
        using var random = new torch.Generator(1, CPU);
        using var scope = NewDisposeScope();
        var frozenByUser = trainer.Discriminator.parameters().First();
        frozenByUser.requires_grad = false;

        trainer.TrainingStep.GeneratorStep(trainer.NoiseBatch(random));

        Assert.All(trainer.Discriminator.parameters(), p => Assert.Null(p.grad));
        Assert.All(trainer.Generator.parameters(), p => Assert.NotNull(p.grad));
        // Held only for the step: the parameters D trains are trainable again, the one the user froze stays frozen.
        Assert.Equal([false, true, true], trainer.Discriminator.parameters().Select(p => p.requires_grad));
    }

    [Fact]
    public void The_discriminator_step_sends_no_gradient_into_the_generator()
    {
        using var trainer = Trainer(new TrainingOptions());
        using var random = new torch.Generator(1, CPU);
        using var scope = NewDisposeScope();

        var (loss, real, fake) = trainer.TrainingStep.DiscriminatorStep(Batch(0), trainer.NoiseBatch(random));

        Assert.All(trainer.Generator.parameters(), p => Assert.Null(p.grad));
        Assert.All(trainer.Discriminator.parameters(), p => Assert.NotNull(p.grad));
        // D loss = BCE(D(x), 1) + BCE(D(G(z)), 0), as recorded; the results carry no graph.
        var expected = -real.log().mean() - (1 - fake).log().mean();
        Assert.Equal(expected.item<float>(), loss.item<float>(), 5);
        Assert.All(new[] { loss, real, fake }, t => Assert.False(t.requires_grad));
        Assert.Equal([64L, 1], real.shape);
    }
}
