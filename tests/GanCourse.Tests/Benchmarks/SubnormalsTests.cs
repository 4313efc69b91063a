using GanCourse.Benchmarks;
using static TorchSharp.torch;

namespace GanCourse.Tests.Benchmarks;

public class SubnormalsTests
{
    [Fact]
    public void Counts_nonzero_values_below_the_smallest_normal_float()
    {
        using var scope = NewDisposeScope();
        float smallestNormal = BitConverter.Int32BitsToSingle(0x0080_0000);
        float largestSubnormal = BitConverter.Int32BitsToSingle(0x007F_FFFF);
        float smallestSubnormal = BitConverter.Int32BitsToSingle(1);

        var values = tensor(new[] { 0f, -0f, smallestSubnormal, -largestSubnormal, smallestNormal, -smallestNormal, 1e-30f, 1f });

        Assert.Equal(2, Subnormals.Count(values));
        Assert.Equal(0, Subnormals.Count(null));
    }
}
