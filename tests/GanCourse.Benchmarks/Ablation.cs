using System.Diagnostics;
using GanCourse.Training;

namespace GanCourse.Benchmarks;

/// <summary>
/// What each shortcut of the training step is worth: the step with all of them, with none, and with each one
/// switched off in turn, timed in interleaved rounds so that a busy moment of the machine hits every variant alike.
/// </summary>
static class Ablation
{
    const int Rounds = 9, StepsPerRound = 100, Settle = 10;

    public static IEnumerable<(string Name, double Milliseconds)> Measure(GanTrainingStep step, StepLoop loop)
    {
        var variants = new List<(string Name, FastPaths Paths)> { ("all", FastPaths.All), ("none", FastPaths.None) };
        variants.AddRange(Enum.GetValues<FastPaths>()
            .Where(p => p is not FastPaths.All and not FastPaths.None)
            .Select(p => ($"without_{Snake(p.ToString())}", FastPaths.All & ~p)));
        var times = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var original = step.Enabled;
        try
        {
            for (int round = 0; round < Rounds; round++)
                foreach (var (name, paths) in variants)
                {
                    step.Enabled = paths;
                    loop.Run(Settle);
                    var clock = Stopwatch.StartNew();
                    loop.Run(StepsPerRound);
                    loop.Wait();
                    times[name].Add(clock.Elapsed.TotalMilliseconds / StepsPerRound);
                }
        }
        finally
        {
            step.Enabled = original;
        }
        return variants.Select(v => (v.Name, GanBenchmark.Median(times[v.Name])));
    }

    static string Snake(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
