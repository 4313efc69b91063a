using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>
/// Precision and recall of a generated set against a real one.
/// </summary>
/// <param name="Precision">Share of generated samples inside at least one real sample's ball: how many look real (quality).</param>
/// <param name="Recall">Share of real samples inside at least one generated sample's ball: how much of the real data is covered (variety).</param>
/// <param name="Neighbours">k: each ball reaches its centre's k-th nearest neighbour in its own set.</param>
/// <param name="RealCount">Real samples.</param>
/// <param name="GeneratedCount">Generated samples.</param>
public sealed record PrecisionRecallScore(double Precision, double Recall, int Neighbours, int RealCount, int GeneratedCount);

/// <summary>
/// Improved precision and recall for generative models (Kynkäänniemi et al. 2019, "Improved precision and
/// recall metric for assessing generative models"): each set's manifold is estimated as the union of
/// balls around its samples, each reaching its k-th nearest neighbour in the same set (the sample itself
/// not counted); precision is the share of generated samples inside the real manifold, recall the share
/// of real samples inside the generated one. Two samples of one distribution score close to 1 and 1; a
/// generator that collapses onto a few good digits keeps its precision and loses recall; disjoint sets
/// score 0 and 0.
/// </summary>
/// <remarks>
/// Computed on features (the paper uses VGG-16's; the course a digit classifier's, see
/// <see cref="FeatureNetwork"/>) with Euclidean distances, in row blocks so memory stays bounded. The
/// scores depend on k, on the set sizes (balls shrink as a set grows) and on the dimension (two samples of
/// one distribution score well below 1 in many dimensions), so compare sets of equal size and read them
/// next to a real-vs-real baseline. Read precision with recall: one real outlier's large ball can hold a
/// whole collapsed set (an untrained generator's near-gray images score precision 1 and recall 0).
/// </remarks>
public static class PrecisionRecall
{
    /// <summary>The paper's k.</summary>
    public const int DefaultNeighbours = 3;

    /// <summary>Scores <paramref name="generated"/> <c>[m, d]</c> against <paramref name="real"/> <c>[n, d]</c>; each set needs more than k samples.</summary>
    public static PrecisionRecallScore Score(Tensor real, Tensor generated, int neighbours = DefaultNeighbours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbours, 1);
        using var scope = NewDisposeScope();
        var (x, y) = Features.PreparePair(real, generated, neighbours + 1, $"a ball reaching the k-th nearest other sample (k = {neighbours})");
        return Score(x, SquaredRadii(x, neighbours), y, neighbours);
    }

    /// <summary>The score from prepared sets, with the real set's squared radii given (they are shared by several comparisons).</summary>
    internal static PrecisionRecallScore Score(Tensor x, Tensor realRadii, Tensor y, int neighbours)
    {
        using var scope = NewDisposeScope();
        var precision = ShareInside(y, x, realRadii);
        var recall = ShareInside(x, y, SquaredRadii(y, neighbours));
        return new PrecisionRecallScore(precision, recall, neighbours, (int)x.shape[0], (int)y.shape[0]);
    }

    /// <summary>Each sample's squared distance to its k-th nearest other sample in the same set, <c>[n]</c>, in the caller's dispose scope.</summary>
    internal static Tensor SquaredRadii(Tensor samples, int neighbours)
    {
        var radii = empty(samples.shape[0], dtype: samples.dtype, device: samples.device);
        PairwiseDistances.ForEachBlock(samples, samples,
            (start, distances) => radii.narrow(0, start, distances.shape[0]).copy_(distances.kthvalue(neighbours, 1).values),
            selfDiagonal: double.PositiveInfinity);
        return radii;
    }

    /// <summary>Share of <paramref name="points"/> within the ball of at least one of <paramref name="centres"/> (squared radii given).</summary>
    static double ShareInside(Tensor points, Tensor centres, Tensor squaredRadii)
    {
        long inside = 0;
        var radii = squaredRadii.unsqueeze(0);
        PairwiseDistances.ForEachBlock(points, centres, (_, distances) => inside += distances.le(radii).any(1).sum().item<long>());
        return (double)inside / points.shape[0];
    }
}
