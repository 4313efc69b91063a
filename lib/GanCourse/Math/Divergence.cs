using MathNet.Numerics.RootFinding;

namespace GanCourse.Theory;

/// <summary>
/// Divergences and distances between 1-D densities, by quadrature. KL and JS integrate
/// p · (log p − log q) with log densities, so the integrand stays finite where p and q underflow.
/// </summary>
public static class Divergence
{
    static readonly double Log2 = Math.Log(2);

    /// <summary>KL(p‖q) = ∫ p (log p − log q) dx.</summary>
    public static double KL(Density p, Density q, QuadratureRule rule = QuadratureRule.GaussKronrod) =>
        IntegrateLogDensities(p, q, rule, (lp, lq) => LogSpace.Weighted(lp, lp - lq));

    /// <summary>
    /// JS(p‖q) = ½ KL(p‖m) + ½ KL(q‖m) with m = (p + q)/2, computed as one integral with
    /// log m = logsumexp(log p, log q) − log 2. Lies in [0, log 2].
    /// </summary>
    public static double JS(Density p, Density q, QuadratureRule rule = QuadratureRule.GaussKronrod) =>
        IntegrateLogDensities(p, q, rule, (lp, lq) =>
        {
            var lm = LogSpace.LogSumExp(lp, lq) - Log2;
            return 0.5 * (LogSpace.Weighted(lp, lp - lm) + LogSpace.Weighted(lq, lq - lm));
        });

    /// <summary>∫ g(log p(x), log q(x)) dx over both densities' ranges.</summary>
    static double IntegrateLogDensities(Density p, Density q, QuadratureRule rule, Func<double, double, double> g)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        var (lower, upper, breakpoints) = Quadrature.Domain(p, q);
        return Quadrature.Integrate(x => g(p.LogPdf(x), q.LogPdf(x)), breakpoints, lower, upper, rule);
    }

    /// <summary>
    /// Wasserstein-1 distance W1(p, q) = ∫ |F_p − F_q| dx. The integral is split where the CDFs cross,
    /// so every piece is smooth.
    /// </summary>
    public static double W1(Density p, Density q, QuadratureRule rule = QuadratureRule.GaussKronrod)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        var (lower, upper, breakpoints) = Quadrature.Domain(p, q);
        double Gap(double x) => p.Cdf(x) - q.Cdf(x);
        var cuts = breakpoints.Concat(Crossings(Gap, lower, upper)).ToArray();
        return Quadrature.Integrate(x => Math.Abs(Gap(x)), cuts, lower, upper, rule);
    }

    /// <summary>
    /// W1 between the empirical distributions of two samples: ∫ |F_x − F_y| dx over the merged sorted
    /// values, exact for step CDFs; for equal sizes it is the mean |x₍ᵢ₎ − y₍ᵢ₎| of the sorted samples.
    /// </summary>
    public static double W1(IReadOnlyCollection<double> xs, IReadOnlyCollection<double> ys)
    {
        var x = SortedSample(xs, nameof(xs));
        var y = SortedSample(ys, nameof(ys));
        int i = 0, j = 0;
        double total = 0, previous = Math.Min(x[0], y[0]);
        while (i < x.Length || j < y.Length)
        {
            var next = j == y.Length || (i < x.Length && x[i] <= y[j]) ? x[i] : y[j];
            total += Math.Abs((double)i / x.Length - (double)j / y.Length) * (next - previous);
            while (i < x.Length && x[i] == next) i++;
            while (j < y.Length && y[j] == next) j++;
            previous = next;
        }
        return total;
    }

    /// <summary>Where g changes sign on a fine grid, refined by Brent's method.</summary>
    static IEnumerable<double> Crossings(Func<double, double> g, double lower, double upper)
    {
        const int Steps = 4000;
        var step = (upper - lower) / Steps;
        var left = lower;
        var gLeft = g(left);
        for (int k = 1; k <= Steps; k++)
        {
            var right = lower + k * step;
            var gRight = g(right);
            if (gLeft * gRight < 0) yield return Brent.FindRoot(g, left, right, 1e-14);
            (left, gLeft) = (right, gRight);
        }
    }

    static double[] SortedSample(IReadOnlyCollection<double> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0) throw new ArgumentException("The sample is empty.", name);
        var sorted = values.ToArray();
        if (sorted.Any(v => !double.IsFinite(v))) throw new ArgumentException("The sample contains NaN or infinite values.", name);
        Array.Sort(sorted);
        return sorted;
    }
}
