using System.Diagnostics;
using GanCourse.Training;

namespace GanCourse.Benchmarks;

/// <summary>
/// Where the time went: the step with no shortcuts (the lecture's loop), then with the shortcuts switched on
/// one after another, timed in interleaved rounds so that a busy moment of the machine hits every variant alike.
/// </summary>
static class Ablation
{
    const int Rounds = 9, StepsPerRound = 100, Settle = 10;

    /// <summary>
    /// The order in which shortcuts are added. Stacking comes after the fast dropout sampler because on this
    /// kind of CPU it needs the sampler's mask order; the written-out passes come last because they subsume the
    /// graph-related shortcuts before them.
    /// </summary>
    static readonly FastPaths[] Order =
    [
        FastPaths.GradientsToNone, FastPaths.FrozenDiscriminator, FastPaths.NoGraphForFakes, FastPaths.FusedAdam,
        FastPaths.Logits, FastPaths.FastDropout, FastPaths.StackedBatch, FastPaths.SigmoidTanh, FastPaths.WrittenOut,
    ];

    public static IEnumerable<(string Name, double Milliseconds)> Measure(GanTrainingStep step, StepLoop loop)
    {
        var variants = new List<(string Name, FastPaths Paths)> { ("0_none", FastPaths.None) };
        var paths = FastPaths.None;
        foreach (var (added, index) in Order.Select((p, i) => (p, i + 1)))
        {
            paths |= added;
            variants.Add(($"{index}_plus_{Snake(added.ToString())}", paths));
        }
        var times = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var original = step.Enabled;
        try
        {
            for (int round = 0; round < Rounds; round++)
                foreach (var (name, variant) in variants)
                {
                    step.Enabled = variant;
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
