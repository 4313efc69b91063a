using GanCourse.Models;
using GanCourse.Saved;
using GanCourse.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Tests.Saved;

/// <summary>Notebook 07's DCGAN networks, as the library saved them.</summary>
public class DcganTests
{
    static long Count(nn.Module m) => m.parameters().Sum(p => p.numel());

    [Fact]
    public void The_generator_grows_1x1_noise_to_a_28x28_image_through_4_7_and_14()
    {
        var g = Dcgan.Generator();
        var summary = ModelSummary.Of(g, inputSize: 100);

        Assert.Equal(["unflatten", "convt_g0", "bn_g0", "relu_g0", "convt_g1", "bn_g1", "relu_g1", "convt_g2", "bn_g2", "relu_g2", "convt_g3", "flatten", "tanh_g"],
            summary.Layers.Select(l => l.Name));
        Assert.Equal(["[N, 100, 1, 1]", "[N, 128, 4, 4]", "[N, 64, 7, 7]", "[N, 32, 14, 14]", "[N, 1, 28, 28]", "[N, 784]"],
            summary.Layers.Where(l => l.Type is "Unflatten" or "ConvTranspose2d" or "Tanh").Select(l => l.OutputShape));
        // Transposed convolutions without bias (batch norm follows), then batch norm's scale and shift per channel.
        long expected = 100 * 128 * 16 + 128 * 64 * 9 + 64 * 32 * 16 + 32 * 1 * 16 + 2 * (128 + 64 + 32);
        Assert.Equal(expected, Count(g));
        Assert.Equal(expected, summary.TotalParameters);
    }

    [Fact]
    public void The_discriminator_shrinks_the_image_to_one_probability_without_batch_norm_on_its_input_layer()
    {
        var d = Dcgan.Discriminator();
        var summary = ModelSummary.Of(d, inputSize: 784);

        Assert.Equal(["unflatten", "conv_d0", "relu_d0", "conv_d1", "bn_d1", "relu_d1", "conv_d2", "bn_d2", "relu_d2", "conv_d3", "flatten", "sigmoid"],
            summary.Layers.Select(l => l.Name));
        Assert.Equal(["[N, 32, 14, 14]", "[N, 64, 7, 7]", "[N, 128, 4, 4]", "[N, 1, 1, 1]"],
            summary.Layers.Where(l => l.Type == "Conv2d").Select(l => l.OutputShape));
        Assert.Equal("LeakyReLU", summary.Layers[2].Type);
        Assert.Equal(-0.2f, ((nn.Module<Tensor, Tensor>)d.named_children().ElementAt(2).module).forward(tensor(new[] { -1f })).item<float>(), 6);
        Assert.Equal(32 * 16 + 64 * 32 * 16 + 128 * 64 * 9 + 128 * 16 + 2 * (64 + 128), Count(d));
    }

    [Fact]
    public void Flat_noise_gives_flat_images_in_minus_one_to_one_and_probabilities_in_zero_to_one()
    {
        ComputeDevice.Seed(3);
        var g = Dcgan.Generator(filters: 8);
        var d = Dcgan.Discriminator(filters: 8);
        using var _ = NewDisposeScope();
        var images = g.forward(randn(16, 100) * 5);
        var scores = d.forward(images);

        Assert.Equal([16, 784], images.shape);
        Assert.True(images.abs().max().item<float>() <= 1f);
        Assert.Equal([16, 1], scores.shape);
        Assert.True(scores.min().item<float>() > 0f && scores.max().item<float>() < 1f);
    }

    [Fact]
    public void Weights_start_as_Radford_et_al_prescribe()
    {
        ComputeDevice.Seed(4);
        var g = Dcgan.Generator();
        var convs = g.modules().OfType<ConvTranspose2d>().ToArray();
        var weights = cat(convs.Select(c => c.weight!.flatten()).ToArray());
        Assert.Equal(0, weights.mean().item<float>(), 3);
        Assert.Equal(0.02, weights.std().item<float>(), 3);

        var norms = g.modules().OfType<BatchNorm2d>().ToArray();
        var scales = cat(norms.Select(n => n.weight!.flatten()).ToArray());
        Assert.InRange(scales.mean().item<float>(), 0.99f, 1.01f);
        Assert.All(norms, n => Assert.Equal(0f, n.bias!.abs().max().item<float>()));
    }

    [Fact]
    public void In_eval_mode_batch_norm_uses_its_running_statistics_so_an_image_does_not_depend_on_its_batch()
    {
        ComputeDevice.Seed(5);
        var g = Dcgan.Generator(filters: 8);
        using var _ = NewDisposeScope();
        var z = randn(8, 100);
        using (no_grad()) g.forward(randn(64, 100));   // one training-mode pass moves the running statistics
        g.eval();
        using var noGrad = no_grad();
        var alone = g.forward(z.narrow(0, 0, 1));
        var inBatch = g.forward(z).narrow(0, 0, 1);
        Assert.True(allclose(alone, inBatch, rtol: 1e-4, atol: 1e-5));
        g.train();
        Assert.False(allclose(g.forward(z.narrow(0, 0, 2)).narrow(0, 0, 1), g.forward(z).narrow(0, 0, 1), rtol: 1e-4, atol: 1e-5));
    }
}
