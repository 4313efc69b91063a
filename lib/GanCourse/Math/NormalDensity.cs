using System.Globalization;
using MathNetNormal = MathNet.Numerics.Distributions.Normal;

namespace GanCourse.Theory;

/// <summary>The normal density N(μ, σ²), backed by MathNet.Numerics.</summary>
public sealed class NormalDensity : Density
{
    readonly MathNetNormal normal;

    /// <summary>Creates N(mean, stdDev²); the standard deviation must be positive.</summary>
    public NormalDensity(double mean, double stdDev)
    {
        if (!double.IsFinite(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be a finite number.");
        if (!(stdDev > 0) || !double.IsFinite(stdDev))
            throw new ArgumentOutOfRangeException(nameof(stdDev), stdDev, "The standard deviation must be a positive finite number.");
        normal = new MathNetNormal(mean, stdDev);
        Components = [(1.0, this)];
    }

    /// <inheritdoc />
    public override double Mean => normal.Mean;

    /// <summary>σ, the standard deviation.</summary>
    public double StdDev => normal.StdDev;

    /// <inheritdoc />
    public override IReadOnlyList<(double Weight, NormalDensity Component)> Components { get; }

    /// <inheritdoc />
    public override double LogPdf(double x) => normal.DensityLn(x);

    /// <summary>d/dx log p(x) = −(x − μ)/σ².</summary>
    public override double LogPdfDerivative(double x) => -(x - normal.Mean) / (normal.StdDev * normal.StdDev);

    /// <inheritdoc />
    public override NormalDensity Shifted(double offset) => new(normal.Mean + offset, normal.StdDev);

    /// <inheritdoc />
    public override double Cdf(double x) => normal.CumulativeDistribution(x);

    /// <inheritdoc />
    public override double Sample(Random random) => MathNetNormal.Sample(random, normal.Mean, normal.StdDev);

    /// <summary>For example "N(1.5, 0.5²)".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"N({Mean:G6}, {StdDev:G6}²)");
}
