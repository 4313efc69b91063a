using GanCourse.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

public class PairwiseDistancesTests
{
    [Theory]
    [InlineData(1L << 22)]   // one block
    [InlineData(100L)]       // many blocks of 2 rows
    [InlineData(1L)]         // one row per block
    public void Blocks_tile_the_full_squared_distance_matrix(long blockElements)
    {
        torch.manual_seed(8);
        var a = torch.randn(37, 6, dtype: ScalarType.Float64);
        var b = torch.randn(45, 6, dtype: ScalarType.Float64);
        var full = torch.cdist(a, b).square();
        var seen = torch.zeros(37, 45, dtype: ScalarType.Float64);
        PairwiseDistances.ForEachBlock(a, b, (start, block) => seen.narrow(0, start, block.shape[0]).copy_(block), blockElements: blockElements);
        Assert.True(torch.allclose(full, seen, rtol: 1e-10, atol: 1e-10));

        var self = torch.zeros(37, 37, dtype: ScalarType.Float64);
        PairwiseDistances.ForEachBlock(a, a, (start, block) => self.narrow(0, start, block.shape[0]).copy_(block), selfDiagonal: double.PositiveInfinity, blockElements: blockElements);
        Assert.True(self.diagonal().isinf().all().item<bool>());
        var offDiagonal = torch.cdist(a, a).square() + torch.diag(torch.full(37, double.PositiveInfinity, dtype: ScalarType.Float64));
        Assert.True(torch.allclose(offDiagonal.nan_to_num(posinf: 0), self.nan_to_num(posinf: 0), rtol: 1e-10, atol: 1e-10));
    }

    [Theory]
    [InlineData(1L << 22)]
    [InlineData(100L)]
    [InlineData(1L)]
    public void Product_blocks_tile_the_full_matrix_of_inner_products(long blockElements)
    {
        var random = new torch.Generator(9);
        var a = torch.randn(37, 6, dtype: ScalarType.Float64, generator: random);
        var b = torch.randn(45, 6, dtype: ScalarType.Float64, generator: random);
        var seen = torch.full(37, 45, double.NaN, dtype: ScalarType.Float64);
        PairwiseDistances.ForEachProductBlock(a, b, (start, block) => seen.narrow(0, start, block.shape[0]).copy_(block), blockElements);
        Assert.True(torch.allclose(a.matmul(b.t()), seen, rtol: 1e-12, atol: 1e-12));
    }
}
