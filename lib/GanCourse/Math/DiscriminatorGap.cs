using System.Globalization;

namespace GanCourse.Theory;

/// <summary>
/// The largest distance between a learned and a reference discriminator, measured only where the data
/// put probability: far from both distributions there are no samples, so a network's output there
/// says nothing about how well it learned.
/// </summary>
public sealed record DiscriminatorGap(double Largest, double At, double From, double To, double MassFraction)
{
    /// <summary>
    /// Compares <paramref name="learned"/> with <paramref name="reference"/> on the grid points where
    /// <paramref name="mass"/> (e.g. p_r + p_g) is at least <paramref name="massFraction"/> of its peak.
    /// </summary>
    public static DiscriminatorGap Measure(double[] grid, double[] learned, double[] reference, double[] mass, double massFraction = 0.05)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (learned.Length != grid.Length || reference.Length != grid.Length || mass.Length != grid.Length)
            throw new ArgumentException($"grid, learned, reference and mass must have equal lengths (got {grid.Length}, {learned.Length}, {reference.Length}, {mass.Length})");
        if (!(massFraction is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(massFraction), massFraction, "massFraction must lie in (0, 1)");
        double peak = mass.Max();
        var inside = Enumerable.Range(0, grid.Length).Where(i => mass[i] >= massFraction * peak).ToArray();
        int worst = inside.MaxBy(i => Math.Abs(learned[i] - reference[i]));
        return new DiscriminatorGap(Math.Abs(learned[worst] - reference[worst]), grid[worst], grid[inside[0]], grid[inside[^1]], massFraction);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Largest gap |D(x) − reference| = {Largest:F3} at x = {At:F2}, over x in [{From:F2}, {To:F2}] where the densities are at least {MassFraction:P0} of their peak.");
}
