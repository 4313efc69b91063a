using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Theory;

/// <summary>
/// Slopes of the two generator losses at the discriminator's logit s, where D(G(z)) = σ(s).
/// </summary>
/// <param name="Logit">s.</param>
/// <param name="D">D(G(z)) = σ(s); near 0 when the discriminator rejects the fake.</param>
/// <param name="MinimaxAutograd">d/ds log(1 − σ(s)) by TorchSharp autograd.</param>
/// <param name="MinimaxFormula">−σ(s).</param>
/// <param name="NonSaturatingAutograd">d/ds [−log σ(s)] by TorchSharp autograd.</param>
/// <param name="NonSaturatingFormula">−(1 − σ(s)).</param>
public sealed record GradientRow(double Logit, double D, double MinimaxAutograd, double MinimaxFormula, double NonSaturatingAutograd, double NonSaturatingFormula);

/// <summary>
/// Why the lecture trains G with −log D(G(z)): the minimax loss log(1 − D(G(z))) has slope −σ(s),
/// which vanishes exactly when D confidently rejects the fakes (s → −∞, early in training), while the
/// non-saturating loss has slope −(1 − σ(s)) ≈ −1 there.
/// </summary>
public static class GeneratorGradients
{
    /// <summary>d/ds log(1 − σ(s)) = −σ(s), the minimax generator loss's slope.</summary>
    public static double MinimaxSlope(double logit) => -LogSpace.Sigmoid(logit);

    /// <summary>d/ds [−log σ(s)] = −(1 − σ(s)) = −σ(−s), the non-saturating loss's slope.</summary>
    public static double NonSaturatingSlope(double logit) => -LogSpace.Sigmoid(-logit);

    /// <summary><paramref name="count"/> evenly spaced logits from <paramref name="from"/> to <paramref name="to"/>, one row each.</summary>
    public static IReadOnlyList<GradientRow> Over(double from = -8, double to = 8, int count = 17)
    {
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "Ask for at least 2 logits.");
        if (!double.IsFinite(from) || !double.IsFinite(to) || !(to > from))
            throw new ArgumentException($"Need finite from < to; got from = {from}, to = {to}.");
        return At(Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1)).ToArray());
    }

    /// <summary>
    /// One row per logit: both slopes by TorchSharp autograd (float64) next to their formulas. The
    /// losses are written as plainly as a training loop would, log(1 − sigmoid(s)) and −log(sigmoid(s)),
    /// so the rows show autograd agreeing with the calculus.
    /// </summary>
    public static IReadOnlyList<GradientRow> At(params double[] logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Length == 0) throw new ArgumentException("Give at least one logit.", nameof(logits));
        if (logits.Any(s => !double.IsFinite(s))) throw new ArgumentException("Logits must be finite numbers.", nameof(logits));
        using var scope = torch.NewDisposeScope();
        var minimax = Slopes(logits, s => torch.log(1 - torch.sigmoid(s)));
        var nonSaturating = Slopes(logits, s => -torch.log(torch.sigmoid(s)));
        return logits.Select((s, i) => new GradientRow(s, LogSpace.Sigmoid(s), minimax[i], MinimaxSlope(s), nonSaturating[i], NonSaturatingSlope(s))).ToArray();
    }

    static double[] Slopes(double[] logits, Func<Tensor, Tensor> loss)
    {
        var s = torch.tensor(logits, dtype: ScalarType.Float64, requires_grad: true);
        // Each loss term depends only on its own logit, so the gradient of the sum holds every slope.
        loss(s).sum().backward();
        return s.grad!.data<double>().ToArray();
    }
}
