using GanCourse.Data;
using static TorchSharp.torch;

namespace GanCourse.Tests.Data;

public class ShuffledBatchesCompanionTests
{
    [Fact]
    public void A_companion_tensor_gives_the_same_rows_as_the_batch()
    {
        var data = arange(100, ScalarType.Float32).reshape(50, 2);
        var labels = arange(50, ScalarType.Int64) * 10;
        using var batches = new ShuffledBatches(data, batchSize: 8);
        batches.Shuffle(new Generator(3));

        for (int i = 0; i < batches.Count; i++)
        {
            var rows = batches[i].select(1, 0).div(2).to_type(ScalarType.Int64);
            Assert.Equal(rows.mul(10).data<long>().ToArray(), batches.Of(labels, i).data<long>().ToArray());
        }
    }

    [Fact]
    public void A_companion_of_another_length_or_an_unshuffled_order_is_refused()
    {
        using var batches = new ShuffledBatches(zeros(50, 2), batchSize: 8);
        Assert.Throws<InvalidOperationException>(() => batches.Of(zeros(50), 0));
        batches.Shuffle(new Generator(1));
        Assert.Contains("49 rows", Assert.Throws<ArgumentException>(() => batches.Of(zeros(49), 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => batches.Of(zeros(50), 6));
    }
}
