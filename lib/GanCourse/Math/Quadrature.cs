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
    // Where an integrand cancels to almost nothing on a piece (two densities equal on a shared mode),
    // its rounding noise stays far above 1e-12 of the piece's tiny value and bisecting cannot help. A
    // piece is done once its error is below this share of the whole integrand's L1 norm.
    const double AbsoluteFloor = 1e-15;
    // Pieces are at most a few standard deviations wide and the integrands analytic, so a shallow
    // depth suffices; it also bounds the work where a piece's integral is nearly zero by cancellation.
    const int MaximumDepth = 10;
    const int Order = 31;

    public static double Integrate(Func<double, double> f, IEnumerable<double> breakpoints, double lower, double upper, QuadratureRule rule)
    {
        var points = breakpoints.Where(x => x > lower && x < upper).Append(lower).Append(upper).Distinct().Order().ToArray();
        return rule switch
        {
            QuadratureRule.GaussKronrod => GaussKronrod(f, points),
            QuadratureRule.DoubleExponential => Enumerable.Range(0, points.Length - 1)
                .Sum(i => MathNet.Numerics.Integrate.DoubleExponential(f, points[i], points[i + 1], RelativeTolerance)),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown quadrature rule."),
        };
    }

    /// <summary>
    /// Adaptive Gauss–Kronrod on each piece. MathNet's rule takes only a relative target, so the
    /// absolute floor becomes a relative one per piece through a first, unrefined estimate of it.
    /// </summary>
    static double GaussKronrod(Func<double, double> f, double[] points)
    {
        var pieces = Enumerable.Range(0, points.Length - 1).Select(i =>
        {
            var estimate = MathNet.Numerics.Integrate.GaussKronrod(f, points[i], points[i + 1], out _, out var l1, RelativeTolerance, 0, Order);
            return (Lower: points[i], Upper: points[i + 1], Estimate: estimate, L1: l1);
        }).ToArray();
        var floor = AbsoluteFloor * pieces.Sum(p => p.L1);
        double sum = 0;
        foreach (var (lower, upper, estimate, _) in pieces)
        {
            var tolerance = estimate == 0 ? RelativeTolerance : Math.Max(RelativeTolerance, floor / Math.Abs(estimate));
            sum += MathNet.Numerics.Integrate.GaussKronrod(f, lower, upper, out _, out _, tolerance, MaximumDepth, Order);
        }
        return sum;
    }

    /// <summary>The union of both densities' ranges and the landmarks of both.</summary>
    public static (double Lower, double Upper, IEnumerable<double> Breakpoints) Domain(Density p, Density q) =>
        (Math.Min(p.Range.Lower, q.Range.Lower), Math.Max(p.Range.Upper, q.Range.Upper), p.Landmarks().Concat(q.Landmarks()));
}
