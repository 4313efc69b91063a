using GanCourse.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

public class MmdTests
{
    static Tensor Column(params double[] values) => torch.tensor(values, dtype: ScalarType.Float64).reshape(values.Length, 1);

    /// <summary>The lecture's cell, step by step on whole matrices, as an independent reference.</summary>
    static (double Biased, double UnbiasedSquared) Reference(Tensor x, Tensor y, double sigma = 1)
    {
        using var scope = torch.NewDisposeScope();
        x = x.reshape(x.shape[0], -1).to_type(ScalarType.Float64);
        y = y.reshape(y.shape[0], -1).to_type(ScalarType.Float64);
        var mxx = torch.cdist(x, x).square();
        var myy = torch.cdist(y, y).square();
        var mxy = torch.cdist(x, y).square();
        var scale = mxx.mean().item<double>();
        Tensor K(Tensor m) => torch.exp(-m / (2 * sigma * sigma * scale));
        var (kxx, kyy, kxy) = (K(mxx), K(myy), K(mxy));
        var biased = System.Math.Sqrt(System.Math.Max(0, (kxx.mean() + kyy.mean() - 2 * kxy.mean()).item<double>()));
        long n = x.shape[0], m = y.shape[0];
        var unbiased = ((kxx.sum() - kxx.trace()) / (n * (n - 1)) + (kyy.sum() - kyy.trace()) / (m * (m - 1)) - 2 * kxy.mean()).item<double>();
        return (biased, unbiased);
    }

    [Fact]
    public void Biased_and_unbiased_match_a_hand_computed_example()
    {
        // x = {0, 1}: M_xx = [[0,1],[1,0]], scale = ½, so k = exp(−M). y = {2, 4}.
        var x = Column(0, 1);
        var y = Column(2, 4);
        double e(double t) => System.Math.Exp(-t);
        var kxy = (e(4) + e(16) + e(1) + e(9)) / 4;
        var biasedSquared = (2 + 2 * e(1)) / 4 + (2 + 2 * e(4)) / 4 - 2 * kxy;
        Assert.Equal(0.5, Mmd.BandwidthScale(x), 1e-15);
        Assert.Equal(System.Math.Sqrt(biasedSquared), Mmd.Biased(x, y), 1e-14);
        Assert.Equal(e(1) + e(4) - 2 * kxy, Mmd.UnbiasedSquared(x, y), 1e-14);
        // One generated point: y = {2}. MMD² = ½ + ½e⁻¹ + 1 − e⁻⁴ − e⁻¹.
        Assert.Equal(System.Math.Sqrt(1.5 - 0.5 * e(1) - e(4)), Mmd.Biased(x, Column(2)), 1e-14);
        Assert.Equal(System.Math.Sqrt(1.5 - 0.5 * e(1) - e(4)), Mmd.Biased([0.0, 1.0], [2.0]), 1e-14);
    }

    [Fact]
    public void Matches_the_lecture_formula_on_images_and_is_blind_to_image_shape()
    {
        torch.manual_seed(3);
        var real = torch.rand(60, 784) * 2 - 1;
        var generated = torch.tanh(torch.randn(40, 784));
        var (biased, unbiased) = Reference(real, generated);
        Assert.Equal(biased, Mmd.Biased(real, generated), 1e-10);
        Assert.Equal(unbiased, Mmd.UnbiasedSquared(real, generated), 1e-10);
        Assert.Equal(biased, Mmd.Biased(real.reshape(60, 1, 28, 28), generated.reshape(40, 28, 28)), 1e-10);

        var score = Mmd.Score(real, generated, comparison: "test");
        Assert.Equal(new MmdScore("test", 60, 40, Mmd.BandwidthScale(real), Mmd.Biased(real, generated), Mmd.UnbiasedSquared(real, generated)), score);
        Assert.Equal(torch.cdist(real.to_type(ScalarType.Float64), real.to_type(ScalarType.Float64)).square().mean().item<double>(), score.BandwidthScale, 1e-9);

        var wider = Reference(real, generated, sigma: 2);
        Assert.Equal(wider.Biased, Mmd.Biased(real, generated, sigma: 2), 1e-10);
    }

    [Fact]
    public void Identical_sets_score_zero()
    {
        torch.manual_seed(4);
        var images = torch.rand(50, 784) * 2 - 1;
        Assert.True(Mmd.Biased(images, images) < 1e-6);
        Assert.Equal(0, Mmd.Biased([0.0, 1, 3], [0.0, 1, 3]));
    }

    [Fact]
    public void Unbiased_estimate_is_zero_on_average_for_one_distribution_while_the_biased_one_is_not()
    {
        const int Repeats = 30;
        var unbiased = new double[Repeats];
        var biasedSquared = new double[Repeats];
        for (int r = 0; r < Repeats; r++)
        {
            torch.manual_seed(100 + r);
            var x = torch.randn(40, 5);
            var y = torch.randn(40, 5);
            unbiased[r] = Mmd.UnbiasedSquared(x, y);
            biasedSquared[r] = System.Math.Pow(Mmd.Biased(x, y), 2);
        }
        var stats = new MathNet.Numerics.Statistics.RunningStatistics(unbiased);
        var standardError = stats.StandardDeviation / System.Math.Sqrt(Repeats);
        Assert.True(System.Math.Abs(stats.Mean) < 3 * standardError, $"mean unbiased MMD² {stats.Mean} ± {standardError}");
        Assert.Contains(unbiased, u => u < 0);                       // an unbiased estimate of 0 must dip below it
        Assert.All(biasedSquared, b => Assert.True(b > 0));
        var biased = new MathNet.Numerics.Statistics.RunningStatistics(biasedSquared);
        Assert.True(biased.Mean > 5 * biased.StandardDeviation / System.Math.Sqrt(Repeats), $"the biased MMD² sits above zero: {biased.Mean}");

        torch.manual_seed(7);
        var shifted = Mmd.UnbiasedSquared(torch.randn(40, 5), torch.randn(40, 5) + 1);
        Assert.True(shifted > 10 * standardError, $"shifted sets: {shifted}");
    }

    [Theory]
    [InlineData(0.0, 0.001)]
    [InlineData(1.0, 0.04)]
    [InlineData(2.0, 0.065)]
    public void One_dimensional_unbiased_MMD_matches_the_population_value_for_shifted_normals(double mu, double tolerance)
    {
        // For N(0,1) vs N(μ,1) and kernel exp(−d²/(2h)), h = σ²·scale:
        // MMD² = 2·sqrt(h/(h+2))·(1 − exp(−μ²/(2(h+2)))). 2500 samples also span two distance blocks.
        // Tolerances are 4 standard deviations of the estimate at this size (simulated: 2e-4, 0.0095, 0.016).
        var real = GanCourse.Theory.Density.Normal(0, 1).Sample(2500, seed: 1);
        var generated = GanCourse.Theory.Density.Normal(mu, 1).Sample(2500, seed: 2);
        var h = Mmd.BandwidthScale(torch.tensor(real));
        Assert.Equal(2, h, 0.15);
        var population = 2 * System.Math.Sqrt(h / (h + 2)) * (1 - System.Math.Exp(-mu * mu / (2 * (h + 2))));
        Assert.Equal(population, Mmd.UnbiasedSquared(real, generated), tolerance);
    }

    [Fact]
    public void Float32_and_float64_inputs_give_the_same_score()
    {
        torch.manual_seed(5);
        var x = torch.rand(30, 784) * 2 - 1;
        var y = torch.rand(20, 784) * 2 - 1;
        Assert.Equal(Mmd.Biased(x.to_type(ScalarType.Float64), y.to_type(ScalarType.Float64)), Mmd.Biased(x, y), 1e-12);
        Assert.Equal(ScalarType.Float32, x.dtype);
    }

    [Fact]
    public void Bad_inputs_raise_clear_errors()
    {
        var images = torch.rand(10, 784);
        Assert.Contains("784 features", Assert.Throws<ArgumentException>(() => Mmd.Biased(images, torch.rand(10, 100))).Message);
        Assert.Contains("0 sample(s)", Assert.Throws<ArgumentException>(() => Mmd.Biased(images, torch.rand(0, 784))).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => Mmd.UnbiasedSquared(images, torch.rand(1, 784))).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => Mmd.Score(images, torch.rand(1, 784))).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => Mmd.Biased(images, torch.full(5, 784, double.NaN))).Message);
        Assert.Contains("identical", Assert.Throws<ArgumentException>(() => Mmd.Biased(torch.ones(5, 784), images)).Message);
        Assert.Contains("identical", Assert.Throws<ArgumentException>(() => Mmd.Biased(torch.ones(1, 784), images)).Message);
        Assert.Contains("scalar", Assert.Throws<ArgumentException>(() => Mmd.Biased(torch.tensor(1.0), images)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Mmd.Biased(images, images, sigma: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mmd.Biased(images, images, sigma: double.NaN));
        Assert.Throws<ArgumentException>(() => Mmd.Biased(Array.Empty<double>(), [1.0]));
    }
}
