namespace GanCourse.Theory;

/// <summary>
/// How the divergences behind the generator's losses score one generator p_g against the data p_r.
/// KL(p_g‖p_r) is large where p_g puts mass without data and small where it misses data, so the
/// non-saturating loss, whose gradient is that of KL(p_g‖p_r) − 2·JS at the optimal discriminator,
/// prefers dropping a mode to covering the gap between modes.
/// </summary>
/// <param name="Generator">A name for p_g, e.g. "one mode, N(2, 0.5²)".</param>
/// <param name="ReverseKl">KL(p_g‖p_r): the cost of generating where there are no data.</param>
/// <param name="ForwardKl">KL(p_r‖p_g): the cost of missing data, what maximum likelihood minimises.</param>
/// <param name="TwoJs">2·JS(p_g‖p_r): what the minimax loss's gradient follows at the optimal discriminator.</param>
public sealed record ModeDroppingRow(string Generator, double ReverseKl, double ForwardKl, double TwoJs)
{
    /// <summary>KL(p_g‖p_r) − 2·JS(p_g‖p_r): what the non-saturating loss's gradient follows at the optimal discriminator.</summary>
    public double NonSaturatingObjective => ReverseKl - TwoJs;

    /// <summary>The divergences of <paramref name="fake"/> from <paramref name="real"/>, by quadrature.</summary>
    public static ModeDroppingRow For(string generator, Density real, Density fake)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(generator);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        return new ModeDroppingRow(generator, Divergence.KL(fake, real), Divergence.KL(real, fake), 2 * Divergence.JS(fake, real));
    }

    /// <summary>One row per named generator; <see cref="TwoModeExample.Candidates"/> are the course's.</summary>
    public static IReadOnlyList<ModeDroppingRow> Table(Density real, IEnumerable<(string Name, Density Generator)> candidates)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(candidates);
        return candidates.Select(c => For(c.Name, real, c.Generator)).ToArray();
    }
}
