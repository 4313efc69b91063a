using GanCourse.Saved;
using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Saved;

/// <summary>Notebook 08's conditional networks and updates, as the library saved them.</summary>
[Collection(GanCourse.Tests.Training.SeededTrainingCollection.Name)]
public class ConditionalGanTests
{
    static long Count(nn.Module m) => m.parameters().Sum(p => p.numel());

    static Tensor Labels(params long[] labels) => tensor(labels);

    [Fact]
    public void The_networks_are_the_dcgan_networks_with_a_label_embedding_in_front()
    {
        var g = new ConditionalGan.ConditionalGenerator();
        var d = new ConditionalGan.ConditionalDiscriminator();

        // G: ten 10-value label embeddings, then the DCGAN generator on 100 + 10 inputs.
        Assert.Equal(10 * 10 + Count(Dcgan.Generator(noiseSize: 110)), Count(g));
        // D: ten 28×28 label maps, then the DCGAN discriminator on two channels.
        Assert.Equal(10 * 784 + Count(Dcgan.Discriminator(inputChannels: 2)), Count(d));
    }

    [Fact]
    public void Images_follow_the_label_and_come_out_flat_in_minus_one_to_one_with_probabilities_in_zero_to_one()
    {
        ComputeDevice.Seed(3);
        var g = new ConditionalGan.ConditionalGenerator(filters: 8);
        var d = new ConditionalGan.ConditionalDiscriminator(filters: 8);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        g.forward(MnistGan.Noise(64, 100), randint(10, 64));   // moves batch norm's running statistics once
        g.eval();
        var z = MnistGan.Noise(4, 100);
        var labels = Labels(0, 3, 3, 9);
        var images = g.forward(z, labels);
        var scores = d.forward(images, labels);

        Assert.Equal([4, 784], images.shape);
        Assert.True(images.abs().max().item<float>() <= 1f);
        Assert.Equal([4, 1], scores.shape);
        Assert.True(scores.min().item<float>() > 0f && scores.max().item<float>() < 1f);
        // forward is Draw of the label's embedding, and another label changes the image and D's score.
        Assert.True(allclose(images, g.Draw(z, g.Embed(labels))));
        var other = Labels(1, 4, 4, 8);
        Assert.False(allclose(images, g.forward(z, other), rtol: 1e-4, atol: 1e-5));
        Assert.False(allclose(scores, d.forward(images, other), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void The_discriminator_step_sends_no_gradient_into_the_generator_and_the_generator_step_none_into_the_discriminator()
    {
        ComputeDevice.Seed(4);
        var g = new ConditionalGan.ConditionalGenerator(filters: 8);
        var d = new ConditionalGan.ConditionalDiscriminator(filters: 8);
        using var gOpt = optim.Adam(g.parameters(), 2e-4, 0.5, 0.999);
        using var dOpt = optim.Adam(d.parameters(), 2e-4, 0.5, 0.999);
        using var scope = NewDisposeScope();
        var x = GanCourse.Tests.Training.TrainingData.Small.narrow(0, 0, 16);
        var y = GanCourse.Tests.Training.TrainingData.All.Labels.narrow(0, 0, 16);

        var (loss, real, fake) = ConditionalGan.UpdateDiscriminator(x, y, MnistGan.Noise(16, 100), randint(10, 16), g, d, dOpt);
        Assert.All(g.parameters(), p => Assert.Null(p.grad));
        Assert.All(d.parameters(), p => Assert.NotNull(p.grad));
        Assert.Equal((-real.log().mean() - (1 - fake).log().mean()).item<float>(), loss.item<float>(), 5);
        Assert.All(new[] { loss, real, fake }, t => Assert.False(t.requires_grad));

        d.zero_grad();
        var frozenByUser = d.parameters().First();
        frozenByUser.requires_grad = false;
        var gLoss = ConditionalGan.UpdateGenerator(MnistGan.Noise(16, 100), randint(10, 16), g, d, gOpt);
        Assert.All(d.parameters(), p => Assert.Null(p.grad));
        Assert.All(g.parameters(), p => Assert.NotNull(p.grad));
        Assert.False(gLoss.requires_grad);
        // Held only for the step: the parameter the user froze stays frozen, the others train again.
        Assert.Equal([false, .. Enumerable.Repeat(true, d.parameters().Count() - 1)], d.parameters().Select(p => p.requires_grad));
    }
}
