namespace GanCourse.Theory;

/// <summary>
/// A 1-D discriminator D(x) ∈ [0, 1], kept as log D and log(1 − D) so that expectations stay finite
/// where D is within rounding of 0 or 1.
/// </summary>
public sealed class Discriminator1D
{
    readonly Func<double, double> logD;
    readonly Func<double, double> logOneMinusD;

    Discriminator1D(Func<double, double> logD, Func<double, double> logOneMinusD, string name)
    {
        this.logD = logD;
        this.logOneMinusD = logOneMinusD;
        Name = name;
    }

    /// <summary>A short description for tables and chart legends.</summary>
    public string Name { get; }

    /// <summary>
    /// Wraps a function returning probabilities. Values outside [0, 1] raise an error when evaluated.
    /// Where D(x) rounds to exactly 0 or 1 its logarithms are −∞; prefer <see cref="FromLogit"/> then.
    /// </summary>
    public static Discriminator1D FromProbability(Func<double, double> d, string name = "D")
    {
        ArgumentNullException.ThrowIfNull(d);
        return new Discriminator1D(x => Math.Log(Checked(d, x)), x => Math.Log(1 - Checked(d, x)), name);
    }

    /// <summary>Wraps a logit function s(x), so that D(x) = σ(s(x)); exact in both tails.</summary>
    public static Discriminator1D FromLogit(Func<double, double> logit, string name = "D")
    {
        ArgumentNullException.ThrowIfNull(logit);
        return new Discriminator1D(x => LogSpace.LogSigmoid(logit(x)), x => LogSpace.LogSigmoid(-logit(x)), name);
    }

    /// <summary>
    /// The optimal discriminator D*(x) = p_r(x) / (p_r(x) + p_g(x)) = σ(log p_r(x) − log p_g(x)),
    /// computed from log densities; it is ½ wherever p_g = p_r.
    /// </summary>
    public static Discriminator1D Optimal(Density real, Density fake)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        return FromLogit(x => real.LogPdf(x) - fake.LogPdf(x), "D*");
    }

    /// <summary>D(x).</summary>
    public double Probability(double x) => Math.Exp(logD(x));

    /// <summary>D at each x, for plotting.</summary>
    public double[] Probability(IEnumerable<double> xs) => xs.Select(Probability).ToArray();

    /// <summary>log D(x).</summary>
    public double LogProbability(double x) => logD(x);

    /// <summary>log(1 − D(x)).</summary>
    public double LogOneMinusProbability(double x) => logOneMinusD(x);

    /// <inheritdoc />
    public override string ToString() => Name;

    static double Checked(Func<double, double> d, double x)
    {
        var value = d(x);
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(nameof(d), value, $"A discriminator must return a probability in [0, 1]; D({x}) = {value}.");
        return value;
    }
}
