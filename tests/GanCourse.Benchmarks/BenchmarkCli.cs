using System.CommandLine;

namespace GanCourse.Benchmarks;

/// <summary>
/// The command line: <c>gan [--epochs E] [--warmup-epochs W] [--threads T] [--data digits|noise]</c>.
/// Bad arguments are a user mistake: a message naming the problem and the usage line on the error writer,
/// exit code 2, never a stack trace.
/// </summary>
public static class BenchmarkCli
{
    public const int UsageError = 2;
    const int MinimumTimedEpochs = 3;
    const string Usage = "usage: dotnet run -c Release --project tests/GanCourse.Benchmarks -- gan [--epochs E] [--warmup-epochs W] [--threads T] [--data digits|noise]";

    /// <summary>Parses <paramref name="args"/> and runs the benchmark with <paramref name="run"/> (the real one by default).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, Func<BenchmarkSettings, TextWriter, int>? run = null)
    {
        run ??= GanBenchmark.Run;
        var epochs = new Option<int>("--epochs")
        {
            Description = $"Epochs of the run, 156 iterations each on the embedded digits (default {GanBenchmark.FullRunEpochs}: a full run of notebook 04).",
            DefaultValueFactory = _ => GanBenchmark.FullRunEpochs,
        };
        var warmup = new Option<int>("--warmup-epochs")
        {
            Description = "Epochs at the start that are not timed: allocator, caches, and .NET's tiered compiler, which recompiles in the background during the first seconds.",
            DefaultValueFactory = _ => 13,
        };
        var threads = new Option<int>("--threads") { Description = "TorchSharp's intra-op threads (default: TorchSharp's own choice, one per core)." };
        var data = new Option<string>("--data")
        {
            Description = "What to train on: digits (the embedded 10,000 MNIST digits, as notebook 04) or noise (10,000 images of uniform noise).",
            DefaultValueFactory = _ => "digits",
        };
        epochs.CustomParser = r => WholeNumber(r, "--epochs", minimum: 1);
        warmup.CustomParser = r => WholeNumber(r, "--warmup-epochs", minimum: 0);
        threads.CustomParser = r => WholeNumber(r, "--threads", minimum: 1);
        data.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && r.Tokens[0].Value is not ("digits" or "noise"))
                r.AddError($"--data must be digits or noise, not '{r.Tokens[0].Value}'.");
        });

        var gan = new Command("gan", "Times notebook 04's training (the course's training loop with notebook 04's networks and step, embedded digits) epoch by epoch against the same libtorch's dense GEMM rate.")
        {
            epochs, warmup, threads, data,
        };
        gan.SetAction(result => run(new BenchmarkSettings(result.GetValue(epochs), result.GetValue(warmup),
            result.GetResult(threads) is null ? null : result.GetValue(threads),
            result.GetValue(data) == "noise" ? BenchmarkData.Noise : BenchmarkData.Digits), output));
        var root = new RootCommand("GanCourse benchmarks. Prints key=value lines.") { gan };

        var parsed = root.Parse(args);
        var problems = parsed.Errors.Select(e => e.Message).ToList();
        if (problems.Count == 0 && parsed.CommandResult.Command == gan
            && parsed.GetValue(epochs) - parsed.GetValue(warmup) is var timed && timed < MinimumTimedEpochs)
            problems.Add($"--epochs ({parsed.GetValue(epochs)}) must exceed --warmup-epochs ({parsed.GetValue(warmup)}) by at least {MinimumTimedEpochs}: drift compares the first and the last {MinimumTimedEpochs} timed epochs.");
        if (problems.Count > 0)
        {
            foreach (var problem in problems) error.WriteLine($"error: {problem}");
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
