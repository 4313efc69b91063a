using System.Globalization;
using GanCourse.Training;

namespace GanCourse.Notebook;

/// <summary>
/// Progress of a long training run as one console line per reported epoch, with the time left.
/// Plain lines work everywhere: Polyglot Notebooks shows them live, the headless runner records them
/// as stream output, a terminal prints them.
/// </summary>
/// <example><code>
/// var progress = new EpochProgress(totalEpochs: 100, every: 5);
/// // hand progress.Report to the trainer as its per-epoch callback
/// </code></example>
public sealed class EpochProgress
{
    readonly int totalEpochs;
    readonly int every;
    readonly TextWriter? output;
    double secondsSoFar;
    int epochsSoFar;

    /// <param name="totalEpochs">Epochs the run will train (for "epoch 3/100" and the time left).</param>
    /// <param name="every">Print every this many epochs; the first and the last epoch are always printed.</param>
    /// <param name="output">Where to write; the current <see cref="Console.Out"/> at each line when null.</param>
    public EpochProgress(int totalEpochs, int every = 1, TextWriter? output = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        this.totalEpochs = totalEpochs;
        this.every = every;
        this.output = output;
    }

    /// <summary>Records one finished epoch and prints its line when due. Returns the line, or null when none was printed.</summary>
    public string? Report(EpochStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        secondsSoFar += stats.Seconds;
        epochsSoFar++;
        if (stats.Epoch != 1 && stats.Epoch % every != 0 && stats.Epoch < totalEpochs) return null;

        var remaining = Math.Max(0, totalEpochs - stats.Epoch);
        var eta = remaining == 0 ? "done" : "about " + Duration(secondsSoFar / epochsSoFar * remaining) + " left";
        var line = string.Format(CultureInfo.InvariantCulture,
            "epoch {0," + totalEpochs.ToString(CultureInfo.InvariantCulture).Length + "}/{1}  G loss {2:F4}  D loss {3:F4}  D(x) {4:F3}  D(G(z)) {5:F3}  {6}  ({7})",
            stats.Epoch, totalEpochs, stats.GeneratorLoss, stats.DiscriminatorLoss, stats.RealScore, stats.FakeScore,
            Duration(stats.Seconds), eta);
        var writer = output ?? Console.Out;
        writer.WriteLine(line);
        writer.Flush();
        return line;
    }

    /// <summary>"0.8 s", "42 s", "3 min 05 s", "1 h 02 min".</summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) return "?";
        if (seconds < 10) return seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        if (t.TotalMinutes < 1) return $"{t.Seconds} s";
        if (t.TotalHours < 1) return $"{t.Minutes} min {t.Seconds:00} s";
        return $"{(int)t.TotalHours} h {t.Minutes:00} min";
    }
}
