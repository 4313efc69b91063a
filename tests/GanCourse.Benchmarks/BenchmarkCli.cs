using System.CommandLine;

namespace GanCourse.Benchmarks;

/// <summary>
/// The command line: <c>gan [--iterations N] [--warmup W] [--threads T] [--straightforward] [--ablation]</c>.
/// Bad arguments are a user mistake: a message naming the problem and the usage line on the error writer,
/// exit code 2, never a stack trace.
/// </summary>
public static class BenchmarkCli
{
    public const int UsageError = 2;
    const string Usage = "usage: dotnet run -c Release --project tests/GanCourse.Benchmarks -- gan [--iterations N] [--warmup W] [--threads T] [--straightforward] [--ablation]";

    /// <summary>Parses <paramref name="args"/> and runs the benchmark with <paramref name="run"/> (the real one by default).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, Func<BenchmarkSettings, TextWriter, int>? run = null)
    {
        run ??= GanBenchmark.Run;
        var iterations = new Option<int>("--iterations") { Description = "Timed training steps (after the warm-up).", DefaultValueFactory = _ => 1000 };
        var warmup = new Option<int>("--warmup")
        {
            Description = "Untimed training steps first: allocator, caches, and .NET's tiered compiler, which otherwise recompiles in the background during the first seconds.",
            DefaultValueFactory = _ => 2000,
        };
        var threads = new Option<int>("--threads") { Description = "TorchSharp's intra-op threads (default: TorchSharp's own choice, one per core)." };
        var straightforward = new Option<bool>("--straightforward")
        {
            Description = "Time the step with every shortcut switched off: the lecture's loop, for a before/after comparison.",
        };
        var ablation = new Option<bool>("--ablation")
        {
            Description = "Also time the step with the shortcuts switched on one after another (adds about a minute).",
        };
        iterations.CustomParser = r => WholeNumber(r, "--iterations", minimum: 10);
        warmup.CustomParser = r => WholeNumber(r, "--warmup", minimum: 0);
        threads.CustomParser = r => WholeNumber(r, "--threads", minimum: 1);

        var gan = new Command("gan", "Times the library's GAN training step (lecture network, batch 64, synthetic MNIST-shaped data) against the same libtorch's dense GEMM rate.")
        {
            iterations, warmup, threads, straightforward, ablation,
        };
        gan.SetAction(result => run(new BenchmarkSettings(result.GetValue(iterations), result.GetValue(warmup),
            result.GetResult(threads) is null ? null : result.GetValue(threads), result.GetValue(straightforward), result.GetValue(ablation)), output));
        var root = new RootCommand("GanCourse benchmarks. Prints key=value lines.") { gan };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors) error.WriteLine($"error: {problem.Message}");
            error.WriteLine(Usage);
            return UsageError;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>The option's value as an integer of at least <paramref name="minimum"/>, or an error saying what is expected.</summary>
    static int WholeNumber(System.CommandLine.Parsing.ArgumentResult result, string name, int minimum)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value))
            result.AddError($"{name} must be a whole number, not '{text}'.");
        else if (value < minimum)
            result.AddError(minimum == 0 ? $"{name} must not be negative." : $"{name} must be at least {minimum}.");
        return value;
    }
}
