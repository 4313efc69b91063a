using GanCourse.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

public class MmdBaselineTests
{
    /// <summary>Image-like sets on [−1, 1]: a dark background with a bright blob whose position varies with the shift.</summary>
    static Tensor Images(int count, double shift, long seed)
    {
        torch.manual_seed(seed);
        var noise = torch.randn(count, 784) * 0.5 + shift;
        return torch.tanh(noise);
    }

    [Fact]
    public void Held_out_real_images_score_near_zero_and_below_a_poor_generator()
    {
        var real = Images(400, 0, seed: 1);
        var (reference, heldOut) = Mmd.SplitReal(real, referenceCount: 300, heldOutCount: 64, seed: 2);
        var generated = Images(64, 0.3, seed: 3);
        var rows = Mmd.WithBaseline(reference, generated, heldOut);

        Assert.Equal(["generated vs reference", "held-out real vs reference (baseline)"], rows.Select(r => r.Comparison));
        var (fake, baseline) = (rows[0], rows[1]);
        Assert.Equal(Mmd.Score(reference, generated, comparison: fake.Comparison), fake);
        Assert.Equal(Mmd.Score(reference, heldOut, comparison: baseline.Comparison), baseline);
        Assert.Equal(fake.BandwidthScale, baseline.BandwidthScale);
        Assert.True(baseline.Biased > 0, "the biased MMD of a perfect generator is still above zero");
        Assert.True(System.Math.Abs(baseline.UnbiasedSquared) < 0.2 * fake.UnbiasedSquared, $"baseline {baseline.UnbiasedSquared}, generated {fake.UnbiasedSquared}");
        Assert.True(fake.Biased > baseline.Biased);
        Assert.Equal((300, 64), (fake.ReferenceCount, fake.ComparedCount));
    }

    [Fact]
    public void Split_is_disjoint_seeded_and_checked()
    {
        var real = torch.arange(100, dtype: ScalarType.Float32).reshape(100, 1).repeat(1, 4);
        var (reference, heldOut) = Mmd.SplitReal(real, 70, 20, seed: 9);
        Assert.Equal([70L, 4], reference.shape);
        Assert.Equal([20L, 4], heldOut.shape);
        var a = reference[.., 0].data<float>().ToArray();
        var b = heldOut[.., 0].data<float>().ToArray();
        Assert.Empty(a.Intersect(b));
        Assert.Equal(90, a.Concat(b).Distinct().Count());
        Assert.Equal(a, Mmd.SplitReal(real, 70, 20, seed: 9).Reference[.., 0].data<float>().ToArray());
        Assert.NotEqual(a, Mmd.SplitReal(real, 70, 20, seed: 10).Reference[.., 0].data<float>().ToArray());

        Assert.Contains("only 100", Assert.Throws<ArgumentException>(() => Mmd.SplitReal(real, 90, 20, seed: 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Mmd.SplitReal(real, 1, 20, seed: 0));
    }

    [Fact]
    public void Sets_on_different_pixel_scales_are_refused()
    {
        var reference = Images(50, 0, seed: 1);
        var heldOut = Images(10, 0, seed: 2);
        var zeroOne = torch.rand(10, 784);
        var error = Assert.Throws<ArgumentException>(() => Mmd.WithBaseline(reference, zeroOne, heldOut));
        Assert.Contains("PixelScale.FromZeroOne", error.Message);
        Assert.Contains("generated", error.Message);
        Assert.Throws<ArgumentException>(() => Mmd.WithBaseline(reference, torch.rand(10, 784) * 255, heldOut));
        Assert.Contains("features", Assert.Throws<ArgumentException>(() => Mmd.WithBaseline(reference, Images(10, 0, 3)[.., ..100], heldOut)).Message);
        // Converted, the same set is accepted.
        Assert.Equal(2, Mmd.WithBaseline(reference, PixelScale.FromZeroOne(zeroOne), heldOut).Count);
    }
}
