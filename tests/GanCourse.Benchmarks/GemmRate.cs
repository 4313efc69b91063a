using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Benchmarks;

/// <summary>
/// The machine's dense float32 matrix-multiply rate through this process's libtorch: a square <c>mm</c> of
/// two random matrices, timed once per <see cref="Sample"/>. The benchmark samples it between the blocks of
/// timed training steps, so the ceiling and the step are measured under the same conditions (on a shared
/// machine the speed drifts); <see cref="Best"/> is the best of the samples.
/// </summary>
public sealed class GemmRate : IDisposable
{
    readonly Tensor a, b;

    public GemmRate(int size)
    {
        Size = size;
        using var random = new torch.Generator(3, CPU);
        using var scope = NewDisposeScope();
        a = randn([size, size], generator: random).DetachFromDisposeScope();
        b = randn([size, size], generator: random).DetachFromDisposeScope();
        a.mm(b).Dispose(); // first call: MKL's buffers and threads
    }

    public int Size { get; }

    /// <summary>Best rate seen so far, GFLOP/s (2·n³ per multiply).</summary>
    public double Best { get; private set; }

    public int Samples => All.Count;

    /// <summary>Every sample, in order, GFLOP/s.</summary>
    public List<double> All { get; } = [];

    /// <summary>Times one multiply and returns its rate in GFLOP/s.</summary>
    public double Sample()
    {
        var clock = Stopwatch.StartNew();
        using (a.mm(b)) { }
        double gflops = 2.0 * Size * Size * (double)Size / clock.Elapsed.TotalSeconds / 1e9;
        Best = Math.Max(Best, gflops);
        All.Add(gflops);
        return gflops;
    }

    public void Dispose()
    {
        a.Dispose();
        b.Dispose();
    }
}
