namespace GanCourse.Theory;

/// <summary>Which MathNet.Numerics rule integrates each piece of an integral.</summary>
public enum QuadratureRule
{
    /// <summary>Adaptive 31-point Gauss–Kronrod (the default).</summary>
    GaussKronrod,
    /// <summary>Double-exponential (tanh–sinh); an independent rule to cross-check the first.</summary>
    DoubleExponential,
}

/// <summary>
/// Integrates over a finite interval split at given points. Each piece is short compared with the
/// features of the integrand (a standard deviation or so), so a rule that adapts by its own error
/// estimate cannot step over a narrow peak it never sampled.
/// </summary>
static class Quadrature
{
    const double RelativeTolerance = 1e-12;
    // Pieces are at most a few standard deviations wide and the integrands analytic, so a shallow
    // depth suffices; it also bounds the work where a piece's integral is nearly zero by cancellation.
    const int MaximumDepth = 10;
    const int Order = 31;

    public static double Integrate(Func<double, double> f, IEnumerable<double> breakpoints, double lower, double upper, QuadratureRule rule)
    {
        var points = breakpoints.Where(x => x > lower && x < upper).Append(lower).Append(upper).Distinct().Order().ToArray();
        double sum = 0;
        for (int i = 0; i + 1 < points.Length; i++)
            sum += rule switch
            {
                QuadratureRule.GaussKronrod => MathNet.Numerics.Integrate.GaussKronrod(f, points[i], points[i + 1], out _, out _, RelativeTolerance, MaximumDepth, Order),
                QuadratureRule.DoubleExponential => MathNet.Numerics.Integrate.DoubleExponential(f, points[i], points[i + 1], RelativeTolerance),
                _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown quadrature rule."),
            };
        return sum;
    }

    /// <summary>The union of both densities' ranges and the landmarks of both.</summary>
    public static (double Lower, double Upper, IEnumerable<double> Breakpoints) Domain(Density p, Density q) =>
        (Math.Min(p.Range.Lower, q.Range.Lower), Math.Max(p.Range.Upper, q.Range.Upper), p.Landmarks().Concat(q.Landmarks()));
}
