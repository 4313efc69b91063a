using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookRunner.Notebook;
using NotebookRunner.Running;

// Prints the runner's start-up per notebook and its overhead per cell over the kernel's own time.
// Usage: dotnet run -c Release --project tests/NotebookRunner.Benchmarks -- [--repeats N] [--cells N]
var repeats = 5;
var cellCount = 40;
for (int i = 0; i < args.Length; i++)
{
    var ok = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= 1000;
    switch (args[i])
    {
        case "--repeats" when ok: repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--cells" when ok: cellCount = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--repeats" or "--cells":
            Console.Error.WriteLine($"error: {args[i]} takes a whole number from 1 to 1000");
            return 2;
        default:
            Console.Error.WriteLine($"error: unknown argument '{args[i]}'. Usage: [--repeats N] [--cells N]");
            return 2;
    }
}

var folder = Directory.CreateTempSubdirectory("runner-benchmark-").FullName;
try
{
    var one = Notebook(Path.Combine(folder, "one.ipynb"), ["1"]);
    // #!time makes the kernel report its own wall time for each cell.
    var many = Notebook(Path.Combine(folder, "cells.ipynb"),
        Enumerable.Range(1, cellCount).Select(n => $"#!time\nvar x{n} = Enumerable.Range(0, 100).Sum() + {n};").ToArray());

    var startups = new List<double>();
    var wholeRuns = new List<double>();
    for (int r = 0; r < repeats; r++)
    {
        var result = await Run(one, folder);
        startups.Add(result.Startup.TotalSeconds);
        wholeRuns.Add(result.Elapsed.TotalSeconds);
    }

    var runnerMs = new List<double>();
    var kernelMs = new List<double>();
    for (int r = 0; r < repeats; r++)
    {
        var result = await Run(many, folder);
        // The first cell also warms up the C# compiler; it says nothing about the per-cell overhead.
        foreach (var (cell, outcome) in result.Notebook.Cells.Where(c => c.IsCode).Zip(result.Cells).Skip(1))
        {
            var wall = cell.Outputs.OfType<DisplayOutput>().Select(d => WallTime().Match(d.Data["text/plain"] ?? "")).FirstOrDefault(m => m.Success);
            if (wall == null) continue;
            kernelMs.Add(double.Parse(wall.Groups[1].Value, CultureInfo.InvariantCulture));
            runnerMs.Add(outcome.Duration.TotalMilliseconds);
        }
    }

    var overhead = runnerMs.Zip(kernelMs, (a, b) => a - b).ToList();
    Console.WriteLine($"kernel=dotnet-interactive (pinned in .config/dotnet-tools.json)  repeats={repeats}  cells_per_notebook={cellCount}  cores={Environment.ProcessorCount}");
    Console.WriteLine($"startup_seconds median={Median(startups):0.00} min={startups.Min():0.00} max={startups.Max():0.00}   (process start to KernelReady)");
    Console.WriteLine($"one_cell_notebook_seconds median={Median(wholeRuns):0.00}   (start, one cell, quit)");
    Console.WriteLine($"cell_ms runner median={Median(runnerMs):0.0}  kernel_wall_time median={Median(kernelMs):0.0}  overhead median={Median(overhead):0.0} p90={Percentile(overhead, 0.9):0.0}   ({overhead.Count} cells)");
    return 0;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static async Task<NotebookRunResult> Run(string notebook, string folder)
{
    var summary = await Runner.RunAsync(new RunnerOptions { Inputs = [notebook], OutputDirectory = Path.Combine(folder, "out") }, TextWriter.Null);
    var result = summary.Notebooks.Single();
    if (!result.Succeeded) throw new InvalidOperationException($"{notebook} failed: {result.Failure}");
    return result;
}

static string Notebook(string path, string[] sources)
{
    var cells = new JsonArray(sources.Select(s => (JsonNode?)new JsonObject
    {
        ["cell_type"] = "code", ["execution_count"] = null,
        ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
        ["outputs"] = new JsonArray(), ["source"] = s,
    }).ToArray());
    var notebook = new JsonObject
    {
        ["cells"] = cells,
        ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" } },
        ["nbformat"] = 4, ["nbformat_minor"] = 5,
    };
    File.WriteAllText(path, notebook.ToJsonString());
    return path;
}

static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

static double Percentile(IReadOnlyList<double> values, double p)
{
    if (values.Count == 0) return double.NaN;
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
}

partial class Program
{
    [GeneratedRegex(@"Wall time: ([\d.]+)\s*ms")]
    private static partial Regex WallTime();
}
