using GanCourse.Saved;
using GanCourse.Training;
using TorchSharp;
using TorchSharp.Modules;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Saved;

/// <summary>Notebook 04's networks, noise and training step, as the library saved them.</summary>
/// <remarks>Runs alone: the noise test compares two draws after the same seed.</remarks>
[Collection(GanCourse.Tests.Training.SeededTrainingCollection.Name)]
public class MnistGanTests
{
    static long Count(nn.Module m) => m.parameters().Sum(p => p.numel());

    [Fact]
    public void The_lecture_generator_has_its_layers_names_and_81284_parameters()
    {
        var g = MnistGan.Generator();

        Assert.Equal(["fc_g0", "relu_g0", "fc_g1", "tanh_g"], g.named_children().Select(c => c.name));
        Assert.Equal(["Linear", "LeakyReLU", "Linear", "Tanh"], g.named_children().Select(c => c.module.GetType().Name));
        Assert.Equal(81_284, Count(g));
        var fc0 = (Linear)g.named_children().First().module;
        Assert.Equal((20, 100), (fc0.in_features, fc0.out_features));
        Assert.Equal(10 * 100 + 100 + 100 * 784 + 784, Count(MnistGan.Generator(noiseSize: 10)));
    }

    [Fact]
    public void The_lecture_discriminator_has_its_layers_names_no_first_bias_and_78501_parameters()
    {
        var d = MnistGan.Discriminator();

        Assert.Equal(["fc_d0", "relu_d0", "dropout", "fc_d1", "sigmoid"], d.named_children().Select(c => c.name));
        Assert.Equal(["Linear", "LeakyReLU", "Dropout", "Linear", "Sigmoid"], d.named_children().Select(c => c.module.GetType().Name));
        Assert.Equal(78_501, Count(d));
        Assert.Null(((Linear)d.named_children().First().module).bias);
    }

    [Fact]
    public void Leaky_relu_slope_is_one_hundredth_and_dropout_is_one_half_or_as_asked()
    {
        var relu = (nn.Module<Tensor, Tensor>)MnistGan.Generator().named_children().ElementAt(1).module;
        Assert.Equal(-0.01f, relu.forward(tensor(new[] { -1f })).item<float>(), 6);

        // In training mode Dropout(0.5) zeroes about half of its inputs and doubles the rest.
        var dropout = (nn.Module<Tensor, Tensor>)MnistGan.Discriminator().named_children().ElementAt(2).module;
        dropout.train();
        using var kept = dropout.forward(ones(100_000));
        Assert.InRange(kept.eq(0).to_type(ScalarType.Float32).mean().item<float>(), 0.49f, 0.51f);
        Assert.Equal(2f, kept.max().item<float>());

        var none = (nn.Module<Tensor, Tensor>)MnistGan.Discriminator(dropout: 0).named_children().ElementAt(2).module;
        none.train();
        Assert.Equal(1f, none.forward(ones(1000)).min().item<float>());
    }

    [Fact]
    public void Outputs_have_the_right_shapes_and_ranges()
    {
        var g = MnistGan.Generator();
        var d = MnistGan.Discriminator();
        using var _ = NewDisposeScope();
        var images = g.forward(rand(16, 20) * 40 - 20);
        var scores = d.forward(images);

        Assert.Equal([16, 784], images.shape);
        Assert.True(images.abs().max().item<float>() <= 1f);
        Assert.Equal([16, 1], scores.shape);
        Assert.True(scores.min().item<float>() > 0f && scores.max().item<float>() < 1f);
    }

    [Fact]
    public void Noise_fills_minus_one_to_one_uniformly_with_the_numbers_of_rand_times_two_minus_one()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(13);
        var lecture = rand([20_000, 20]) * 2 - 1;
        torch.manual_seed(13);
        var z = MnistGan.Noise(20_000);

        Assert.True(lecture.equal(z).all().item<bool>());
        Assert.Equal([20_000, 20], z.shape);
        Assert.InRange(z.min().item<float>(), -1f, -0.999f);
        Assert.InRange(z.max().item<float>(), 0.999f, 1f);
        Assert.InRange(z.var().item<float>(), 1 / 3f - 0.01f, 1 / 3f + 0.01f);
        Assert.Equal([5, 100], MnistGan.Noise(5, size: 100).shape);
    }
}

/// <summary>The saved training step against the lecture's loop written out as the lecture writes it.</summary>
[Collection(GanCourse.Tests.Training.SeededTrainingCollection.Name)]
public class MnistGanStepTests
{
    const int Steps = 5, InitSeed = 7, StreamSeed = 11;

    /// <summary>Losses, D(x) and D(G(z)) means per step, and G's and D's parameters afterwards.</summary>
    sealed record Run(double[][] Figures, float[][] Parameters);

    /// <summary>
    /// The lecture's d_train and g_train: zero_grad, module forwards, BCE on probabilities, G's output
    /// detached, Adam.step(); D's weight gradients computed in the G step and thrown away. The only change:
    /// z is drawn before D sees the real batch, so that noise and dropout take their random numbers from
    /// the global generator in the saved step's order.
    /// </summary>
    static Run Lecture()
    {
        ComputeDevice.Seed(InitSeed);
        var g = MnistGan.Generator();
        var d = MnistGan.Discriminator();
        using var gOpt = optim.Adam(g.parameters(), 1e-3, 0.9, 0.999);
        using var dOpt = optim.Adam(d.parameters(), 1e-3, 0.9, 0.999);
        ComputeDevice.Seed(StreamSeed);
        var figures = new List<double[]>();
        for (int i = 0; i < Steps; i++)
        {
            using var scope = NewDisposeScope();
            // d_train(x)
            dOpt.zero_grad();
            var x = Batch(i);
            var inputZ = rand([64, 20]) * 2 - 1;
            var dProbaReal = d.forward(x);
            var dLossReal = nn.functional.binary_cross_entropy(dProbaReal, torch.ones(64, 1));
            var gOutput = g.forward(inputZ);
            var dProbaFake = d.forward(gOutput.detach());
            var dLossFake = nn.functional.binary_cross_entropy(dProbaFake, torch.zeros(64, 1));
            var dLoss = dLossReal + dLossFake;
            dLoss.backward();
            dOpt.step();

            // g_train(x)
            gOpt.zero_grad();
            inputZ = rand([64, 20]) * 2 - 1;
            var dProbaFakeForG = d.forward(g.forward(inputZ));
            var gLoss = nn.functional.binary_cross_entropy(dProbaFakeForG, torch.ones(64, 1));
            gLoss.backward();
            gOpt.step();
            figures.Add([gLoss.item<float>(), dLoss.item<float>(), dProbaReal.mean().item<float>(), dProbaFake.mean().item<float>()]);
        }
        return new Run([.. figures], Flatten(g, d));
    }

    /// <summary>The saved step, called as notebook 04 and the loop call it, from the same starting point.</summary>
    static Run Saved()
    {
        ComputeDevice.Seed(InitSeed);
        var g = MnistGan.Generator();
        var d = MnistGan.Discriminator();
        using var gOpt = optim.Adam(g.parameters(), 1e-3, 0.9, 0.999);
        using var dOpt = optim.Adam(d.parameters(), 1e-3, 0.9, 0.999);
        ComputeDevice.Seed(StreamSeed);
        var figures = new List<double[]>();
        for (int i = 0; i < Steps; i++)
        {
            using var scope = NewDisposeScope();
            var measures = MnistGan.TrainingStep(Batch(i), g, d, gOpt, dOpt);
            figures.Add([.. measures.Values.Select(v => (double)v.item<float>())]);
        }
        return new Run([.. figures], Flatten(g, d));
    }

    static Tensor Batch(int i) => Small.narrow(0, 64 * i, 64);

    [Fact]
    public void The_step_is_the_lecture_loop_bit_for_bit()
    {
        var expected = Lecture();
        var actual = Saved();

        // Graph-free fakes, held D and gradients set to none skip work without changing a number.
        Assert.Equal(expected.Figures, actual.Figures);
        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.NotEqual(expected.Figures[0], expected.Figures[^1]); // it did train
    }

    [Fact]
    public void The_generator_step_computes_no_gradients_for_the_discriminator_and_releases_it()
    {
        ComputeDevice.Seed(InitSeed);
        var g = MnistGan.Generator();
        var d = MnistGan.Discriminator();
        using var gOpt = optim.Adam(g.parameters(), 1e-3);
        using var scope = NewDisposeScope();
        var frozenByUser = d.parameters().First();
        frozenByUser.requires_grad = false;

        MnistGan.UpdateGenerator(MnistGan.Noise(64), g, d, gOpt);

        Assert.All(d.parameters(), p => Assert.Null(p.grad));
        Assert.All(g.parameters(), p => Assert.NotNull(p.grad));
        // Held only for the step: the parameters D trains are trainable again, the one the user froze stays frozen.
        Assert.Equal([false, true, true], d.parameters().Select(p => p.requires_grad));
    }

    [Fact]
    public void The_discriminator_step_sends_no_gradient_into_the_generator()
    {
        ComputeDevice.Seed(InitSeed);
        var g = MnistGan.Generator();
        var d = MnistGan.Discriminator();
        using var dOpt = optim.Adam(d.parameters(), 1e-3);
        using var scope = NewDisposeScope();

        var (loss, real, fake) = MnistGan.UpdateDiscriminator(Batch(0), MnistGan.Noise(64), g, d, dOpt);

        Assert.All(g.parameters(), p => Assert.Null(p.grad));
        Assert.All(d.parameters(), p => Assert.NotNull(p.grad));
        // D loss = BCE(D(x), 1) + BCE(D(G(z)), 0), as recorded; the results carry no graph.
        var expected = -real.log().mean() - (1 - fake).log().mean();
        Assert.Equal(expected.item<float>(), loss.item<float>(), 5);
        Assert.All(new[] { loss, real, fake }, t => Assert.False(t.requires_grad));
        Assert.Equal([64L, 1], real.shape);
    }
}
