using System.Diagnostics;
using System.Globalization;
using GanCourse.Data;
using GanCourse.Models;
using GanCourse.Native;
using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Benchmarks;

/// <param name="Iterations">Timed training steps.</param>
/// <param name="Warmup">Untimed steps before timing.</param>
/// <param name="Threads">TorchSharp intra-op threads; null keeps TorchSharp's default.</param>
/// <param name="Straightforward">Time the step with every shortcut off (the lecture's loop) instead of the fast step.</param>
/// <param name="Ablation">Also time the step with each shortcut switched off in turn.</param>
public sealed record BenchmarkSettings(int Iterations, int Warmup, int? Threads, bool Straightforward = false, bool Ablation = false);

/// <summary>
/// The GAN benchmark: the library's own <see cref="GanTrainingStep"/> on the lecture network at batch 64,
/// against the dense GEMM rate of the same libtorch in the same run, plus an epoch, IDX loading and memory.
/// </summary>
public static class GanBenchmark
{
    const int ImageCount = 60_000, BatchSize = 64, GrowthIterations = 1000, Blocks = 10, Resettle = 20;

    public static int Run(BenchmarkSettings settings, TextWriter output)
    {
        TorchSharpNative.EnsureLoadable();
        if (settings.Threads is { } threads) torch.set_num_threads(threads);
        var paths = settings.Straightforward ? FastPaths.None : FastPaths.All;
        var lines = new Report(output);
        lines.Add("device", "cpu");
        lines.Add("cpu", CpuModel());
        lines.Add("processor_count", Environment.ProcessorCount);
        lines.Add("threads", torch.get_num_threads());
        lines.Add("step", settings.Straightforward ? "straightforward" : "fast");
        lines.Add("batch", BatchSize);
        lines.Add("warmup", settings.Warmup);
        lines.Add("iterations", settings.Iterations);

        using var gemm = new GemmRate(2048);
        for (int i = 0; i < 3; i++) gemm.Sample();

        ComputeDevice.Seed(0);
        using var images = SyntheticImages(ImageCount);
        var options = new TrainingOptions { Epochs = 1, BatchSize = BatchSize, ProgressEvery = 0, SampleEpochs = [], Device = CPU };

        using (var trainer = new GanTrainer(GanModels.Generator(), GanModels.Discriminator(), options))
        {
            trainer.TrainingStep.Enabled = paths;
            var loop = new StepLoop(trainer, images);
            loop.Run(settings.Warmup);
            var blockMs = TimeBlocks(loop, settings.Iterations, gemm);
            double ms = Median(blockMs);
            double flops = StepFlops.Of(StepFlops.LinearShapes(trainer.Generator), StepFlops.LinearShapes(trainer.Discriminator),
                BatchSize, trainer.TrainingStep.ComputesDiscriminatorWeightGradientsInGeneratorStep);
            double gflops = flops / (ms * 1e-3) / 1e9;
            lines.Add("gemm_size", gemm.Size);
            lines.Add("gemm_samples", gemm.Samples);
            lines.Add("gemm_gflops", gemm.Best, "F1");
            lines.Add("gemm_samples_gflops", string.Join(" ", gemm.All.Select(g => g.ToString("F0", CultureInfo.InvariantCulture))));
            lines.Add("step_matmul_gflop", flops / 1e9, "F4");
            lines.Add("ms_per_iteration", ms, "F3");
            lines.Add("ms_per_iteration_best_block", blockMs.Min(), "F3");
            lines.Add("blocks_ms", string.Join(" ", blockMs.Select(b => b.ToString("F3", CultureInfo.InvariantCulture))));
            lines.Add("gflops", gflops, "F1");
            lines.Add("fraction_of_gemm", gflops / gemm.Best, "F3");

            var growth = MemoryGrowth.Over(GrowthIterations, loop.Run, loop.Wait);
            lines.Add("live_tensors_before", growth.LiveTensorsBefore);
            lines.Add("live_tensors_after", growth.LiveTensorsAfter);
            lines.Add("native_growth_mb_1000_iterations", growth.GrowthMegabytes, "F1");
            lines.Add("step_peak_working_set_mb", PeakWorkingSetMegabytes(), "F0");

            if (settings.Ablation)
                foreach (var (name, ms2) in Ablation.Measure(trainer.TrainingStep, loop))
                    lines.Add($"ablation_{name}_ms", ms2, "F3");
        }

        // One full epoch through the library's own Fit: 937 steps, shuffling and bookkeeping included.
        using (var trainer = new GanTrainer(GanModels.Generator(), GanModels.Discriminator(), options))
        {
            trainer.TrainingStep.Enabled = paths;
            var history = trainer.Fit(images);
            lines.Add("epoch_seconds", history.Epochs[0].Seconds, "F2");
        }

        var idx = IdxLoad.Measure(ImageCount);
        lines.Add("idx_load_seconds_60000", idx.RawSeconds, "F3");
        lines.Add("idx_gz_load_seconds_60000", idx.GzipSeconds, "F3");

        lines.Add("peak_working_set_mb", PeakWorkingSetMegabytes(), "F0");
        return 0;
    }

    /// <summary>
    /// Milliseconds per step in each of <see cref="Blocks"/> blocks of the timed iterations. Before each block
    /// one GEMM is sampled (the ceiling under the same conditions), then a few steps refill the caches.
    /// </summary>
    static List<double> TimeBlocks(StepLoop loop, int iterations, GemmRate gemm)
    {
        var blockMs = new List<double>();
        int perBlock = Math.Max(1, iterations / Blocks);
        for (int done = 0; done < iterations; done += perBlock)
        {
            gemm.Sample();
            loop.Run(Resettle);
            int n = Math.Min(perBlock, iterations - done);
            var clock = Stopwatch.StartNew();
            loop.Run(n);
            loop.Wait();
            blockMs.Add(clock.Elapsed.TotalMilliseconds / n);
        }
        return blockMs;
    }

    static double PeakWorkingSetMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1048576.0;
    }

    /// <summary>The processor's model name from /proc/cpuinfo (Linux), else the architecture.</summary>
    static string CpuModel() =>
        (File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null) ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();

    /// <summary>Images of MNIST's shape in the scaled range [−1, 1]; the step's cost does not depend on their content.</summary>
    static Tensor SyntheticImages(int count)
    {
        using var random = new torch.Generator(42, CPU);
        using var scope = NewDisposeScope();
        return rand([count, 28 * 28], generator: random).mul_(2).sub_(1).DetachFromDisposeScope();
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    sealed class Report(TextWriter output)
    {
        public void Add(string key, object value, string? format = null) =>
            output.WriteLine($"{key}={(format is null ? Convert.ToString(value, CultureInfo.InvariantCulture) : ((IFormattable)value).ToString(format, CultureInfo.InvariantCulture))}");
    }
}

/// <summary>Runs the trainer's step over shuffled batches of synthetic data, as <see cref="GanTrainer.Fit"/> does.</summary>
internal sealed class StepLoop(GanTrainer trainer, Tensor images)
{
    readonly ShuffledBatches batches = new(images, trainer.Options.BatchSize);
    readonly torch.Generator random = new(7, trainer.Device);
    readonly Tensor sums = zeros(4, ScalarType.Float64, trainer.Device).DetachFromDisposeScope();
    int next = int.MaxValue;

    public void Run(int steps)
    {
        for (int k = 0; k < steps; k++)
        {
            if (next >= batches.Count)
            {
                batches.Shuffle(random);
                next = 0;
            }
            trainer.TrainingStep.Run(batches, next++, random, sums);
        }
    }

    /// <summary>Reads the running sums, which waits for any queued device work (a no-op wait on the CPU).</summary>
    public void Wait()
    {
        using var host = sums.cpu();
        _ = host.data<double>()[0];
    }
}
