using GanCourse.Data;
using TorchSharp;

namespace GanCourse.Tests.Data;

public class GaussianRingTests
{
    [Fact]
    public void Eight_centres_lie_evenly_on_a_circle_of_radius_two()
    {
        var ring = new GaussianRing();

        Assert.Equal((8, 2.0, 0.02), (ring.Modes, ring.Radius, ring.Sigma));
        Assert.All(ring.Centres, c => Assert.Equal(2, Math.Sqrt(c.X * c.X + c.Y * c.Y), 12));
        Assert.Equal((2.0, 0.0), ring.Centres[0]);
        Assert.Equal(0, ring.Centres[2].X, 12);
        Assert.Equal(2, ring.Centres[2].Y, 12);
        Assert.Equal([8L, 2L], ring.CentreTensor().shape);
    }

    [Fact]
    public void Samples_scatter_by_sigma_around_the_centres_and_repeat_with_the_seed()
    {
        var ring = new GaussianRing();
        using var a = new torch.Generator(4);
        using var b = new torch.Generator(4);

        var samples = ring.Sample(4000, a);

        Assert.Equal([4000L, 2L], samples.shape);
        Assert.True(samples.allclose(ring.Sample(4000, b), rtol: 0, atol: 0));
        var offsets = samples - ring.CentreTensor().index_select(0, torch.cdist(samples, ring.CentreTensor()).argmin(1));
        Assert.InRange(offsets.std().item<float>(), 0.019, 0.021);
        Assert.InRange(offsets.mean().item<float>(), -0.002, 0.002);
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianRing(modes: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianRing(radius: -2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianRing(sigma: double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianRing().Sample(0));
    }
}
