using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Benchmarks;

/// <summary>The machine's dense float32 matrix-multiply rate through this process's libtorch.</summary>
public sealed record GemmRate(int Size, double Gflops)
{
    /// <summary>Best of <paramref name="repeats"/> timed <c>mm</c> calls on two random square matrices (after one untimed call).</summary>
    public static GemmRate Measure(int size, int repeats)
    {
        using var scope = NewDisposeScope();
        using var random = new torch.Generator(3, CPU);
        var a = randn([size, size], generator: random);
        var b = randn([size, size], generator: random);
        a.mm(b).Dispose();
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            using (a.mm(b)) { }
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return new GemmRate(size, 2.0 * size * size * size / best / 1e9);
    }
}
