using GanCourse.Theory;

namespace GanCourse.Tests.Theory;

public class Discriminator1DTests
{
    [Fact]
    public void Optimal_discriminator_is_one_half_everywhere_when_the_densities_agree()
    {
        var p = Density.Mixture((0.3, Density.Normal(-2, 0.5)), (0.7, Density.Normal(1.5, 1)));
        var q = Density.Mixture((0.3, Density.Normal(-2, 0.5)), (0.7, Density.Normal(1.5, 1)));
        var dStar = Discriminator1D.Optimal(p, q);
        foreach (var x in new[] { -60.0, -3, 0, 1.5, 25, 60 })
            Assert.Equal(0.5, dStar.Probability(x));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2)]
    [InlineData(8)]
    public void Optimal_discriminator_for_shifted_normals_is_a_logistic_in_x(double mu)
    {
        var dStar = Discriminator1D.Optimal(Density.Normal(0, 1), Density.Normal(mu, 1));
        foreach (var x in new[] { -20.0, -3, -0.5, 0, 0.7, 2, 5, 20 })
        {
            var s = mu * mu / 2 - mu * x;
            Assert.Equal(LogSpace.Sigmoid(s), dStar.Probability(x), 1e-14);
            // The logarithms stay exact where D* itself rounds to 0 or 1.
            Assert.Equal(LogSpace.LogSigmoid(s), dStar.LogProbability(x), 1e-12 * System.Math.Max(1, System.Math.Abs(s)));
            Assert.Equal(LogSpace.LogSigmoid(-s), dStar.LogOneMinusProbability(x), 1e-12 * System.Math.Max(1, System.Math.Abs(s)));
        }
        Assert.True(double.IsFinite(dStar.LogOneMinusProbability(-20)));
    }

    [Fact]
    public void Optimal_discriminator_is_pr_over_pr_plus_pg()
    {
        var pr = Density.Mixture((0.5, Density.Normal(-1, 0.4)), (0.5, Density.Normal(1, 0.4)));
        var pg = Density.Normal(0.3, 1.2);
        var dStar = Discriminator1D.Optimal(pr, pg);
        foreach (var x in new[] { -2.0, -1, 0, 0.3, 1, 2 })
            Assert.Equal(pr.Pdf(x) / (pr.Pdf(x) + pg.Pdf(x)), dStar.Probability(x), 1e-14);
    }

    [Fact]
    public void Probability_discriminators_are_checked_and_logit_ones_are_exact()
    {
        var d = Discriminator1D.FromProbability(x => 0.25);
        Assert.Equal(System.Math.Log(0.25), d.LogProbability(3));
        Assert.Equal(System.Math.Log(0.75), d.LogOneMinusProbability(3));
        var bad = Discriminator1D.FromProbability(x => 1.5);
        Assert.Contains("[0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => bad.LogProbability(0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Discriminator1D.FromProbability(x => double.NaN).LogProbability(0));

        var logit = Discriminator1D.FromLogit(x => -800);
        Assert.Equal(-800, logit.LogProbability(0), 1e-12);
        Assert.Equal(0, logit.LogOneMinusProbability(0));
        Assert.Equal([LogSpace.Sigmoid(-800), LogSpace.Sigmoid(-800)], logit.Probability([1.0, 2.0]));
    }
}
