using System.Globalization;
using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>
/// How many modes of a mixture a generator's samples cover: each sample is assigned to its nearest
/// mode centre if it lies within <see cref="RadiusInSigmas"/>·σ of it; a mode is covered when at least
/// <see cref="MinimumCount"/> samples land there.
/// </summary>
/// <param name="Counts">Samples near each mode, in the order of the centres.</param>
/// <param name="Samples">Samples scored.</param>
/// <param name="MinimumCount">Samples a mode needs to count as covered.</param>
/// <param name="RadiusInSigmas">The "near" radius in units of the modes' σ.</param>
public sealed record ModeCoverage(IReadOnlyList<int> Counts, int Samples, int MinimumCount, double RadiusInSigmas)
{
    /// <summary>Modes with at least <see cref="MinimumCount"/> samples near them.</summary>
    public int Covered => Counts.Count(c => c >= MinimumCount);

    /// <summary>Number of modes.</summary>
    public int Modes => Counts.Count;

    /// <summary>Share of the samples that lie near some mode (the rest fall between modes).</summary>
    public double NearShare => Counts.Sum() / (double)Samples;

    /// <summary>
    /// Scores <paramref name="samples"/> <c>[N, d]</c> against mode <paramref name="centres"/> <c>[K, d]</c>
    /// of common standard deviation <paramref name="sigma"/>.
    /// </summary>
    /// <param name="samples">Generated points.</param>
    /// <param name="centres">The modes' centres.</param>
    /// <param name="sigma">The modes' standard deviation (per coordinate).</param>
    /// <param name="radiusInSigmas">A sample is near a mode within this many σ of its centre (3).</param>
    /// <param name="minimumCount">
    /// Samples a mode needs to count as covered; by default 1 % of the samples (20 of 2,000): far below
    /// the fair share N / K (250 of 2,000 for 8 modes), so an unevenly fed mode still counts, and above
    /// the handful that a generator smearing its samples along the ring drops onto a mode it has lost.
    /// </param>
    public static ModeCoverage Measure(Tensor samples, Tensor centres, double sigma, double radiusInSigmas = 3, int? minimumCount = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(centres);
        if (samples.dim() != 2 || centres.dim() != 2 || samples.shape[1] != centres.shape[1])
            throw new ArgumentException($"samples [N, d] and centres [K, d] must share d; got [{string.Join(", ", samples.shape)}] and [{string.Join(", ", centres.shape)}].");
        if (samples.shape[0] == 0 || centres.shape[0] == 0) throw new ArgumentException("there must be at least one sample and one centre.");
        if (!(sigma > 0) || !double.IsFinite(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be a positive number.");
        if (!(radiusInSigmas > 0) || !double.IsFinite(radiusInSigmas)) throw new ArgumentOutOfRangeException(nameof(radiusInSigmas), radiusInSigmas, "the radius must be a positive number of σ.");
        int n = (int)samples.shape[0], k = (int)centres.shape[0];
        int minimum = minimumCount ?? Math.Max(1, n / 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1, nameof(minimumCount));

        using var scope = NewDisposeScope();
        var points = samples.detach().to(float64, CPU);
        if (!isfinite(points).all().item<bool>()) throw new ArgumentException("the samples hold NaN or infinite values (did training diverge?).", nameof(samples));
        var distances = cdist(points, centres.detach().to(float64, CPU));     // [N, K]
        var (nearest, index) = distances.min(1);
        var near = index.masked_select(nearest.le(radiusInSigmas * sigma));
        var counts = bincount(near, minlength: k).data<long>().Select(c => (int)c).ToArray();
        return new ModeCoverage(counts, n, minimum, radiusInSigmas);
    }

    /// <summary>"modes covered: 8/8; 91.3% of 2,000 samples within 3σ of a mode".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"modes covered: {Covered}/{Modes}; {100 * NearShare:F1}% of {Samples:N0} samples within {RadiusInSigmas:G3}σ of a mode");
}
