using System.CommandLine;
using GanCourse.Benchmarks;

// dotnet run -c Release --project tests/GanCourse.Benchmarks -- gan [--iterations N] [--warmup W] [--threads T] [--straightforward] [--ablation]
var iterations = new Option<int>("--iterations")
{
    Description = "Timed training steps (after the warm-up).",
    DefaultValueFactory = _ => 1000,
};
var warmup = new Option<int>("--warmup")
{
    Description = "Untimed training steps first (allocator, caches, JIT).",
    DefaultValueFactory = _ => 2000,
};
var threads = new Option<int?>("--threads")
{
    Description = "TorchSharp's intra-op threads (default: TorchSharp's own choice, one per core).",
};
var straightforward = new Option<bool>("--straightforward")
{
    Description = "Time the step with every shortcut switched off: the lecture's loop, for a before/after comparison.",
};
var ablation = new Option<bool>("--ablation")
{
    Description = "Also time the step with each shortcut switched off in turn (adds about a minute).",
};
iterations.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 10) r.AddError("--iterations must be at least 10."); });
warmup.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--warmup must not be negative."); });
threads.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) r.AddError("--threads must be at least 1."); });

var gan = new Command("gan", "Times the library's GAN training step (lecture network, batch 64, synthetic MNIST-shaped data) against the same libtorch's dense GEMM rate.")
{
    iterations, warmup, threads, straightforward, ablation,
};
gan.SetAction(result => GanBenchmark.Run(new BenchmarkSettings(result.GetValue(iterations), result.GetValue(warmup), result.GetValue(threads),
    result.GetValue(straightforward), result.GetValue(ablation)), Console.Out));

var root = new RootCommand("GanCourse benchmarks. Prints key=value lines.") { gan };
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // Bad arguments are a user mistake: say what is wrong and how to call it, exit code 2, no stack trace.
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/GanCourse.Benchmarks -- gan [--iterations N] [--warmup W] [--threads T] [--straightforward] [--ablation]");
    return 2;
}
if (parsed.CommandResult.Command == root && !args.Any(a => a is "-h" or "--help" or "-?" or "--version"))
{
    Console.Error.WriteLine("error: name a benchmark; the one there is: gan");
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/GanCourse.Benchmarks -- gan [--iterations N] [--warmup W] [--threads T] [--straightforward] [--ablation]");
    return 2;
}
return parsed.Invoke();
