using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>
/// MMD scores of one set against a reference set.
/// </summary>
/// <param name="Comparison">What was compared, e.g. "generated vs reference".</param>
/// <param name="ReferenceCount">Samples in the reference (real) set x.</param>
/// <param name="ComparedCount">Samples in the compared set y.</param>
/// <param name="BandwidthScale">mean(M_xx), the data-adaptive bandwidth scale from the reference set.</param>
/// <param name="Biased">The lecture's MMD: sqrt(max(0, biased MMD²)), diagonals included.</param>
/// <param name="UnbiasedSquared">The unbiased estimate of MMD², diagonals excluded; may be slightly negative.</param>
public sealed record MmdScore(string Comparison, int ReferenceCount, int ComparedCount, double BandwidthScale, double Biased, double UnbiasedSquared);

/// <summary>
/// Maximum mean discrepancy with the lecture's Gaussian kernel and data-adaptive bandwidth.
/// </summary>
/// <remarks>
/// With x the reference (real) set and y the compared (generated) set, both flattened to vectors:
/// M are squared Euclidean distances; scale = mean(M_xx) with its zero diagonal included;
/// k = exp(−M / (2σ²·scale)). The lecture reports MMD = sqrt(max(0, mean k_xx + mean k_yy − 2 mean k_xy)),
/// whose means include k(x, x) = 1, so even two samples of one distribution score above zero.
/// The unbiased estimate of MMD² leaves the diagonals out of k_xx and k_yy.
/// Images must share one pixel scale; the course uses [−1, 1] (see <see cref="PixelScale"/>). Every score
/// refuses two image sets on recognisably different scales ([−1, 1], [0, 1], 0…255); <see cref="WithBaseline"/>
/// further requires [−1, 1].
/// Tensors stay on their device (CPU or GPU); both sets must be on the same one.
/// </remarks>
public static class Mmd
{
    /// <summary>The lecture's kernel width multiplier σ.</summary>
    public const double DefaultSigma = 1;

    /// <summary>The lecture's (biased) MMD between the reference set and another set.</summary>
    public static double Biased(Tensor real, Tensor generated, double sigma = DefaultSigma)
    {
        using var scope = torch.NewDisposeScope();
        return Sums(real, generated, sigma, minimumCount: 1, "the MMD").Biased;
    }

    /// <summary>The unbiased estimate of MMD² (same kernel and bandwidth); needs two samples per set.</summary>
    public static double UnbiasedSquared(Tensor real, Tensor generated, double sigma = DefaultSigma)
    {
        using var scope = torch.NewDisposeScope();
        return Sums(real, generated, sigma, minimumCount: 2, "the unbiased MMD").UnbiasedSquared;
    }

    /// <summary>Both estimates and the bandwidth in one pass, as a table row.</summary>
    public static MmdScore Score(Tensor real, Tensor generated, double sigma = DefaultSigma, string comparison = "generated vs real")
    {
        using var scope = torch.NewDisposeScope();
        var sums = Sums(real, generated, sigma, minimumCount: 2, "the unbiased MMD");
        return sums.ToScore(comparison);
    }

    /// <summary>The lecture's MMD between two sets of 1-D samples (same code path, one feature).</summary>
    public static double Biased(double[] real, double[] generated, double sigma = DefaultSigma)
    {
        using var scope = torch.NewDisposeScope();
        return Biased(Features.FromValues(real, nameof(real)), Features.FromValues(generated, nameof(generated)), sigma);
    }

    /// <summary>The unbiased MMD² between two sets of 1-D samples.</summary>
    public static double UnbiasedSquared(double[] real, double[] generated, double sigma = DefaultSigma)
    {
        using var scope = torch.NewDisposeScope();
        return UnbiasedSquared(Features.FromValues(real, nameof(real)), Features.FromValues(generated, nameof(generated)), sigma);
    }

    /// <summary>
    /// mean(M_xx) over all n² pairs of the reference set, diagonal zeros included; computed as
    /// 2·mean‖xᵢ − x̄‖², the same number without forming the n×n matrix.
    /// </summary>
    public static double BandwidthScale(Tensor real)
    {
        using var scope = torch.NewDisposeScope();
        return ScaleOf(Features.Prepare(real, nameof(real), 1, "a bandwidth"));
    }

    /// <summary>
    /// The lecture's scores plus a real-vs-real baseline: <paramref name="generated"/> and
    /// <paramref name="heldOutReal"/> (real images not in the reference set, ideally as many as
    /// generated) are each scored against <paramref name="reference"/> with the reference's bandwidth.
    /// A good generator scores close to the baseline row; the baseline shows how far above zero the
    /// biased MMD sits for a perfect generator at this sample size. All three sets must be images on the
    /// [−1, 1] scale.
    /// </summary>
    public static IReadOnlyList<MmdScore> WithBaseline(Tensor reference, Tensor generated, Tensor heldOutReal, double sigma = DefaultSigma)
    {
        using var scope = torch.NewDisposeScope();
        var x = Features.Prepare(reference, nameof(reference), 2, "the unbiased MMD");
        var y = Features.Prepare(generated, nameof(generated), 2, "the unbiased MMD");
        var z = Features.Prepare(heldOutReal, nameof(heldOutReal), 2, "the unbiased MMD");
        PixelScale.RequireMinusOneToOne(x, nameof(reference));
        PixelScale.RequireMinusOneToOne(y, nameof(generated));
        PixelScale.RequireMinusOneToOne(z, nameof(heldOutReal));
        Features.RequireComparable(x, nameof(reference), y, nameof(generated));
        Features.RequireComparable(x, nameof(reference), z, nameof(heldOutReal));
        RequireSigma(sigma);
        var scale = RequireScale(ScaleOf(x));
        var gamma = Gamma(sigma, scale);
        var xx = KernelSum(x, x, gamma, self: true);
        return
        [
            KernelSums.Of(x, y, xx, scale, gamma).ToScore("generated vs reference"),
            KernelSums.Of(x, z, xx, scale, gamma).ToScore("held-out real vs reference (baseline)"),
        ];
    }

    /// <summary>
    /// Draws two disjoint sets of real images with a seeded permutation: a reference set and a
    /// held-out set for the baseline of <see cref="WithBaseline"/>.
    /// </summary>
    public static (Tensor Reference, Tensor HeldOut) SplitReal(Tensor real, int referenceCount, int heldOutCount, long seed)
    {
        ArgumentNullException.ThrowIfNull(real);
        if (real.dim() == 0) throw new ArgumentException("real is a scalar; pass a batch of images [N, ...].", nameof(real));
        ArgumentOutOfRangeException.ThrowIfLessThan(referenceCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(heldOutCount, 2);
        var available = real.shape[0];
        if (referenceCount + (long)heldOutCount > available)
            throw new ArgumentException($"Asked for {referenceCount} reference + {heldOutCount} held-out images, but only {available} real images were given.", nameof(real));
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator((ulong)seed);
        var order = torch.randperm(available, generator: generator).to(real.device);
        var reference = real.index_select(0, order.narrow(0, 0, referenceCount));
        var heldOut = real.index_select(0, order.narrow(0, referenceCount, heldOutCount));
        return (reference.MoveToOuterDisposeScope(), heldOut.MoveToOuterDisposeScope());
    }

    static KernelSums Sums(Tensor real, Tensor generated, double sigma, int minimumCount, string why)
    {
        RequireSigma(sigma);
        var x = Features.Prepare(real, nameof(real), minimumCount, why);
        var y = Features.Prepare(generated, nameof(generated), minimumCount, why);
        Features.RequireComparable(x, nameof(real), y, nameof(generated));
        PixelScale.RequireSameScale(x, nameof(real), y, nameof(generated));
        var scale = RequireScale(ScaleOf(x));
        var gamma = Gamma(sigma, scale);
        return KernelSums.Of(x, y, KernelSum(x, x, gamma, self: true), scale, gamma);
    }

    static double ScaleOf(Tensor x) => 2 * (x - x.mean([0], keepdim: true)).square().sum(1).mean().item<double>();

    static double Gamma(double sigma, double scale) => 1 / (2 * sigma * sigma * scale);

    /// <summary>Σ over all pairs of exp(−γ M); for a set with itself the diagonal distances are exactly 0, so k(x, x) = 1.</summary>
    static double KernelSum(Tensor a, Tensor b, double gamma, bool self)
    {
        double total = 0;
        PairwiseDistances.ForEachBlock(a, b, (_, distances) => total += distances.mul(-gamma).exp_().sum().item<double>(), self ? 0 : null);
        return total;
    }

    static void RequireSigma(double sigma)
    {
        if (!(sigma > 0) || !double.IsFinite(sigma))
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "The kernel width σ must be a positive finite number.");
    }

    static double RequireScale(double scale) => scale > 0
        ? scale
        : throw new ArgumentException("The bandwidth scale mean(M_xx) is 0: all reference samples are identical, so the kernel width is undefined. Use a reference set with at least two different samples.");

    sealed record KernelSums(long N, long M, double Scale, double Xx, double Yy, double Xy)
    {
        public static KernelSums Of(Tensor x, Tensor y, double xx, double scale, double gamma) =>
            new(x.shape[0], y.shape[0], scale, xx, KernelSum(y, y, gamma, self: true), KernelSum(x, y, gamma, self: false));

        public double BiasedSquared => Xx / (N * N) + Yy / (M * M) - 2 * Xy / (N * M);

        public double Biased => Math.Sqrt(Math.Max(0, BiasedSquared));

        // The diagonals hold exactly k = 1 each, so removing them subtracts the set sizes.
        public double UnbiasedSquared => (Xx - N) / (N * (N - 1.0)) + (Yy - M) / (M * (M - 1.0)) - 2 * Xy / (N * M);

        public MmdScore ToScore(string comparison) => new(comparison, (int)N, (int)M, Scale, Biased, UnbiasedSquared);
    }
}
