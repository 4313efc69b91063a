using System.Diagnostics;
using System.Globalization;
using GanCourse.Data;
using GanCourse.Saved;
using TorchSharpLoading;
using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Benchmarks;

/// <summary>What the benchmark trains on.</summary>
public enum BenchmarkData
{
    /// <summary>The library's embedded 10,000 real MNIST digits: what notebook 04 trains on offline.</summary>
    Digits,
    /// <summary>10,000 images of uniform noise in [−1, 1] (the earlier benchmark's data; a GAN degenerates on it).</summary>
    Noise,
}

/// <param name="Epochs">Epochs of the run (100: a full run of notebook 04).</param>
/// <param name="WarmupEpochs">Epochs at the start whose time is not counted in the blocks.</param>
/// <param name="Threads">TorchSharp intra-op threads; null keeps TorchSharp's default.</param>
/// <param name="Data">What to train on.</param>
public sealed record BenchmarkSettings(int Epochs, int WarmupEpochs, int? Threads, BenchmarkData Data = BenchmarkData.Digits);

/// <summary>
/// The GAN benchmark: a run of notebook 04's training, the course's <see cref="TrainingLoop"/> running the
/// notebook's networks and training step (the library's saved copy, <see cref="MnistGan"/>), timed epoch by epoch (a block of 156 iterations on the embedded digits), against the dense
/// GEMM rate of the same libtorch sampled during the run; plus memory growth and IDX loading.
/// </summary>
public static class GanBenchmark
{
    const int ImageCount = 10_000, GemmSamplesDuringRun = 10, DriftBlocks = 3;

    /// <summary>Epochs of notebook 04's full run.</summary>
    public const int FullRunEpochs = 100;

    /// <summary>Iterations (D step + G step) per epoch of the 10,000 embedded digits at the default batch size.</summary>
    public static int IterationsPerEpoch => ShuffledBatches.CountFor(ImageCount, new TrainingOptions().BatchSize);

    public static int Run(BenchmarkSettings settings, TextWriter output)
    {
        // As in the notebooks (the library's initializer): idle OpenMP threads sleep when the machine is
        // busy, unless OMP_WAIT_POLICY says otherwise.
        TorchSharpNative.EnsureLoadable();
        string ompPolicy = OpenMpWaitPolicy.Read() ?? "default";
        if (settings.Threads is { } threads) torch.set_num_threads(threads);
        var lines = new Report(output);
        lines.Add("device", "cpu");
        lines.Add("cpu", CpuInfo("model name") ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString());
        lines.Add("cpu_flags", SimdFlags());
        lines.Add("processor_count", Environment.ProcessorCount);
        lines.Add("load_average_at_start", LoadAverage());
        lines.Add("threads", torch.get_num_threads());
        lines.Add("omp_wait_policy", ompPolicy);

        using var gemm = new GemmRate(2048);
        for (int i = 0; i < 3; i++) gemm.Sample();

        ComputeDevice.Seed(1);
        using var images = Images(settings.Data);
        var options = new TrainingOptions { Epochs = settings.Epochs, Seed = 1, Device = CPU, SampleEpochs = [] };
        var generator = MnistGan.Generator();
        var discriminator = MnistGan.Discriminator();
        using var generatorOptimizer = optim.Adam(generator.parameters(), 1e-3);
        using var discriminatorOptimizer = optim.Adam(discriminator.parameters(), 1e-3);
        var loop = new TrainingLoop(options with { ShowProgress = false })
            .Add("generator", generator, generatorOptimizer)
            .Add("discriminator", discriminator, discriminatorOptimizer);
        int perEpoch = IterationsPerEpoch;
        int timedEpochs = settings.Epochs - settings.WarmupEpochs;
        lines.Add("data", settings.Data == BenchmarkData.Digits ? $"embedded-mnist-digits-{ImageCount}" : $"uniform-noise-{ImageCount}");
        lines.Add("batch", options.BatchSize);
        lines.Add("epochs", settings.Epochs);
        lines.Add("warmup_epochs", settings.WarmupEpochs);
        lines.Add("iterations_per_epoch", perEpoch);
        lines.Add("iterations", timedEpochs * perEpoch);

        // Each epoch after the warm-up is one block. Readings between epochs (memory, a GEMM sample) fall
        // outside the epochs' own clocks.
        MemoryGrowth.Reading? before = settings.WarmupEpochs == 0 ? MemoryGrowth.Read() : null, after = null;
        // Resident memory at each quarter of the timed epochs: growth that levels off is the allocators
        // settling; a leak keeps climbing through the last quarters.
        var quarters = new List<double>();
        int quarter = Math.Max(1, timedEpochs / 4);
        int gemmEvery = Math.Max(1, timedEpochs / GemmSamplesDuringRun);
        var history = loop.Fit(images, x => MnistGan.TrainingStep(x, generator, discriminator, generatorOptimizer, discriminatorOptimizer), afterEpoch: epoch =>
        {
            int timed = epoch.Epoch - settings.WarmupEpochs;
            if (timed == 0) before = MemoryGrowth.Read();
            if (timed > 0 && timed % quarter == 0 && quarters.Count < 4) quarters.Add(MemoryGrowth.Read().ResidentBytes / 1048576.0);
            if (timed > 0 && timed % gemmEvery == 0) gemm.Sample();
            if (epoch.Epoch == settings.Epochs) after = MemoryGrowth.Read();
        });

        var blockMs = history.Epochs.Skip(settings.WarmupEpochs).Select(e => e.Seconds * 1000 / perEpoch).ToList();
        double ms = Median(blockMs);
        double flops = StepFlops.Of(StepFlops.LinearShapes(generator), StepFlops.LinearShapes(discriminator), options.BatchSize);
        double gflops = flops / (ms * 1e-3) / 1e9;
        lines.Add("gemm_size", gemm.Size);
        lines.Add("gemm_samples", gemm.Samples);
        lines.Add("gemm_gflops", gemm.Best, "F1");
        lines.Add("gemm_samples_gflops", string.Join(" ", gemm.All.Select(g => g.ToString("F0", CultureInfo.InvariantCulture))));
        lines.Add("step_matmul_gflop", flops / 1e9, "F4");
        lines.Add("ms_per_iteration", ms, "F3");
        lines.Add("ms_per_iteration_best_block", blockMs.Min(), "F3");
        lines.Add("blocks_ms", string.Join(" ", blockMs.Select(b => b.ToString("F3", CultureInfo.InvariantCulture))));
        lines.Add("drift", Median(blockMs.TakeLast(DriftBlocks)) / Median(blockMs.Take(DriftBlocks)), "F3");
        lines.Add("gflops", gflops, "F1");
        lines.Add("fraction_of_gemm", gflops / gemm.Best, "F3");

        var growth = MemoryGrowth.Between(before!, after!);
        lines.Add("live_tensors_before", growth.LiveTensorsBefore);
        lines.Add("live_tensors_after", growth.LiveTensorsAfter);
        lines.Add("native_growth_mb", growth.GrowthMegabytes, "F1");
        lines.Add("rss_mb_timed_start", before!.ResidentBytes / 1048576.0, "F0");
        lines.Add("rss_mb_each_quarter", string.Join(" ", quarters.Select(q => q.ToString("F0", CultureInfo.InvariantCulture))));
        if (quarters.Count == 4) lines.Add("native_growth_mb_second_half", quarters[3] - quarters[1], "F1");
        lines.Add("subnormal_values_at_end", Subnormals.In(generator, generatorOptimizer) + Subnormals.In(discriminator, discriminatorOptimizer));
        lines.Add("step_peak_working_set_mb", PeakWorkingSetMegabytes(), "F0");

        double runSeconds = history.Epochs.Sum(e => e.Seconds);
        lines.Add("run_seconds", runSeconds, "F2");
        if (settings.Epochs == FullRunEpochs && settings.Data == BenchmarkData.Digits) lines.Add("full_run_seconds", runSeconds, "F2");
        else lines.Add("full_run_seconds_projected", ms * 1e-3 * perEpoch * FullRunEpochs, "F2");
        var last = history.Epochs[^1];
        lines.Add("last_epoch", string.Join(" ", last.Measures.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F4}"))));

        var idx = IdxLoad.Measure(60_000);
        lines.Add("idx_load_seconds_60000", idx.RawSeconds, "F3");
        lines.Add("idx_gz_load_seconds_60000", idx.GzipSeconds, "F3");

        lines.Add("peak_working_set_mb", PeakWorkingSetMegabytes(), "F0");
        lines.Add("load_average_at_end", LoadAverage());
        return 0;
    }

    static Tensor Images(BenchmarkData data)
    {
        if (data == BenchmarkData.Digits)
        {
            using var digits = EmbeddedMnist.Load();
            return digits.Images.clone();
        }
        using var random = new torch.Generator(42, CPU);
        return empty([ImageCount, 28 * 28]).uniform_(-1, 1, random);
    }

    static double PeakWorkingSetMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1048576.0;
    }

    /// <summary>A field of the first processor in /proc/cpuinfo (Linux), or null.</summary>
    static string? CpuInfo(string field) =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;

    /// <summary>The vector-instruction flags that decide which kernels MKL and libtorch pick.</summary>
    static string SimdFlags()
    {
        var flags = (CpuInfo("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        string[] relevant = ["sse4_2", "avx", "fma", "avx2", "avx512f", "avx512_bf16", "avx512_fp16", "amx_tile"];
        var present = relevant.Where(flags.Contains).ToArray();
        return present.Length == 0 ? "unknown" : string.Join(" ", present);
    }

    static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

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
