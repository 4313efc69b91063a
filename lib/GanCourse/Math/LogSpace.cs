namespace GanCourse.Theory;

/// <summary>Log-space arithmetic that neither overflows nor underflows in the tails.</summary>
static class LogSpace
{
    /// <summary>log(eᵃ + eᵇ) without forming eᵃ or eᵇ.</summary>
    public static double LogSumExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a)) return b;
        if (double.IsNegativeInfinity(b)) return a;
        var max = Math.Max(a, b);
        return max + Math.Log(1 + Math.Exp(-Math.Abs(a - b)));
    }

    /// <summary>log Σ eᵛ over the values; −∞ for an empty sequence.</summary>
    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (var v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }

    /// <summary>The logistic function σ(s) = 1 / (1 + e⁻ˢ), exact at both ends.</summary>
    public static double Sigmoid(double s) =>
        s >= 0 ? 1 / (1 + Math.Exp(-s)) : Math.Exp(s) / (1 + Math.Exp(s));

    /// <summary>softplus(z) = log(1 + eᶻ), which never overflows.</summary>
    public static double Softplus(double z) =>
        Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));

    /// <summary>log σ(s) = −softplus(−s).</summary>
    public static double LogSigmoid(double s) => -Softplus(-s);

    /// <summary>
    /// e^logWeight · value, taken as 0 where the weight underflows to 0 so that 0 · (−∞) inside an
    /// expectation counts as 0, the measure-theoretic convention.
    /// </summary>
    internal static double Weighted(double logWeight, double value)
    {
        var weight = Math.Exp(logWeight);
        return weight == 0 ? 0 : weight * value;
    }
}
