using GanCourse.Theory;

namespace GanCourse.Tests.Theory;

public class DivergenceTests
{
    static readonly double Log2 = System.Math.Log(2);
    static readonly NormalDensity Standard = Density.Normal(0, 1);

    // JS(N(0,1)‖N(μ,1)) from mpmath at 40 significant digits (quad split at 0, μ/2, μ), an
    // implementation independent of this library and of MathNet.
    public static TheoryData<double, double> JsReference => new()
    {
        { 0.5, 0.03031130052083898057929987 },
        { 1, 0.1114214821847361797172368 },
        { 2, 0.3368308203468316120048048 },
        { 4, 0.6327201937368669816590106 },
        { 8, 0.6930536454829199288447742 },
    };

    [Theory]
    [MemberData(nameof(JsReference))]
    public void JS_of_shifted_normals_matches_a_high_precision_reference_with_both_rules(double mu, double reference)
    {
        var gaussKronrod = Divergence.JS(Standard, Density.Normal(mu, 1), QuadratureRule.GaussKronrod);
        var doubleExponential = Divergence.JS(Standard, Density.Normal(mu, 1), QuadratureRule.DoubleExponential);
        Assert.Equal(reference, gaussKronrod, 1e-12);
        Assert.Equal(reference, doubleExponential, 1e-12);
    }

    [Fact]
    public void JS_is_zero_for_equal_densities_bounded_by_log2_and_saturates()
    {
        Assert.Equal(0, Divergence.JS(Standard, Density.Normal(0, 1)), 1e-15);
        double previous = 0;
        foreach (var mu in new[] { 0.25, 0.5, 1, 2, 4, 8, 16, 40 })
        {
            var js = Divergence.JS(Standard, Density.Normal(mu, 1));
            Assert.True(js > previous && js <= Log2, $"JS at μ = {mu} is {js}");
            previous = js;
        }
        Assert.Equal(Log2, previous, 1e-13);   // no overlap left at μ = 40
        Assert.Equal(Divergence.JS(Standard, Density.Normal(3, 1)), Divergence.JS(Density.Normal(3, 1), Standard), 1e-14);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(-3)]
    public void KL_and_W1_of_shifted_normals_match_closed_forms(double mu)
    {
        Assert.Equal(mu * mu / 2, Divergence.KL(Standard, Density.Normal(mu, 1)), 1e-11);
        Assert.Equal(System.Math.Abs(mu), Divergence.W1(Standard, Density.Normal(mu, 1)), 1e-11);
    }

    [Theory]
    [InlineData(0, 1, 1, 2)]
    [InlineData(2, 0.5, -1, 3)]
    [InlineData(0, 4, 0, 0.25)]
    public void KL_between_any_normals_matches_the_closed_form(double m1, double s1, double m2, double s2)
    {
        var expected = System.Math.Log(s2 / s1) + (s1 * s1 + (m1 - m2) * (m1 - m2)) / (2 * s2 * s2) - 0.5;
        Assert.Equal(expected, Divergence.KL(Density.Normal(m1, s1), Density.Normal(m2, s2)), 1e-10);
        Assert.Equal(expected, Divergence.KL(Density.Normal(m1, s1), Density.Normal(m2, s2), QuadratureRule.DoubleExponential), 1e-10);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(0.5, 3)]
    public void W1_between_centred_normals_of_different_widths_is_the_width_gap_times_E_abs_Z(double s1, double s2)
    {
        // The CDFs cross at the common mean, so this also checks the split at crossings.
        Assert.Equal(System.Math.Abs(s1 - s2) * System.Math.Sqrt(2 / System.Math.PI), Divergence.W1(Density.Normal(0, s1), Density.Normal(0, s2)), 1e-11);
    }

    [Fact]
    public void Mixture_divergences_match_high_precision_references()
    {
        // mpmath, 40 digits; W1 split at the three CDF crossings found with findroot.
        var p = Density.Mixture((0.3, Density.Normal(-2, 0.5)), (0.7, Density.Normal(1.5, 1)));
        var q = Density.Normal(0, 2);
        Assert.Equal(0.0727550103610104812919823, Divergence.JS(p, q), 1e-12);
        Assert.Equal(0.2624574648490593973527468, Divergence.KL(p, q), 1e-11);
        Assert.Equal(0.6021865758078182372085087, Divergence.KL(q, p), 1e-11);
        Assert.Equal(0.5653302725523519106510883, Divergence.W1(p, q), 1e-11);
    }

    [Fact]
    public void Pieces_where_the_integrand_cancels_to_rounding_noise_are_not_bisected_in_vain()
    {
        // q is p moved by 4, so p's right mode and q's left mode coincide and p·(log p − log q) is
        // rounding noise there; a purely relative target would bisect those pieces to the maximum depth.
        var p = Density.Mixture((0.5, Density.Normal(-2, 0.5)), (0.5, Density.Normal(2, 0.5)));
        var q = p.Shifted(4);
        int evaluations = 0;
        var (lower, upper, breakpoints) = Quadrature.Domain(p, q);
        double Integrand(double x)
        {
            var (lp, lq) = (p.LogPdf(x), q.LogPdf(x));
            return System.Math.Exp(lp) * (lp - lq);
        }
        var kl = Quadrature.Integrate(x => { evaluations++; return Integrand(x); }, breakpoints, lower, upper, QuadratureRule.GaussKronrod);
        // About 16 = ½·KL(N(−2, 0.5²)‖N(2, 0.5²)) from the mode that moved; the shared mode adds almost nothing.
        Assert.Equal(Quadrature.Integrate(Integrand, breakpoints, lower, upper, QuadratureRule.DoubleExponential), kl, 1e-10);
        Assert.Equal(16, kl, 1e-4);
        Assert.True(evaluations < 20_000, $"{evaluations} evaluations");
    }

    [Fact]
    public void Sample_W1_is_exact_on_a_hand_example_and_converges_to_the_density_W1()
    {
        // F_x − F_y is ½ on [0, ½) and −½ on [½, 1): W1 = ¼ + ¼.
        Assert.Equal(0.5, Divergence.W1([0.0, 1.0], [0.5]), 1e-15);
        Assert.Equal(0, Divergence.W1([1.0, 2.0, 2.0], [2.0, 1.0, 2.0]), 1e-15);

        var xs = Standard.Sample(200, seed: 1);
        var ys = Density.Normal(0.7, 1.3).Sample(200, seed: 2);
        var sortedMeanGap = xs.Order().Zip(ys.Order(), (a, b) => System.Math.Abs(a - b)).Average();
        Assert.Equal(sortedMeanGap, Divergence.W1(xs, ys), 1e-12);

        var big = Divergence.W1(Standard.Sample(50_000, seed: 3), Density.Normal(2, 1).Sample(50_000, seed: 4));
        Assert.Equal(2, big, 0.03);
    }

    [Fact]
    public void Sample_W1_rejects_empty_and_non_finite_samples()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Divergence.W1(Array.Empty<double>(), [1.0])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => Divergence.W1([1.0], [double.NaN])).Message);
    }
}
