using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>
/// Squared Euclidean distances (and the inner products they are made of) between the rows of two
/// matrices, produced in row blocks so that a large reference set never needs its whole N×N matrix in
/// memory at once.
/// </summary>
static class PairwiseDistances
{
    /// <summary>4M float64 entries (32 MB) per block, plus temporaries of the same size.</summary>
    public const long DefaultBlockElements = 1L << 22;

    /// <summary>
    /// Calls <paramref name="visit"/> with (first row, block) for consecutive row blocks of the
    /// distance matrix between <paramref name="a"/> [n, d] and <paramref name="b"/> [m, d].
    /// When <paramref name="selfDiagonal"/> is given, a and b are the same set and the entries d(i, i)
    /// are set to that value (0 for "a point's distance to itself", +∞ to exclude it).
    /// Tensors passed to <paramref name="visit"/> are disposed after it returns.
    /// </summary>
    public static void ForEachBlock(Tensor a, Tensor b, Action<long, Tensor> visit, double? selfDiagonal = null, long blockElements = DefaultBlockElements)
    {
        using var outer = torch.NewDisposeScope();
        var bSquared = b.square().sum(1).unsqueeze(0);
        ForEachProductBlock(a, b, (start, products) =>
        {
            var block = a.narrow(0, start, products.shape[0]);
            var distances = (block.square().sum(1, keepdim: true) + bSquared).sub_(products.mul_(2)).clamp_min_(0);
            if (selfDiagonal is { } value) distances.diagonal(start).fill_(value);
            visit(start, distances);
        }, blockElements);
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with (first row, block) for consecutive row blocks of the inner
    /// products a bᵀ between <paramref name="a"/> [n, d] and <paramref name="b"/> [m, d]. Tensors passed to
    /// <paramref name="visit"/> are disposed after it returns.
    /// </summary>
    public static void ForEachProductBlock(Tensor a, Tensor b, Action<long, Tensor> visit, long blockElements = DefaultBlockElements)
    {
        using var outer = torch.NewDisposeScope();
        var n = a.shape[0];
        var bT = b.t();
        var rows = Math.Max(1, blockElements / Math.Max(1, b.shape[0]));
        for (long start = 0; start < n; start += rows)
        {
            using var scope = torch.NewDisposeScope();
            visit(start, a.narrow(0, start, Math.Min(rows, n - start)).matmul(bT));
        }
    }
}
