using GanCourse.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

/// <summary>Every image metric refuses two sets on different pixel scales, not only Mmd.WithBaseline (issue 12).</summary>
public class MixedScaleTests
{
    /// <summary>Random images on [−1, 1] that reach both ends (so the messages show round ranges).</summary>
    static Tensor MinusOneOne(int n, int seed)
    {
        var images = torch.rand(n, 784, generator: new torch.Generator((ulong)seed)) * 2 - 1;
        images[0, 0] = torch.tensor(-1f);
        images[0, 1] = torch.tensor(1f);
        return images;
    }

    public static TheoryData<string> Metrics => ["Biased", "UnbiasedSquared", "Score", "OneNearestNeighbour"];

    static void Run(string metric, Tensor real, Tensor generated)
    {
        switch (metric)
        {
            case "Biased": Mmd.Biased(real, generated); break;
            case "UnbiasedSquared": Mmd.UnbiasedSquared(real, generated); break;
            case "Score": Mmd.Score(real, generated); break;
            default: OneNearestNeighbour.Score(real, generated); break;
        }
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Zero_one_images_against_minus_one_one_images_are_refused(string metric)
    {
        var real = MinusOneOne(20, 1);
        var zeroOne = PixelScale.ToZeroOne(MinusOneOne(10, 2));

        var e = Assert.Throws<ArgumentException>(() => Run(metric, real, zeroOne));
        Assert.StartsWith("real and generated are on different pixel scales, so distances between them mean nothing: ", e.Message);
        Assert.Contains("real spans [-1, 1] (on the course's scale [−1, 1])", e.Message);
        Assert.Contains("generated spans [0, 1] ([0, 1] images (no negative pixel); map them with PixelScale.FromZeroOne)", e.Message);

        // The other way round, and with byte images.
        Assert.Contains("real spans [0, 1]", Assert.Throws<ArgumentException>(() => Run(metric, zeroOne, real)).Message);
        var bytes = Assert.Throws<ArgumentException>(() => Run(metric, real, (zeroOne * 255).round())).Message;
        Assert.Contains("generated spans [0, 255] (0…255 byte images; divide by 255, then map with PixelScale.FromZeroOne)", bytes);

        // One scale for both sets is accepted: converted, or both on [0, 1].
        Run(metric, real, PixelScale.FromZeroOne(zeroOne));
        Run(metric, PixelScale.ToZeroOne(real), zeroOne);
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Samples_that_are_not_images_are_not_held_to_a_pixel_scale(string metric)
    {
        // Gaussian features, and 1-D samples (one feature), are compared as they are.
        Run(metric, torch.randn(30, 8), torch.rand(20, 8));
        Run(metric, torch.tensor(new[] { 0.0, 0.3, 0.6 }), torch.tensor(new[] { 2.0, 9.0 }));
    }
}
