using GanCourse.Models;
using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Models;

public class ConditionalGanModelsTests
{
    static long Count(nn.Module m) => m.parameters().Sum(p => p.numel());

    [Fact]
    public void Each_player_is_a_fully_connected_network_with_a_label_embedding_appended_to_its_input()
    {
        var g = ConditionalGanModels.Generator();
        var d = ConditionalGanModels.Discriminator();

        Assert.Equal(["label_embedding", "body"], g.named_children().Select(c => c.name));
        Assert.Equal(["label_embedding", "body"], d.named_children().Select(c => c.name));
        Assert.Equal((100, 10, 10), (g.NoiseSize, g.Classes, g.EmbeddingSize));
        // The bodies are GanModels' networks with a longer input: z (100) + embedding (10), image (784) + embedding (10).
        Assert.Equal(Count(GanModels.Generator(110, 2, 256)) + 10 * 10, Count(g));
        Assert.Equal(Count(GanModels.Discriminator(794, 2, 256)) + 10 * 10, Count(d));
        Assert.Equal(["fc_g0", "relu_g0", "fc_g1", "relu_g1", "fc_g2", "tanh_g"], g.Body.named_children().Select(c => c.name));
    }

    [Fact]
    public void The_label_changes_what_both_players_compute()
    {
        ComputeDevice.Seed(11);
        var g = ConditionalGanModels.Generator(hiddenUnits: 32);
        var d = ConditionalGanModels.Discriminator(hiddenUnits: 32);
        d.eval();
        using var _ = NewDisposeScope();
        using var noGrad = no_grad();
        var z = randn(1, 100).repeat(10, 1);
        var digits = arange(10, ScalarType.Int64);

        var images = g.forward(z, digits);
        Assert.Equal([10, 784], images.shape);
        Assert.True(images.abs().max().item<float>() <= 1f);
        // One noise vector, ten labels: ten different images.
        Assert.Equal(10, Enumerable.Range(0, 10).Select(i => images[i].sum().item<float>()).Distinct().Count());

        var oneImage = images.narrow(0, 3, 1).repeat(10, 1);
        var scores = d.forward(oneImage, digits);
        Assert.Equal([10, 1], scores.shape);
        Assert.True(scores.min().item<float>() > 0f && scores.max().item<float>() < 1f);
        Assert.Equal(10, Enumerable.Range(0, 10).Select(i => scores[i, 0].item<float>()).Distinct().Count());
    }

    [Fact]
    public void Sizes_are_configurable_and_nonsense_is_rejected()
    {
        var g = ConditionalGanModels.Generator(noiseSize: 4, classes: 3, embeddingSize: 2, hiddenLayers: 1, hiddenUnits: 5, imageSize: 16);
        Assert.Equal(6 * 5 + 5 + 5 * 16 + 16 + 3 * 2, Count(g));
        var d = ConditionalGanModels.Discriminator(classes: 3, embeddingSize: 2, hiddenLayers: 1, hiddenUnits: 5, imageSize: 16);
        Assert.Equal(18 * 5 + 5 * 1 + 1 + 3 * 2, Count(d));

        Assert.Throws<ArgumentOutOfRangeException>(() => ConditionalGanModels.Generator(classes: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConditionalGanModels.Generator(embeddingSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConditionalGanModels.Generator(noiseSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConditionalGanModels.Discriminator(imageSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConditionalGanModels.Discriminator(dropout: 1));
    }
}
