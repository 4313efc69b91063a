namespace GanCourse.Theory;

/// <summary>A Monte Carlo estimate with its standard error (one standard deviation of the estimate).</summary>
public sealed record MonteCarloEstimate(double Value, double StandardError, int Samples);

/// <summary>
/// The GAN value function v(D, G) = E_{x∼p_r}[log D(x)] + E_{x∼p_g}[log(1 − D(x))] for 1-D densities.
/// </summary>
public static class ValueFunction
{
    /// <summary>v(D, G) by adaptive quadrature; D returns probabilities.</summary>
    public static double ByQuadrature(Func<double, double> d, Density real, Density fake, QuadratureRule rule = QuadratureRule.GaussKronrod) =>
        ByQuadrature(Discriminator1D.FromProbability(d), real, fake, rule);

    /// <summary>v(D, G) by adaptive quadrature.</summary>
    public static double ByQuadrature(Discriminator1D d, Density real, Density fake, QuadratureRule rule = QuadratureRule.GaussKronrod)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        var (lower, upper, breakpoints) = Quadrature.Domain(real, fake);
        return Quadrature.Integrate(
            x => LogSpace.Weighted(real.LogPdf(x), d.LogProbability(x)) + LogSpace.Weighted(fake.LogPdf(x), d.LogOneMinusProbability(x)),
            breakpoints, lower, upper, rule);
    }

    /// <summary>
    /// L(G, D*) = v(D*, G), the value at the optimal discriminator, by quadrature. It equals
    /// 2·JS(p_r‖p_g) − 2·log 2, though computed here without going through JS.
    /// </summary>
    public static double AtOptimum(Density real, Density fake, QuadratureRule rule = QuadratureRule.GaussKronrod) =>
        ByQuadrature(Discriminator1D.Optimal(real, fake), real, fake, rule);

    /// <summary>v(D, G) by Monte Carlo: <paramref name="samples"/> draws from each density; D returns probabilities.</summary>
    public static MonteCarloEstimate ByMonteCarlo(Func<double, double> d, Density real, Density fake, int samples, int seed) =>
        ByMonteCarlo(Discriminator1D.FromProbability(d), real, fake, samples, seed);

    /// <summary>
    /// v(D, G) by Monte Carlo: <paramref name="samples"/> draws from each density from one seeded
    /// generator. The standard error combines the two independent sample means.
    /// </summary>
    public static MonteCarloEstimate ByMonteCarlo(Discriminator1D d, Density real, Density fake, int samples, int seed)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        if (samples < 2) throw new ArgumentOutOfRangeException(nameof(samples), samples, "Monte Carlo needs at least 2 samples per density for a standard error.");
        var random = new Random(seed);
        var (realMean, realVariance) = MeanAndVariance(real.Sample(samples, random).Select(d.LogProbability));
        var (fakeMean, fakeVariance) = MeanAndVariance(fake.Sample(samples, random).Select(d.LogOneMinusProbability));
        return new MonteCarloEstimate(realMean + fakeMean, Math.Sqrt((realVariance + fakeVariance) / samples), samples);
    }

    static (double Mean, double Variance) MeanAndVariance(IEnumerable<double> values)
    {
        var stats = new MathNet.Numerics.Statistics.RunningStatistics(values);
        return (stats.Mean, stats.Variance);
    }
}
