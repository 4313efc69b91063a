using System.Globalization;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>
/// The feature-space scores of one set against the reference set, in a digit classifier's feature space.
/// </summary>
/// <param name="Comparison">What was compared, e.g. "generated vs reference".</param>
/// <param name="ReferenceCount">Images in the reference set.</param>
/// <param name="ComparedCount">Images in the compared set.</param>
/// <param name="FrechetSquared">d² of <see cref="FrechetDistance"/>: FID's formula on the classifier's features (0 is ideal).</param>
/// <param name="KernelMmdSquared">The unbiased MMD² of <see cref="PolynomialMmd"/>: KID's formula on the classifier's features (≈ 0 is ideal, may dip below).</param>
/// <param name="Precision">Share of compared images inside the reference set's manifold (<see cref="PrecisionRecall"/>; quality).</param>
/// <param name="Recall">Share of reference images inside the compared set's manifold (variety).</param>
public sealed record FeatureScore(string Comparison, int ReferenceCount, int ComparedCount, double FrechetSquared, double KernelMmdSquared,
    double Precision, double Recall);

/// <summary>
/// The scores of a generated set and, beside them, of held-out real images: what a perfect generator would
/// score with this many images. <see cref="ToString"/> prints both as a table.
/// </summary>
/// <param name="Generated">Generated images against the reference set.</param>
/// <param name="Baseline">Held-out real images against the same reference set.</param>
public sealed record FeatureQualityScore(FeatureScore Generated, FeatureScore Baseline)
{
    /// <summary>Rows in the order <see cref="Generated"/>, <see cref="Baseline"/>.</summary>
    public IReadOnlyList<FeatureScore> Rows => [Generated, Baseline];

    /// <summary>A fixed-width table of both rows, e.g. for <c>Console.WriteLine</c>.</summary>
    public override string ToString()
    {
        var width = Math.Max(10, Rows.Max(r => r.Comparison.Length));
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"{"comparison".PadRight(width)}  {"images",6}  {"Fréchet d²",11}  {"kernel MMD²",12}  {"precision",9}  {"recall",6}"));
        foreach (var r in Rows)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Comparison.PadRight(width)}  {r.ComparedCount,6}  {r.FrechetSquared,11:F3}  {r.KernelMmdSquared,12:F5}  {r.Precision,9:F3}  {r.Recall,6:F3}"));
        text.Append(string.Create(CultureInfo.InvariantCulture, $"({Generated.ReferenceCount} reference images; a digit classifier's features, not Inception's)"));
        return text.ToString();
    }
}

/// <summary>
/// Scores generated digits in a digit classifier's feature space, the way GAN papers score images in
/// Inception's: the Fréchet distance of FID (Heusel et al. 2017), the unbiased polynomial-kernel MMD² of
/// KID (Bińkowski et al. 2018) and precision and recall (Kynkäänniemi et al. 2019), each next to a
/// real-vs-real baseline. The feature space is <see cref="FeatureNetwork"/>'s, not Inception's, so the
/// numbers are comparable between the course's notebooks and runs but not with published FID or KID values.
/// </summary>
public static class FeatureQuality
{
    /// <summary>
    /// Scores <paramref name="generated"/> and <paramref name="heldOutReal"/> against
    /// <paramref name="reference"/>: images <c>[N, 784]</c> on the [−1, 1] scale, the held-out real images
    /// disjoint from the reference (and best as many as generated). Every set needs more images than the
    /// network has features (65 for 64; several hundred give stable scores).
    /// </summary>
    public static FeatureQualityScore Score(FeatureNetwork network, Tensor reference, Tensor heldOutReal, Tensor generated)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var scope = NewDisposeScope();
        foreach (var (images, name) in new[] { (reference, nameof(reference)), (heldOutReal, nameof(heldOutReal)), (generated, nameof(generated)) })
            PixelScale.RequireMinusOneToOne(Features.Prepare(images, name, 1, "a score"), name);
        var real = Reference.Of(network.Features(reference), nameof(reference));
        return new FeatureQualityScore(
            real.Compare(network.Features(generated), nameof(generated), "generated vs reference"),
            real.Compare(network.Features(heldOutReal), nameof(heldOutReal), "held-out real vs reference (baseline)"));
    }

    /// <summary>
    /// The same scores from features already computed (e.g. <see cref="FeatureNetwork.Features"/> of the
    /// reference, reused for several generators): <paramref name="features"/> against
    /// <paramref name="referenceFeatures"/>, both <c>[N, d]</c>.
    /// </summary>
    public static FeatureScore Compare(Tensor referenceFeatures, Tensor features, string comparison = "generated vs reference")
    {
        using var scope = NewDisposeScope();
        return Reference.Of(referenceFeatures, nameof(referenceFeatures)).Compare(features, nameof(features), comparison);
    }

    /// <summary>What every comparison with one reference set shares: its features, Gaussian fit, mean kernel and k-NN radii.</summary>
    sealed record Reference(Tensor Features, string Name, GaussianFit Fit, double KernelMean, Tensor SquaredRadii)
    {
        public static Reference Of(Tensor features, string name)
        {
            var x = FrechetDistance.Prepare(features, name);
            return new Reference(x, name, GaussianFit.Of(x), PolynomialMmd.OffDiagonalMean(x), PrecisionRecall.SquaredRadii(x, PrecisionRecall.DefaultNeighbours));
        }

        public FeatureScore Compare(Tensor features, string name, string comparison)
        {
            var y = FrechetDistance.Prepare(features, name);
            Metrics.Features.RequireComparable(Features, Name, y, name);
            var pr = PrecisionRecall.Score(Features, SquaredRadii, y, PrecisionRecall.DefaultNeighbours);
            return new FeatureScore(comparison, (int)Features.shape[0], (int)y.shape[0],
                FrechetDistance.Squared(Fit, GaussianFit.Of(y)), PolynomialMmd.UnbiasedSquared(Features, y, KernelMean), pr.Precision, pr.Recall);
        }
    }
}
