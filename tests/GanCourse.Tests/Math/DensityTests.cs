using GanCourse.Theory;

namespace GanCourse.Tests.Theory;

public class DensityTests
{
    static readonly double LogSqrtTwoPi = 0.5 * System.Math.Log(2 * System.Math.PI);

    [Theory]
    [InlineData(0.0, 1.0, 0.3)]
    [InlineData(1.5, 0.5, 2.2)]
    [InlineData(-2.0, 3.0, -10.0)]
    public void Normal_matches_the_closed_forms(double mean, double sd, double x)
    {
        var p = Density.Normal(mean, sd);
        var z = (x - mean) / sd;
        Assert.Equal(-0.5 * z * z - System.Math.Log(sd) - LogSqrtTwoPi, p.LogPdf(x), 1e-13);
        Assert.Equal(System.Math.Exp(-0.5 * z * z) / (sd * System.Math.Sqrt(2 * System.Math.PI)), p.Pdf(x), 1e-13);
        Assert.Equal(0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z / System.Math.Sqrt(2)), p.Cdf(x), 1e-14);
        Assert.Equal(mean, p.Mean);
    }

    [Fact]
    public void Log_density_stays_finite_where_the_density_underflows()
    {
        var p = Density.Normal(0, 1);
        Assert.Equal(0, p.Pdf(40));
        Assert.Equal(-800 - LogSqrtTwoPi, p.LogPdf(40), 1e-10);

        var mixture = Density.Mixture((0.5, Density.Normal(-1, 1)), (0.5, Density.Normal(1, 1)));
        // Far right the component at +1 dominates: log(½ φ(x − 1)).
        Assert.Equal(System.Math.Log(0.5) - 0.5 * 99 * 99 - LogSqrtTwoPi, mixture.LogPdf(100), 1e-9);
        Assert.Equal(0, mixture.Pdf(100));
    }

    [Fact]
    public void Mixture_is_the_weighted_sum_of_its_components_with_weights_normalised()
    {
        var a = Density.Normal(-2, 0.5);
        var b = Density.Normal(1.5, 1);
        var mixture = Density.Mixture((3, a), (7, b));
        Assert.Equal([0.3, 0.7], mixture.Components.Select(c => c.Weight), (x, y) => System.Math.Abs(x - y) < 1e-15);
        foreach (var x in new[] { -3.0, -2, 0, 1.5, 4 })
        {
            Assert.Equal(0.3 * a.Pdf(x) + 0.7 * b.Pdf(x), mixture.Pdf(x), 1e-14);
            Assert.Equal(0.3 * a.Cdf(x) + 0.7 * b.Cdf(x), mixture.Cdf(x), 1e-14);
        }
        Assert.Equal(0.3 * -2 + 0.7 * 1.5, mixture.Mean, 1e-14);
        Assert.Equal("0.3·N(-2, 0.5²) + 0.7·N(1.5, 1²)", mixture.ToString());
    }

    [Fact]
    public void Densities_integrate_to_one_over_their_range_even_with_a_narrow_far_component()
    {
        var mixture = Density.Mixture((0.99, Density.Normal(0, 1)), (0.01, Density.Normal(30, 0.01)));
        Assert.Equal(1, Integral(mixture.Pdf, mixture), 1e-12);
        Assert.Equal(0, Divergence.KL(mixture, mixture), 1e-14);
    }

    [Fact]
    public void Sampling_is_reproducible_and_has_the_right_moments()
    {
        var p = Density.Normal(1.5, 2);
        Assert.Equal(p.Sample(100, seed: 7), p.Sample(100, seed: 7));
        Assert.NotEqual(p.Sample(100, seed: 7), p.Sample(100, seed: 8));

        var xs = p.Sample(40_000, seed: 1);
        var stats = new MathNet.Numerics.Statistics.RunningStatistics(xs);
        Assert.Equal(1.5, stats.Mean, 0.04);       // standard error 0.01
        Assert.Equal(2, stats.StandardDeviation, 0.03);

        var mixture = Density.Mixture((0.2, Density.Normal(-10, 1)), (0.8, Density.Normal(10, 1)));
        var share = mixture.Sample(20_000, seed: 3).Count(x => x < 0) / 20_000.0;
        Assert.Equal(0.2, share, 0.015);           // standard error 0.003
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(0.4)]
    [InlineData(2.0)]
    [InlineData(7.5)]
    public void Log_density_slopes_match_the_closed_form_and_central_differences(double x)
    {
        var normal = Density.Normal(1.5, 0.5);
        Assert.Equal(-(x - 1.5) / 0.25, normal.LogPdfDerivative(x), 1e-12);

        var mixture = Density.Mixture((0.3, Density.Normal(-2, 0.5)), (0.7, Density.Normal(1.5, 1)));
        const double h = 1e-5;
        var difference = (mixture.LogPdf(x + h) - mixture.LogPdf(x - h)) / (2 * h);
        Assert.Equal(difference, mixture.LogPdfDerivative(x), 1e-7 * System.Math.Max(1, System.Math.Abs(difference)));
    }

    [Fact]
    public void A_mixture_slope_stays_exact_where_every_component_underflows()
    {
        var mixture = Density.Mixture((0.5, Density.Normal(-2, 0.5)), (0.5, Density.Normal(2, 0.5)));
        Assert.Equal(0, mixture.Pdf(60));
        // Far out one component carries all the density, so the slope is that component's own.
        Assert.Equal(-(60 - 2) / 0.25, mixture.LogPdfDerivative(60), 1e-9);
        Assert.Equal(-(-60 + 2) / 0.25, mixture.LogPdfDerivative(-60), 1e-9);
        Assert.Equal(0, mixture.LogPdfDerivative(0), 1e-15);
    }

    [Fact]
    public void Shifted_densities_are_the_same_shape_moved()
    {
        var mixture = Density.Mixture((0.3, Density.Normal(-2, 0.5)), (0.7, Density.Normal(1.5, 1)));
        var moved = mixture.Shifted(4);
        Assert.Equal("0.3·N(2, 0.5²) + 0.7·N(5.5, 1²)", moved.ToString());
        foreach (var x in new[] { -1.0, 2, 4.5, 30 })
        {
            Assert.Equal(mixture.LogPdf(x - 4), moved.LogPdf(x), 1e-12);
            Assert.Equal(mixture.LogPdfDerivative(x - 4), moved.LogPdfDerivative(x), 1e-12);
        }
        Assert.Equal(mixture.Mean + 4, moved.Mean, 1e-14);
        Assert.Equal(Density.Normal(-1, 2).ToString(), Density.Normal(2, 2).Shifted(-3).ToString());
    }

    [Fact]
    public void Bad_parameters_are_rejected_with_clear_messages()
    {
        Assert.Contains("standard deviation", Assert.Throws<ArgumentOutOfRangeException>(() => Density.Normal(0, 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Density.Normal(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Density.Normal(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Density.Normal(0, double.PositiveInfinity));
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => Density.Mixture()).Message);
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => Density.Mixture((-0.5, Density.Normal()), (1.5, Density.Normal(1)))).Message);
        Assert.Throws<ArgumentException>(() => Density.Mixture((double.NaN, Density.Normal())));
        Assert.Throws<ArgumentOutOfRangeException>(() => Density.Normal().Sample(-1, seed: 0));
    }

    internal static double Integral(Func<double, double> f, Density d) =>
        Quadrature.Integrate(f, d.Landmarks(), d.Range.Lower, d.Range.Upper, QuadratureRule.GaussKronrod);
}
