using GanCourse.Metrics;
using MathNet.Numerics.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

public class PolynomialMmdTests
{
    static Tensor Normal(int n, int d, ulong seed, double shift = 0) =>
        randn(n, d, dtype: ScalarType.Float64, generator: new torch.Generator(seed)) + shift;

    static double[][] Rows(Tensor t) =>
        [.. Enumerable.Range(0, (int)t.shape[0]).Select(i => t[i].to_type(ScalarType.Float64).data<double>().ToArray())];

    /// <summary>Bińkowski et al.'s estimator written out with loops over every pair.</summary>
    static double ByLoops(double[][] x, double[][] y)
    {
        int d = x[0].Length;
        double K(double[] a, double[] b) => System.Math.Pow(a.Zip(b, (p, q) => p * q).Sum() / d + 1, 3);
        double SelfMean(double[][] s)
        {
            double total = 0;
            for (int i = 0; i < s.Length; i++)
                for (int j = 0; j < s.Length; j++)
                    if (i != j) total += K(s[i], s[j]);
            return total / (s.Length * (s.Length - 1.0));
        }
        double cross = x.Sum(a => y.Sum(b => K(a, b)));
        return SelfMean(x) + SelfMean(y) - 2 * cross / (x.Length * (double)y.Length);
    }

    [Fact]
    public void It_equals_the_estimator_written_out_over_every_pair_also_for_sets_of_different_sizes()
    {
        var x = Normal(30, 5, 1);
        var y = Normal(20, 5, 2, shift: 0.4) * 1.5;

        var expected = ByLoops(Rows(x), Rows(y));

        Assert.Equal(expected, PolynomialMmd.UnbiasedSquared(x, y), 1e-12 * System.Math.Abs(expected));
        Assert.Equal(expected, PolynomialMmd.UnbiasedSquared(x.to_type(ScalarType.Float32), y.to_type(ScalarType.Float32)), 1e-5 * System.Math.Abs(expected));
        Assert.True(expected > 0);
    }

    [Fact]
    public void For_two_samples_of_one_distribution_it_averages_to_zero_and_single_estimates_dip_below()
    {
        // Unbiased: over many pairs of sets of one distribution the estimates centre on 0, some of them negative.
        var estimates = Enumerable.Range(0, 40).Select(i => PolynomialMmd.UnbiasedSquared(Normal(50, 4, (ulong)(100 + i)), Normal(30, 4, (ulong)(200 + i)))).ToArray();
        var stats = new RunningStatistics(estimates);
        var standardError = stats.StandardDeviation / System.Math.Sqrt(stats.Count);
        Assert.InRange(stats.Mean, -3 * standardError, 3 * standardError);
        Assert.InRange(estimates.Count(e => e < 0), 5, 35);

        // A shifted distribution sits far above that spread.
        var shifted = PolynomialMmd.UnbiasedSquared(Normal(50, 4, 300), Normal(30, 4, 301, shift: 1));
        Assert.True(shifted > 10 * stats.StandardDeviation, $"{shifted} against a spread of {stats.StandardDeviation}");
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        var x = Normal(10, 3, 4);
        string Message(Action a) => Assert.Throws<ArgumentException>(a).Message;

        Assert.Contains("generated has 1 sample(s); the unbiased MMD needs at least 2", Message(() => PolynomialMmd.UnbiasedSquared(x, x.narrow(0, 0, 1))));
        Assert.Contains("real has 0 sample(s)", Message(() => PolynomialMmd.UnbiasedSquared(x.narrow(0, 0, 0), x)));
        Assert.Contains("real has 3 features per sample but generated has 2", Message(() => PolynomialMmd.UnbiasedSquared(x, x.narrow(1, 0, 2))));
        var withInfinity = x.clone();
        withInfinity[0, 0] = tensor(double.PositiveInfinity);
        Assert.Contains("real contains NaN or infinite values", Message(() => PolynomialMmd.UnbiasedSquared(withInfinity, x)));
    }
}
