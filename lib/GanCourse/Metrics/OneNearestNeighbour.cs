using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>
/// Result of the 1-nearest-neighbour two-sample test.
/// </summary>
/// <param name="Accuracy">Fraction of all samples whose nearest other sample has the same label (real or generated).</param>
/// <param name="RealAccuracy">The same fraction over the real samples only.</param>
/// <param name="GeneratedAccuracy">The same fraction over the generated samples only.</param>
/// <param name="ChanceLevel">
/// Expected accuracy when both sets come from one distribution: (n(n−1) + m(m−1)) / (N(N−1)), N = n + m;
/// just under 0.5 for equal sizes.
/// </param>
/// <param name="RealCount">n, the number of real samples.</param>
/// <param name="GeneratedCount">m, the number of generated samples.</param>
public sealed record NearestNeighbourScore(double Accuracy, double RealAccuracy, double GeneratedAccuracy, double ChanceLevel, int RealCount, int GeneratedCount);

/// <summary>
/// The leave-one-out 1-nearest-neighbour two-sample test (Xu et al. 2018): label the union of real and
/// generated samples, classify each sample by its nearest other sample (squared Euclidean distance on
/// flattened images) and report the accuracy. About 0.5 means the sets are indistinguishable; 1 means
/// they are far apart; well below 0.5 means generated samples sit on top of real ones (memorisation).
/// Use equal set sizes for the 0.5 reading. Tensors stay on their device.
/// </summary>
public static class OneNearestNeighbour
{
    /// <summary>Runs the test on two sets [n, ...] and [m, ...] with the same feature size.</summary>
    public static NearestNeighbourScore Score(Tensor real, Tensor generated)
    {
        using var scope = torch.NewDisposeScope();
        var x = Features.Prepare(real, nameof(real), 1, "the 1-NN test");
        var y = Features.Prepare(generated, nameof(generated), 1, "the 1-NN test");
        Features.RequireComparable(x, nameof(real), y, nameof(generated));
        PixelScale.RequireSameScale(x, nameof(real), y, nameof(generated));
        var n = x.shape[0];
        var m = y.shape[0];
        var union = torch.cat([x, y], 0);
        long realCorrect = 0, generatedCorrect = 0;
        PairwiseDistances.ForEachBlock(union, union, (start, distances) =>
        {
            var nearest = distances.argmin(1).cpu().data<long>().ToArray();
            for (long k = 0; k < nearest.Length; k++)
            {
                var isReal = start + k < n;
                var neighbourIsReal = nearest[k] < n;
                if (isReal && neighbourIsReal) realCorrect++;
                else if (!isReal && !neighbourIsReal) generatedCorrect++;
            }
        }, selfDiagonal: double.PositiveInfinity);
        var total = n + m;
        var chance = (n * (n - 1.0) + m * (m - 1.0)) / (total * (total - 1.0));
        return new NearestNeighbourScore((double)(realCorrect + generatedCorrect) / total, (double)realCorrect / n, (double)generatedCorrect / m, chance, (int)n, (int)m);
    }
}
