using GanCourse.Data;
using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

public class NoiseAndBatchesTests
{
    [Fact]
    public void Uniform_noise_fills_minus_one_to_one()
    {
        using var random = new torch.Generator(5, CPU);
        using var z = Noise.Sample(20_000, 20, NoiseKind.Uniform, random);

        Assert.Equal([20_000, 20], z.shape);
        Assert.True(z.min().item<float>() >= -1f && z.max().item<float>() <= 1f);
        Assert.InRange(z.min().item<float>(), -1f, -0.999f);
        Assert.InRange(z.max().item<float>(), 0.999f, 1f);
        Assert.InRange(z.mean().item<float>(), -0.01f, 0.01f);
        Assert.InRange(z.var().item<float>(), 1 / 3f - 0.01f, 1 / 3f + 0.01f);
    }

    [Fact]
    public void Uniform_noise_has_the_numbers_of_the_lectures_rand_times_two_minus_one()
    {
        using var scope = NewDisposeScope();
        using var a = new torch.Generator(13, CPU);
        using var b = new torch.Generator(13, CPU);

        var lecture = rand([500, 20], generator: a) * 2 - 1;
        var ours = Noise.Sample(500, 20, NoiseKind.Uniform, b);

        Assert.True(lecture.equal(ours).all().item<bool>());
    }

    [Fact]
    public void Normal_noise_is_standard_normal_and_a_generator_makes_it_reproducible()
    {
        using var a = new torch.Generator(5, CPU);
        using var b = new torch.Generator(5, CPU);
        using var z = Noise.Sample(20_000, 20, NoiseKind.Normal, a);
        using var again = Noise.Sample(20_000, 20, NoiseKind.Normal, b);

        Assert.InRange(z.mean().item<float>(), -0.01f, 0.01f);
        Assert.InRange(z.std().item<float>(), 0.99f, 1.01f);
        Assert.True(z.min().item<float>() < -3f);
        Assert.True(z.allclose(again, rtol: 0, atol: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Noise.Sample(4, 0));
    }

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
