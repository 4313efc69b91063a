namespace GanCourse.Theory;

/// <summary>
/// Slopes in θ of divergences between a generator family p_θ and the data p_r, by central differences
/// of <see cref="Divergence.KL"/> and <see cref="Divergence.JS"/>. No discriminator enters: every
/// evaluation is a divergence of p_θ itself, so these are the independent side of the check against
/// <see cref="FrozenDiscriminatorGradient"/>.
/// </summary>
public static class DivergenceSlope
{
    /// <summary>
    /// The default step h. A central difference errs by h²·|F‴|/6 from truncation, and the quadrature
    /// error ε of each F becomes ε/h. With the quadrature's relative target of 1e-12 and divergences
    /// that reach tens, ε/h stays near 1e-7 at h = 1e-4 and the truncation near 1e-8 even for narrow
    /// modes (|F‴| ≈ 15), both below the 1e-6 the check asks for; a smaller h would let ε/h take over.
    /// </summary>
    public const double DefaultStep = 1e-4;

    /// <summary>
    /// d/dθ [KL(p_θ‖p_r) − 2·JS(p_θ‖p_r)] at <paramref name="theta"/>: what the non-saturating loss's
    /// gradient at the optimal discriminator equals (Arjovsky and Bottou 2017, Theorem 2.5).
    /// </summary>
    public static double KlMinusTwoJs(Density real, LocationFamily generator, double theta, double step = DefaultStep, QuadratureRule rule = QuadratureRule.GaussKronrod)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generator);
        return CentralDifference(t =>
        {
            var fake = generator.At(t);
            return Divergence.KL(fake, real, rule) - 2 * Divergence.JS(fake, real, rule);
        }, theta, step);
    }

    /// <summary>d/dθ 2·JS(p_θ‖p_r) at <paramref name="theta"/>: what the minimax loss's gradient at the optimal discriminator equals.</summary>
    public static double TwoJs(Density real, LocationFamily generator, double theta, double step = DefaultStep, QuadratureRule rule = QuadratureRule.GaussKronrod)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generator);
        return CentralDifference(t => 2 * Divergence.JS(generator.At(t), real, rule), theta, step);
    }

    /// <summary>(F(θ + h) − F(θ − h)) / 2h, the central difference; its error is O(h²).</summary>
    public static double CentralDifference(Func<double, double> f, double theta, double step)
    {
        ArgumentNullException.ThrowIfNull(f);
        LocationFamily.RequireFinite(theta, nameof(theta));
        RequireStep(step);
        return (f(theta + step) - f(theta - step)) / (2 * step);
    }

    internal static void RequireStep(double step)
    {
        if (!(step > 0) || !double.IsFinite(step))
            throw new ArgumentOutOfRangeException(nameof(step), step, "The central difference's step h must be a positive finite number (e.g. 1e-4).");
    }
}
