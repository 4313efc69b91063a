using GanCourse.Metrics;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

public class SampleQualityTests
{
    [Fact]
    public void It_gives_exactly_the_scores_of_notebook_05s_two_calls()
    {
        manual_seed(41);
        var reference = rand(300, 784) * 2 - 1;
        var heldOut = rand(80, 784) * 2 - 1;
        var generated = (rand(80, 784) * 2 - 1) * 0.5;

        var score = SampleQuality.Score(reference, heldOut, generated);

        var mmd = Mmd.WithBaseline(reference, generated, heldOut);
        Assert.Equal(mmd[0], score.Generated);
        Assert.Equal(mmd[1], score.Baseline);
        Assert.Equal(OneNearestNeighbour.Score(heldOut, generated), score.NearestNeighbour);
        Assert.True(score.Generated.Biased > score.Baseline.Biased);
    }

    [Fact]
    public void Images_on_the_wrong_scale_are_refused_as_by_the_mmd()
    {
        var reference = rand(50, 784) * 2 - 1;
        var message = Assert.Throws<ArgumentException>(() => SampleQuality.Score(reference, rand(20, 784) * 2 - 1, rand(20, 784))).Message;
        Assert.Contains("PixelScale.FromZeroOne", message);
    }
}
