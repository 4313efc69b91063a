using GanCourse.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

public class OneNearestNeighbourTests
{
    [Fact]
    public void Samples_of_one_distribution_are_classified_at_chance()
    {
        torch.manual_seed(21);
        var score = OneNearestNeighbour.Score(torch.randn(200, 8), torch.randn(200, 8));
        Assert.Equal(199.0 / 399, score.ChanceLevel, 1e-15);
        Assert.InRange(score.Accuracy, 0.42, 0.58);          // standard deviation about 0.03
        Assert.Equal((score.RealAccuracy + score.GeneratedAccuracy) / 2, score.Accuracy, 1e-15);
        Assert.Equal((200, 200), (score.RealCount, score.GeneratedCount));
    }

    [Fact]
    public void Far_apart_sets_are_separated_perfectly_and_copies_not_at_all()
    {
        torch.manual_seed(22);
        var real = torch.randn(100, 784);
        var far = OneNearestNeighbour.Score(real, torch.randn(60, 784) + 5);
        Assert.Equal(1.0, far.Accuracy);
        Assert.Equal((1.0, 1.0), (far.RealAccuracy, far.GeneratedAccuracy));

        // A generator that memorised the training images: every sample's nearest neighbour is its twin.
        Assert.Equal(0.0, OneNearestNeighbour.Score(real, real.clone()).Accuracy);
    }

    [Fact]
    public void One_dimensional_samples_work_too()
    {
        var score = OneNearestNeighbour.Score(torch.tensor(new[] { 0.0, 0.1, 0.2 }), torch.tensor(new[] { 10.0, 10.1 }));
        Assert.Equal(1.0, score.Accuracy);
        Assert.Equal((3.0 * 2 + 2 * 1) / (5 * 4), score.ChanceLevel, 1e-15);
    }

    [Fact]
    public void Bad_inputs_raise_clear_errors()
    {
        Assert.Contains("features", Assert.Throws<ArgumentException>(() => OneNearestNeighbour.Score(torch.rand(5, 784), torch.rand(5, 10))).Message);
        Assert.Contains("0 sample(s)", Assert.Throws<ArgumentException>(() => OneNearestNeighbour.Score(torch.rand(5, 784), torch.rand(0, 784))).Message);
    }
}
