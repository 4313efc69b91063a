using MathNet.Numerics.Optimization;

namespace GanCourse.Theory;

/// <summary>One row of the comparison between the numerical and the closed-form maximiser of f.</summary>
public sealed record PointwiseOptimum(double A, double B, double Numerical, double ClosedForm, double Difference);

/// <summary>
/// At each x the discriminator maximises f(y) = A log y + B log(1 − y) with A = p_r(x), B = p_g(x).
/// f′(y) = (A − (A + B) y) / (y (1 − y)) vanishes at y = A / (A + B), which is D*(x).
/// </summary>
public static class PointwiseObjective
{
    /// <summary>f(y) = A log y + B log(1 − y).</summary>
    public static double F(double a, double b, double y)
    {
        RequireWeights(a, b);
        if (!(y > 0 && y < 1)) throw new ArgumentOutOfRangeException(nameof(y), y, "f is defined for y strictly between 0 and 1.");
        return a * Math.Log(y) + b * Math.Log(1 - y);
    }

    /// <summary>The maximiser from calculus, A / (A + B).</summary>
    public static double ArgmaxClosedForm(double a, double b)
    {
        RequireWeights(a, b);
        return a / (a + b);
    }

    /// <summary>
    /// The maximiser found numerically by MathNet's golden-section search, without using the
    /// derivative. The search runs over the logit t, y = σ(t), because f(σ(t)) is finite for every t
    /// while f(y) is −∞ at the ends of (0, 1).
    /// </summary>
    public static double ArgmaxNumerical(double a, double b)
    {
        RequireWeights(a, b);
        var negated = ObjectiveFunction.ScalarValue(t => -(a * LogSpace.LogSigmoid(t) + b * LogSpace.LogSigmoid(-t)));
        var result = GoldenSectionMinimizer.Minimum(negated, -40, 40, xTolerance: 1e-10);
        return LogSpace.Sigmoid(result.MinimizingPoint);
    }

    /// <summary>Both maximisers side by side, for a notebook table.</summary>
    public static PointwiseOptimum Compare(double a, double b)
    {
        var numerical = ArgmaxNumerical(a, b);
        var closedForm = ArgmaxClosedForm(a, b);
        return new PointwiseOptimum(a, b, numerical, closedForm, numerical - closedForm);
    }

    static void RequireWeights(double a, double b)
    {
        // With A = 0 or B = 0 the supremum sits on the boundary (D* = 0 or 1) and no interior maximiser exists.
        if (!(a > 0) || !double.IsFinite(a)) throw new ArgumentOutOfRangeException(nameof(a), a, "A = p_r(x) must be a positive finite number.");
        if (!(b > 0) || !double.IsFinite(b)) throw new ArgumentOutOfRangeException(nameof(b), b, "B = p_g(x) must be a positive finite number.");
    }
}
