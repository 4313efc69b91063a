using GanCourse.Theory;

namespace GanCourse.Notebook;

/// <summary>The tables notebooks 02 and 03 show of the theory's numbers, with the digits each column needs.</summary>
public static class TheoryTables
{
    /// <summary>The numerical maximiser of f(y) = A log y + B log(1 − y) next to A/(A+B), to 8 decimals.</summary>
    public static TextTable Optima(IEnumerable<PointwiseOptimum> rows) =>
        TextTable.From(rows, "argmax of f(y) = A log y + B log(1 − y) on (0, 1)",
            ("A", r => Cells.Number(r.A)),
            ("B", r => Cells.Number(r.B)),
            ("numerical argmax", r => Cells.Fixed(r.Numerical, 8)),
            ("A / (A + B)", r => Cells.Fixed(r.ClosedForm, 8)),
            ("difference", r => Cells.Scientific(r.Difference)));

    /// <summary>JS, L(G,D*) and 2·JS − 2·log 2 to 6 decimals, W1 and MMD to 4.</summary>
    public static TextTable Divergences(IEnumerable<DivergenceRow> rows) =>
        TextTable.From(rows, "p_r = N(0, 1), p_g = N(μ, 1)",
            ("μ", r => Cells.Number(r.Mu)),
            ("JS", r => Cells.Fixed(r.JS, 6)),
            ("L(G,D*)", r => Cells.Fixed(r.LAtOptimum, 6)),
            ("2·JS − 2·log 2", r => Cells.Fixed(r.TwoJsMinusTwoLog2, 6)),
            ("W1", r => Cells.Fixed(r.W1, 4)),
            ("MMD", r => Cells.Fixed(r.Mmd, 4)));

    /// <summary>The generator's gradients at the discriminator's logit: autograd next to the closed forms, to 6 decimals.</summary>
    public static TextTable Gradients(IEnumerable<GradientRow> rows) =>
        TextTable.From(rows, "Generator gradients at the discriminator's logit s (autograd vs formula)",
            ("s", r => Cells.Number(r.Logit)),
            ("D(G(z)) = σ(s)", r => Cells.Fixed(r.D, 6)),
            ("minimax, autograd", r => Cells.Fixed(r.MinimaxAutograd, 6)),
            ("−σ(s)", r => Cells.Fixed(r.MinimaxFormula, 6)),
            ("non-saturating, autograd", r => Cells.Fixed(r.NonSaturatingAutograd, 6)),
            ("−(1 − σ(s))", r => Cells.Fixed(r.NonSaturatingFormula, 6)));

    /// <summary>
    /// The generator's loss gradients at a frozen D* by quadrature next to the divergence slopes they
    /// equal by central differences, to 6 decimals, with the gaps in scientific notation.
    /// </summary>
    public static TextTable LossGradients(IEnumerable<LossGradientRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToArray();
        var data = string.Join("; ", list.Select(r => r.Case.Real.ToString()).Distinct());
        return TextTable.From(list, $"Gradients in θ at θ₀ with D* = p_r / (p_r + p_θ₀) frozen; p_r = {data}",
            ("p_θ", r => r.Case.Generator.Name),
            ("θ₀", r => Cells.Number(r.Case.Theta)),
            ("E[−∇ log D*]", r => Cells.Fixed(r.NonSaturating, 6)),
            ("∇(KL − 2·JS)", r => Cells.Fixed(r.KlMinusTwoJsSlope, 6)),
            ("difference", r => Cells.Scientific(r.NonSaturatingGap)),
            ("E[∇ log(1 − D*)]", r => Cells.Fixed(r.Minimax, 6)),
            ("∇(2·JS)", r => Cells.Fixed(r.TwoJsSlope, 6)),
            ("difference", r => Cells.Scientific(r.MinimaxGap)));
    }

    /// <summary>What each divergence charges each generator, to 6 decimals.</summary>
    public static TextTable ModeDropping(IEnumerable<ModeDroppingRow> rows) =>
        TextTable.From(rows, "What the losses' divergences charge each generator p_g against the data p_r",
            ("p_g", r => r.Generator),
            ("KL(p_g‖p_r)", r => Cells.Fixed(r.ReverseKl, 6)),
            ("KL(p_r‖p_g)", r => Cells.Fixed(r.ForwardKl, 6)),
            ("2·JS (minimax)", r => Cells.Fixed(r.TwoJs, 6)),
            ("KL(p_g‖p_r) − 2·JS (non-saturating)", r => Cells.Fixed(r.NonSaturatingObjective, 6)));
}
