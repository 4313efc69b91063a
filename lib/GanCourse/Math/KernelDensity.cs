namespace GanCourse.Theory;

/// <summary>
/// A Gaussian kernel density estimate: a generator's distribution, known only through its samples, drawn
/// as a curve next to the real density.
/// </summary>
public static class KernelDensity
{
    /// <summary>
    /// The estimate at each grid point, with Silverman's bandwidth 1.06·σ·n^(−1/5) (at least 10⁻³, so a
    /// generator that puts all its samples on one point still gives a curve).
    /// </summary>
    public static double[] Estimate(IReadOnlyList<double> samples, double[] grid)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(grid);
        if (samples.Count < 2) throw new ArgumentException("a density estimate needs at least 2 samples", nameof(samples));
        if (!samples.All(double.IsFinite)) throw new ArgumentException("the samples must be finite numbers", nameof(samples));
        double mean = samples.Average();
        double std = Math.Sqrt(samples.Sum(s => (s - mean) * (s - mean)) / (samples.Count - 1));
        double h = Math.Max(1.06 * std * Math.Pow(samples.Count, -0.2), 1e-3);
        double norm = 1 / (samples.Count * h * Math.Sqrt(2 * Math.PI));
        return [.. grid.Select(x => norm * samples.Sum(s => Math.Exp(-0.5 * ((x - s) / h) * ((x - s) / h))))];
    }
}
