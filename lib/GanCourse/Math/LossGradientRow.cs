namespace GanCourse.Theory;

/// <summary>
/// The generator's two loss gradients with D* frozen at θ₀, by quadrature, next to the divergence
/// slopes they equal, by central differences (Arjovsky and Bottou 2017, Theorem 2.5).
/// </summary>
/// <param name="Case">p_r, the family p_θ and θ₀.</param>
/// <param name="NonSaturating">d/dθ E_{p_θ}[−log D*] at θ₀, by quadrature.</param>
/// <param name="KlMinusTwoJsSlope">d/dθ [KL(p_θ‖p_r) − 2·JS(p_θ‖p_r)] at θ₀, by central differences.</param>
/// <param name="Minimax">d/dθ E_{p_θ}[log(1 − D*)] at θ₀, by quadrature.</param>
/// <param name="TwoJsSlope">d/dθ 2·JS(p_θ‖p_r) at θ₀, by central differences.</param>
public sealed record LossGradientRow(LossGradientCase Case, double NonSaturating, double KlMinusTwoJsSlope, double Minimax, double TwoJsSlope)
{
    /// <summary>The non-saturating gradient minus d(KL − 2·JS)/dθ; zero up to numerical error.</summary>
    public double NonSaturatingGap => NonSaturating - KlMinusTwoJsSlope;

    /// <summary>The minimax gradient minus d(2·JS)/dθ; zero up to numerical error.</summary>
    public double MinimaxGap => Minimax - TwoJsSlope;

    /// <summary>Both gradients and both slopes for one case; <paramref name="step"/> is the central differences' h.</summary>
    public static LossGradientRow For(LossGradientCase @case, double step = DivergenceSlope.DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(@case);
        DivergenceSlope.RequireStep(step);
        var (real, generator, theta) = (@case.Real, @case.Generator, @case.Theta);
        return new LossGradientRow(@case,
            FrozenDiscriminatorGradient.NonSaturating(real, generator, theta),
            DivergenceSlope.KlMinusTwoJs(real, generator, theta, step),
            FrozenDiscriminatorGradient.Minimax(real, generator, theta),
            DivergenceSlope.TwoJs(real, generator, theta, step));
    }

    /// <summary>One row per case.</summary>
    public static IReadOnlyList<LossGradientRow> Table(IEnumerable<LossGradientCase> cases, double step = DivergenceSlope.DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(cases);
        DivergenceSlope.RequireStep(step);
        return cases.Select(c => For(c, step)).ToArray();
    }

    /// <summary>The lecture's normals: p_r = N(0, 1), p_θ = N(θ, 1) at θ₀ = μ ∈ {0.5, 1, 2, 4, 8}.</summary>
    public static IReadOnlyList<LossGradientCase> NormalCases { get; } =
        DivergenceRow.LectureOffsets.Select(mu => new LossGradientCase(Density.Normal(0, 1), LocationFamily.Normal(1), mu)).ToArray();

    /// <summary>
    /// <see cref="TwoModeExample.Data"/> against one narrow normal N(θ, 0.5²) between the modes
    /// (θ₀ = 0.5, 1) and on one mode (θ₀ = 2), and against a shifted copy of the data (θ₀ = 0.5, 2, and 4,
    /// where one of its modes sits on data and the other where there is none).
    /// </summary>
    public static IReadOnlyList<LossGradientCase> TwoModeCases { get; } =
    [
        .. new[] { 0.5, 1, 2 }.Select(theta => new LossGradientCase(TwoModeExample.Data, TwoModeExample.OneNormal, theta)),
        .. new[] { 0.5, 2, 4 }.Select(theta => new LossGradientCase(TwoModeExample.Data, TwoModeExample.ShiftedCopy, theta)),
    ];
}
