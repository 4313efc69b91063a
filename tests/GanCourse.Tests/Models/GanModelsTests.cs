using GanCourse.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Tests.Models;

public class GanModelsTests
{
    static long Count(nn.Module m) => m.parameters().Sum(p => p.numel());

    [Fact]
    public void The_lecture_generator_has_its_layers_names_and_81284_parameters()
    {
        var g = GanModels.Generator();

        Assert.Equal(["fc_g0", "relu_g0", "fc_g1", "tanh_g"], g.named_children().Select(c => c.name));
        Assert.Equal(["Linear", "LeakyReLU", "Linear", "Tanh"], g.named_children().Select(c => c.module.GetType().Name));
        Assert.Equal(81_284, Count(g));
        var fc0 = (Linear)g.named_children().First().module;
        Assert.Equal((20, 100), (fc0.in_features, fc0.out_features));
    }

    [Fact]
    public void The_lecture_discriminator_has_its_layers_names_no_first_bias_and_78501_parameters()
    {
        var d = GanModels.Discriminator();

        Assert.Equal(["fc_d0", "relu_d0", "dropout", "fc_d1", "sigmoid"], d.named_children().Select(c => c.name));
        Assert.Equal(["Linear", "LeakyReLU", "Dropout", "Linear", "Sigmoid"], d.named_children().Select(c => c.module.GetType().Name));
        Assert.Equal(78_501, Count(d));
        Assert.Null(((Linear)d.named_children().First().module).bias);
    }

    [Fact]
    public void Leaky_relu_slope_is_one_hundredth_and_dropout_is_one_half()
    {
        var relu = (nn.Module<Tensor, Tensor>)GanModels.Generator().named_children().ElementAt(1).module;
        Assert.Equal(-0.01f, relu.forward(tensor(new[] { -1f })).item<float>(), 6);

        // In training mode Dropout(0.5) zeroes about half of its inputs and doubles the rest.
        var dropout = (nn.Module<Tensor, Tensor>)GanModels.Discriminator().named_children().ElementAt(2).module;
        dropout.train();
        var kept = dropout.forward(ones(100_000));
        Assert.InRange(kept.eq(0).to_type(ScalarType.Float32).mean().item<float>(), 0.49f, 0.51f);
        Assert.Equal(2f, kept.max().item<float>());
    }

    [Fact]
    public void Outputs_have_the_right_shapes_and_ranges()
    {
        var g = GanModels.Generator();
        var d = GanModels.Discriminator();
        using var _ = NewDisposeScope();
        var images = g.forward(rand(16, 20) * 40 - 20);
        var scores = d.forward(images);

        Assert.Equal([16, 784], images.shape);
        Assert.True(images.abs().max().item<float>() <= 1f);
        Assert.Equal([16, 1], scores.shape);
        Assert.True(scores.min().item<float>() > 0f && scores.max().item<float>() < 1f);
    }

    [Fact]
    public void Sizes_are_configurable()
    {
        var g = GanModels.Generator(noiseSize: 10, hiddenLayers: 2, hiddenUnits: 50, outputSize: 64);
        Assert.Equal(["fc_g0", "relu_g0", "fc_g1", "relu_g1", "fc_g2", "tanh_g"], g.named_children().Select(c => c.name));
        Assert.Equal(10 * 50 + 50 + 50 * 50 + 50 + 50 * 64 + 64, Count(g));

        var d = GanModels.Discriminator(inputSize: 64, hiddenLayers: 2, hiddenUnits: 30, dropout: 0.2);
        Assert.Equal(["fc_d0", "relu_d0", "dropout", "fc_d1", "relu_d1", "dropout1", "fc_d2", "sigmoid"], d.named_children().Select(c => c.name));
        Assert.Equal(64 * 30 + 30 * 30 + 30 + 1, Count(d));

        var linear = GanModels.Generator(hiddenLayers: 0);
        Assert.Equal(["fc_g0", "tanh_g"], linear.named_children().Select(c => c.name));
    }

    [Fact]
    public void Nonsense_sizes_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GanModels.Generator(noiseSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GanModels.Generator(hiddenLayers: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GanModels.Discriminator(dropout: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GanModels.Discriminator(hiddenUnits: 0));
    }
}
