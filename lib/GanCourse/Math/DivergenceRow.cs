namespace GanCourse.Theory;

/// <summary>
/// One row of notebook 03's table for p_r = N(0, 1) against p_g = N(μ, 1).
/// </summary>
/// <param name="Mu">μ, the generator's offset.</param>
/// <param name="JS">JS(p_r‖p_g) by quadrature; saturates at log 2 ≈ 0.693147.</param>
/// <param name="LAtOptimum">L(G, D*) = v(D*, G) by quadrature.</param>
/// <param name="TwoJsMinusTwoLog2">2·JS − 2·log 2, which L(G, D*) must equal.</param>
/// <param name="W1">Wasserstein-1 by quadrature; equals |μ| and keeps growing.</param>
/// <param name="Mmd">The lecture's (biased) MMD between samples of the two densities.</param>
public sealed record DivergenceRow(double Mu, double JS, double LAtOptimum, double TwoJsMinusTwoLog2, double W1, double Mmd)
{
    /// <summary>
    /// Computes the row for one μ. The MMD uses <paramref name="mmdSamples"/> draws from each density:
    /// real ones with <paramref name="seed"/>, generated ones with seed + 1.
    /// </summary>
    public static DivergenceRow For(double mu, int mmdSamples = 500, int seed = 0)
    {
        if (!double.IsFinite(mu)) throw new ArgumentOutOfRangeException(nameof(mu), mu, "μ must be a finite number.");
        if (mmdSamples < 2) throw new ArgumentOutOfRangeException(nameof(mmdSamples), mmdSamples, "The MMD needs at least 2 samples per density.");
        var real = Density.Normal(0, 1);
        var fake = Density.Normal(mu, 1);
        var js = Divergence.JS(real, fake);
        return new DivergenceRow(
            mu, js, ValueFunction.AtOptimum(real, fake), 2 * js - 2 * Math.Log(2), Divergence.W1(real, fake),
            Metrics.Mmd.Biased(real.Sample(mmdSamples, seed), fake.Sample(mmdSamples, seed + 1)));
    }

    /// <summary>One row per μ; the lecture's table uses μ ∈ {0.5, 1, 2, 4, 8}.</summary>
    public static IReadOnlyList<DivergenceRow> Table(IEnumerable<double> mus, int mmdSamples = 500, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(mus);
        return mus.Select(mu => For(mu, mmdSamples, seed)).ToArray();
    }

    /// <summary>The lecture's offsets, μ ∈ {0.5, 1, 2, 4, 8}.</summary>
    public static IReadOnlyList<double> LectureOffsets { get; } = [0.5, 1, 2, 4, 8];
}
