using GanCourse.Metrics;
using TorchSharp;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

[Collection(GanCourse.Tests.Training.SeededTrainingCollection.Name)]
public class FeatureQualityTests
{
    static Tensor Reference => All.Images.narrow(0, 7500, 400);
    static Tensor HeldOut => All.Images.narrow(0, 8000, 200);

    /// <summary>200 images on [−1, 1] that are not digits: real digits with their pixels shuffled.</summary>
    static Tensor Scrambled => All.Images.narrow(0, 9000, 200).index_select(1, randperm(784, generator: new torch.Generator(1)));

    [Fact]
    public void It_gives_the_three_scores_of_the_networks_features_for_the_generated_set_and_the_real_baseline()
    {
        var network = TrainedFeatures.Network;

        var score = FeatureQuality.Score(network, Reference, HeldOut, Scrambled);

        var (reference, heldOut, scrambled) = (network.Features(Reference), network.Features(HeldOut), network.Features(Scrambled));
        foreach (var (row, features, name) in new[] { (score.Generated, scrambled, "generated vs reference"), (score.Baseline, heldOut, "held-out real vs reference (baseline)") })
        {
            Assert.Equal(name, row.Comparison);
            Assert.Equal((400, 200), (row.ReferenceCount, row.ComparedCount));
            Assert.Equal(FrechetDistance.Squared(reference, features), row.FrechetSquared, 1e-9 * row.FrechetSquared);
            Assert.Equal(PolynomialMmd.UnbiasedSquared(reference, features), row.KernelMmdSquared, 1e-9 * System.Math.Abs(row.KernelMmdSquared));
            var pr = PrecisionRecall.Score(reference, features);
            Assert.Equal((pr.Precision, pr.Recall), (row.Precision, row.Recall));
            Assert.Equal(row, FeatureQuality.Compare(reference, features, name));
        }
        // Real digits the judge never saw are close to the reference; scrambled digits are far.
        Assert.True(score.Baseline.FrechetSquared < score.Generated.FrechetSquared / 10, score.ToString());
        Assert.True(score.Baseline.KernelMmdSquared < score.Generated.KernelMmdSquared / 10, score.ToString());
        Assert.True(score.Baseline.Recall > 0.5 && score.Generated.Recall < 0.1, score.ToString());
    }

    [Fact]
    public void Its_table_shows_both_rows_and_says_whose_features_they_are()
    {
        var text = FeatureQuality.Score(TrainedFeatures.Network, Reference, HeldOut, Scrambled).ToString();
        var lines = text.Split('\n');

        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^comparison +images +Fréchet d² +kernel MMD² +precision +recall$", lines[0]);
        Assert.Matches(@"^generated vs reference +200 +\d+\.\d{3} +-?\d+\.\d{5} +[01]\.\d{3} +[01]\.\d{3}$", lines[1]);
        Assert.StartsWith("held-out real vs reference (baseline)  ", lines[2]);
        Assert.Equal("(400 reference images; a digit classifier's features, not Inception's)", lines[3]);
    }

    [Fact]
    public void Images_on_another_pixel_scale_too_few_images_and_NaN_are_refused()
    {
        var network = TrainedFeatures.Network;
        string Message(Action a) => Assert.Throws<ArgumentException>(a).Message;

        var zeroOne = Message(() => FeatureQuality.Score(network, Reference, HeldOut, PixelScale.ToZeroOne(Scrambled)));
        Assert.Contains("generated has no negative pixel", zeroOne);
        Assert.Contains("PixelScale.FromZeroOne", zeroOne);
        Assert.Contains("reference has no negative pixel", Message(() => FeatureQuality.Score(network, PixelScale.ToZeroOne(Reference), HeldOut, Scrambled)));
        Assert.Contains("byte images (0…255) need /255", Message(() => FeatureQuality.Score(network, Reference, (PixelScale.ToZeroOne(HeldOut) * 255).round(), Scrambled)));
        Assert.Contains("generated has 50 samples of 64 features; a covariance of 64 features needs at least 65 samples",
            Message(() => FeatureQuality.Score(network, Reference, HeldOut, Scrambled.narrow(0, 0, 50))));
        Assert.Contains("generated has 0 sample(s)", Message(() => FeatureQuality.Score(network, Reference, HeldOut, Scrambled.narrow(0, 0, 0))));
        var withNaN = Scrambled.clone();
        withNaN[4, 100] = tensor(float.NaN);
        Assert.Contains("generated contains NaN or infinite values", Message(() => FeatureQuality.Score(network, Reference, HeldOut, withNaN)));
        Assert.Contains("Expected 28×28 images, [N, 784]; got [200, 100]", Message(() => FeatureQuality.Score(network, Reference, HeldOut, Scrambled.narrow(1, 0, 100))));
        Assert.Contains("referenceFeatures has 64 features per sample but features has 10",
            Message(() => FeatureQuality.Compare(network.Features(Reference), network.Features(HeldOut).narrow(1, 0, 10))));
    }
}
