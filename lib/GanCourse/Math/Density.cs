namespace GanCourse.Theory;

/// <summary>
/// A probability density on the real line (a normal or a mixture of normals) for the 1-D theory
/// notebooks. Densities are evaluated in log space so that tails far from the mass stay finite.
/// </summary>
public abstract class Density
{
    /// <summary>Standard deviations beyond the outermost component where integrals stop; the mass left out is below 1e-38.</summary>
    public const double TailWidth = 13;

    /// <summary>A normal density N(mean, stdDev²).</summary>
    public static NormalDensity Normal(double mean = 0, double stdDev = 1) => new(mean, stdDev);

    /// <summary>
    /// A mixture Σ wᵢ N(μᵢ, σᵢ²). Weights must be positive; they are normalised to sum to 1, so
    /// <c>Mixture((1, a), (1, b))</c> is the equal mixture of a and b.
    /// </summary>
    public static MixtureDensity Mixture(params (double Weight, NormalDensity Component)[] components) => new(components);

    /// <summary>log p(x); finite for every finite x.</summary>
    public abstract double LogPdf(double x);

    /// <summary>
    /// d/dx log p(x), the slope of the log density; finite wherever <see cref="LogPdf"/> is. A
    /// discriminator built from log densities has its slope in x from these.
    /// </summary>
    public abstract double LogPdfDerivative(double x);

    /// <summary>The same density moved by <paramref name="offset"/>: q(x) = p(x − offset).</summary>
    public abstract Density Shifted(double offset);

    /// <summary>p(x). Underflows to 0 far in the tails; use <see cref="LogPdf"/> there.</summary>
    public double Pdf(double x) => Math.Exp(LogPdf(x));

    /// <summary>The cumulative distribution function F(x) = P(X ≤ x).</summary>
    public abstract double Cdf(double x);

    /// <summary>The mean of the distribution.</summary>
    public abstract double Mean { get; }

    /// <summary>The normal components with their normalised weights (one component for a normal).</summary>
    public abstract IReadOnlyList<(double Weight, NormalDensity Component)> Components { get; }

    /// <summary>Draws one value.</summary>
    public abstract double Sample(Random random);

    /// <summary>Draws <paramref name="count"/> values; the same seed gives the same values.</summary>
    public double[] Sample(int count, int seed) => Sample(count, new Random(seed));

    /// <summary>Draws <paramref name="count"/> values from the given generator.</summary>
    public double[] Sample(int count, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(random);
        var values = new double[count];
        for (int i = 0; i < values.Length; i++) values[i] = Sample(random);
        return values;
    }

    /// <summary>p at each x, for plotting.</summary>
    public double[] Pdf(IEnumerable<double> xs) => xs.Select(Pdf).ToArray();

    /// <summary>
    /// The interval outside which the density has no mass worth integrating: every component's mean
    /// ± <see cref="TailWidth"/> standard deviations.
    /// </summary>
    public (double Lower, double Upper) Range =>
        (Components.Min(c => c.Component.Mean - TailWidth * c.Component.StdDev),
         Components.Max(c => c.Component.Mean + TailWidth * c.Component.StdDev));

    /// <summary>
    /// Points where the integrand's shape changes (each component's mean and a ladder of standard
    /// deviations around it). Splitting integrals there keeps an adaptive rule from stepping over a
    /// narrow peak in a wide interval.
    /// </summary>
    internal IEnumerable<double> Landmarks()
    {
        double[] ladder = [-TailWidth, -8, -5, -3, -2, -1, 0, 1, 2, 3, 5, 8, TailWidth];
        foreach (var (_, c) in Components)
            foreach (var k in ladder) yield return c.Mean + k * c.StdDev;
    }
}
