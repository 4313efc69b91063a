using GanCourse.Models;
using GanCourse.Saved;
using TorchSharp;

namespace GanCourse.Tests.Models;

public class ModelSummaryTests
{
    [Fact]
    public void The_generator_summary_lists_layers_shapes_and_counts()
    {
        var g = MnistGan.Generator();
        var summary = ModelSummary.Of(g, inputSize: 20, title: "Generator");

        Assert.Equal(
        [
            new LayerSummary("fc_g0", "Linear", "[N, 100]", 2_100),
            new LayerSummary("relu_g0", "LeakyReLU", "[N, 100]", 0),
            new LayerSummary("fc_g1", "Linear", "[N, 784]", 79_184),
            new LayerSummary("tanh_g", "Tanh", "[N, 784]", 0),
        ], summary.Layers);
        Assert.Equal(81_284, summary.TotalParameters);
        Assert.Equal(81_284, summary.TrainableParameters);
    }

    [Fact]
    public void The_discriminator_summary_prints_as_a_table_and_keeps_the_training_mode()
    {
        var d = MnistGan.Discriminator();
        d.train();
        var text = ModelSummary.Of(d, inputSize: 784, title: "Discriminator").ToString();
        var lines = text.Split(Environment.NewLine);

        Assert.True(d.training);
        Assert.Equal("Discriminator", lines[0]);
        Assert.Matches(@"^Layer\s+Type\s+Output shape\s+Parameters$", lines[1]);
        Assert.Matches(@"^fc_d0\s+Linear\s+\[N, 100\]\s+78,400$", lines[3]);
        Assert.Matches(@"^dropout\s+Dropout\s+\[N, 100\]\s+0$", lines[5]);
        Assert.Matches(@"^sigmoid\s+Sigmoid\s+\[N, 1\]\s+0$", lines[7]);
        Assert.Equal("Total parameters: 78,501", lines[^1]);
    }

    [Fact]
    public void Without_an_input_size_shapes_are_left_empty_and_frozen_parameters_are_counted_apart()
    {
        var g = MnistGan.Generator();
        foreach (var p in g.named_children().First().module.parameters()) p.requires_grad = false;

        var summary = ModelSummary.Of(g);

        Assert.All(summary.Layers, l => Assert.Equal("", l.OutputShape));
        Assert.Equal(81_284 - 2_100, summary.TrainableParameters);
        Assert.EndsWith("Total parameters: 81,284 (79,184 trainable)", summary.ToString());
    }
}
