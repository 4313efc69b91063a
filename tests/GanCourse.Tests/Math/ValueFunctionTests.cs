using GanCourse.Theory;

namespace GanCourse.Tests.Theory;

public class ValueFunctionTests
{
    static readonly double Log2 = System.Math.Log(2);

    [Fact]
    public void A_discriminator_that_always_says_one_half_scores_minus_two_log_two()
    {
        var v = ValueFunction.ByQuadrature(x => 0.5, Density.Normal(0, 1), Density.Mixture((1, Density.Normal(-3, 1)), (1, Density.Normal(4, 0.5))));
        Assert.Equal(-2 * Log2, v, 1e-12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Value_at_the_optimum_equals_two_JS_minus_two_log_two(double mu)
    {
        var pr = Density.Normal(0, 1);
        var pg = Density.Normal(mu, 1);
        var l = ValueFunction.AtOptimum(pr, pg);
        var js = Divergence.JS(pr, pg);
        Assert.True(System.Math.Abs(l - (2 * js - 2 * Log2)) <= 1e-6, $"μ = {mu}: L = {l}, 2JS − 2log2 = {2 * js - 2 * Log2}");
        Assert.Equal(2 * js - 2 * Log2, l, 1e-11);   // far tighter in practice
        Assert.Equal(l, ValueFunction.AtOptimum(pr, pg, QuadratureRule.DoubleExponential), 1e-11);
    }

    [Fact]
    public void The_optimal_discriminator_beats_other_discriminators()
    {
        var pr = Density.Mixture((0.4, Density.Normal(-1, 0.5)), (0.6, Density.Normal(2, 0.8)));
        var pg = Density.Normal(0.5, 1.5);
        var best = ValueFunction.AtOptimum(pr, pg);
        foreach (var (a, b) in new[] { (1.0, 0.0), (-1.0, 0.5), (0.3, -0.2), (2.0, 1.0) })
        {
            var other = ValueFunction.ByQuadrature(Discriminator1D.FromLogit(x => a * x + b), pr, pg);
            Assert.True(other < best, $"D = σ({a}x + {b}) scores {other}, above v(D*) = {best}");
        }
        Assert.Equal(2 * Divergence.JS(pr, pg) - 2 * Log2, best, 1e-10);
    }

    [Fact]
    public void Monte_Carlo_agrees_with_quadrature_within_its_standard_error()
    {
        var pr = Density.Normal(0, 1);
        var pg = Density.Mixture((0.5, Density.Normal(1, 0.5)), (0.5, Density.Normal(3, 1)));
        var d = Discriminator1D.FromLogit(x => 1.2 - x);
        var exact = ValueFunction.ByQuadrature(d, pr, pg);
        var mc = ValueFunction.ByMonteCarlo(d, pr, pg, samples: 20_000, seed: 11);
        Assert.Equal(20_000, mc.Samples);
        Assert.InRange(mc.StandardError, 1e-4, 0.05);
        Assert.True(System.Math.Abs(mc.Value - exact) < 4 * mc.StandardError, $"MC {mc.Value} ± {mc.StandardError} vs quadrature {exact}");
        Assert.Equal(mc, ValueFunction.ByMonteCarlo(d, pr, pg, samples: 20_000, seed: 11));

        var viaProbability = ValueFunction.ByMonteCarlo(x => LogSpace.Sigmoid(1.2 - x), pr, pg, samples: 20_000, seed: 11);
        Assert.Equal(mc.Value, viaProbability.Value, 1e-9);
        Assert.Equal(exact, ValueFunction.ByQuadrature(x => LogSpace.Sigmoid(1.2 - x), pr, pg), 1e-10);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var p = Density.Normal();
        Assert.Throws<ArgumentOutOfRangeException>(() => ValueFunction.ByMonteCarlo(x => 0.5, p, p, samples: 1, seed: 0));
        Assert.Throws<ArgumentNullException>(() => ValueFunction.ByQuadrature((Discriminator1D)null!, p, p));
        Assert.Throws<ArgumentOutOfRangeException>(() => ValueFunction.ByQuadrature(x => 2.0, p, p));
    }
}
