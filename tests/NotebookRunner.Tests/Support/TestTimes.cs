using System.Globalization;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.Support;

/// <summary>
/// Time limits of the end-to-end tests, made to hold on a loaded machine (two shared cores, other builds,
/// other kernels): a limit is at least its floor, at least a multiple of the start-up measured on this
/// machine, and everything is multiplied by <see cref="ScaleVariable"/> where a machine needs more.
/// </summary>
static class TestTimes
{
    /// <summary>Multiplies every limit, e.g. 3 on a machine slower than load alone explains; 1 when unset.</summary>
    public const string ScaleVariable = "NOTEBOOK_RUNNER_TEST_TIME_SCALE";

    static readonly Lazy<TimeSpan> MeasuredStartup = new(MeasureStartup);

    public static double Scale { get; } = ReadScale(Environment.GetEnvironmentVariable(ScaleVariable));

    /// <summary>
    /// How long the runner takes here to start, start a kernel and run a first cell (which warms up the
    /// compiler): the part of every run that load stretches most. Measured once, by a run of its own.
    /// </summary>
    public static TimeSpan Startup => MeasuredStartup.Value;

    /// <summary>
    /// max(<paramref name="floor"/>, <paramref name="startups"/> × <see cref="Startup"/>) × <see cref="Scale"/>;
    /// the start-up is measured only where <paramref name="startups"/> is not 0.
    /// </summary>
    public static TimeSpan Limit(TimeSpan floor, double startups = 0)
    {
        var grown = startups > 0 && Startup * startups > floor ? Startup * startups : floor;
        return grown * Scale;
    }

    /// <summary>A limit in whole seconds, for the runner's --cell-timeout and --timeout.</summary>
    public static int Seconds(TimeSpan limit) => (int)Math.Ceiling(limit.TotalSeconds);

    internal static double ReadScale(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return 1;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale >= 1 && double.IsFinite(scale))
            return scale;
        throw new InvalidOperationException($"{ScaleVariable}={value}: expected a number of at least 1, e.g. 2.5");
    }

    static TimeSpan MeasureStartup()
    {
        using var folder = new TestFolder();
        Write(folder["startup.ipynb"], Code("Console.WriteLine(\"ready\");"));
        var run = RunnerProcess.Run(folder.Path, ["startup.ipynb", "--out", "out"], limit: TimeSpan.FromMinutes(10) * Scale);
        if (run.ExitCode != 0) throw new InvalidOperationException($"the run that measures the start-up failed:\n{run}");
        return run.Elapsed;
    }
}
