using GanCourse.Data;
using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

public class NoiseAndBatchesTests
{
    [Fact]
    public void The_lecture_epoch_has_937_batches()
    {
        Assert.Equal(937, ShuffledBatches.CountFor(60_000, 64));
        Assert.Equal(156, ShuffledBatches.CountFor(10_000, 64));
    }

    [Fact]
    public void Every_row_appears_once_per_epoch_and_the_partial_batch_is_dropped()
    {
        using var rows = arange(650, dtype: ScalarType.Float32).unsqueeze(1);
        using var batches = new ShuffledBatches(rows, 64);
        using var random = new torch.Generator(3, CPU);
        Assert.Equal(10, batches.Count);
        Assert.Throws<InvalidOperationException>(() => batches[0]);

        batches.Shuffle(random);
        var seen = Enumerable.Range(0, batches.Count).SelectMany(i => { using var b = batches[i]; return b.data<float>().ToArray(); }).ToList();
        Assert.Equal(640, seen.Count);
        Assert.Equal(640, seen.Distinct().Count());
        Assert.NotEqual(Enumerable.Range(0, 64).Select(i => (float)i), seen.Take(64));

        batches.Shuffle(random);
        using var next = batches[0];
        Assert.NotEqual(seen.Take(64), next.data<float>().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => batches[10]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_order()
    {
        using var rows = arange(200, dtype: ScalarType.Float32).unsqueeze(1);
        float[] FirstBatch(ulong seed)
        {
            using var batches = new ShuffledBatches(rows, 32);
            using var random = new torch.Generator(seed, CPU);
            batches.Shuffle(random);
            using var b = batches[0];
            return b.data<float>().ToArray();
        }
        Assert.Equal(FirstBatch(9), FirstBatch(9));
        Assert.NotEqual(FirstBatch(9), FirstBatch(10));
        Assert.Throws<ArgumentException>(() => new ShuffledBatches(rows, 201));
    }
}
