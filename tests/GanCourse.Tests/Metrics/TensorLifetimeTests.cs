using GanCourse.Metrics;
using GanCourse.Theory;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

public class TensorLifetimeTests
{
    [Fact]
    public void Metrics_leave_no_tensors_behind_in_the_callers_scope()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(6);
        var reference = torch.tanh(torch.randn(40, 784));
        var generated = torch.tanh(torch.randn(12, 784));
        var heldOut = torch.tanh(torch.randn(12, 784));
        var (features, others) = (torch.randn(40, 6), torch.randn(30, 6));
        var before = scope.DisposablesCount;

        Mmd.Biased(reference, generated);
        Mmd.Score(reference, generated);
        Mmd.BandwidthScale(reference);
        Mmd.WithBaseline(reference, generated, heldOut);
        Mmd.Biased([0.0, 1, 2], [3.0, 4]);
        OneNearestNeighbour.Score(reference, generated);
        GeneratorGradients.Over(-2, 2, 5);
        PixelScale.RequireMinusOneToOne(reference, "reference");
        FrechetDistance.Squared(features, others);
        PolynomialMmd.UnbiasedSquared(features, others);
        PrecisionRecall.Score(features, others);
        FeatureQuality.Compare(features, others);

        Assert.Equal(before, scope.DisposablesCount);
        // Inputs are still usable afterwards.
        Assert.Equal(40, reference.shape[0]);
        Assert.True(reference.abs().max().item<float>() <= 1);
    }
}
