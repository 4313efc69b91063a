using System.Globalization;
using GanCourse.Training;
using Microsoft.DotNet.Interactive.Formatting;

namespace GanCourse.Notebook;

/// <summary>
/// Progress of a long training run, with the time left. In a notebook (the .NET Interactive kernel) it is
/// one line with a bar that every report updates in place, as tqdm does in Jupyter; the executed notebook
/// keeps the final line. Elsewhere (a terminal, tests, or with an explicit writer) it prints one line per
/// reported epoch (or step).
/// </summary>
/// <example><code>
/// var progress = new EpochProgress(totalEpochs: 100, every: 5);
/// // hand progress.Report to the trainer as its per-epoch callback
/// </code></example>
public sealed class EpochProgress
{
    readonly int totalEpochs;
    readonly int every;
    readonly string unit;
    readonly TextWriter? output;
    readonly Func<ProgressLine, DisplayedValue?> show;
    DisplayedValue? shown;
    bool triedToShow;
    double secondsSoFar;
    int unitsSoFar;

    /// <param name="totalEpochs">Epochs (or steps) the run will train (for "epoch 3/100" and the time left).</param>
    /// <param name="every">When printing lines: every this many epochs; the first and the last report are always printed.</param>
    /// <param name="output">Where to write lines; when null, the notebook's in-place display, else the current <see cref="Console.Out"/> at each line.</param>
    /// <param name="unit">What is counted, as the line's first word: "epoch", or "step" for runs measured in generator steps.</param>
    public EpochProgress(int totalEpochs, int every = 1, TextWriter? output = null, string unit = "epoch")
        : this(totalEpochs, every, output, line => KernelDisplay.Show(line, NotebookDisplay.Html, NotebookDisplay.PlainText), unit)
    {
    }

    /// <param name="totalEpochs">Epochs the run will train.</param>
    /// <param name="every">Print every this many epochs.</param>
    /// <param name="output">Where to write lines; null to show them in place where possible.</param>
    /// <param name="show">Shows the first line in place and returns its handle, or null where nothing can be shown in place.</param>
    /// <param name="unit">What is counted.</param>
    internal EpochProgress(int totalEpochs, int every, TextWriter? output, Func<ProgressLine, DisplayedValue?> show, string unit = "epoch")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalEpochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        this.totalEpochs = totalEpochs;
        this.every = every;
        this.unit = unit;
        this.output = output;
        this.show = show;
    }

    /// <summary>Records one finished epoch and shows or prints its line when due. Returns the line, or null when none was due.</summary>
    public string? Report(EpochStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return Report(stats.Epoch, stats.Seconds, string.Format(CultureInfo.InvariantCulture,
            "G loss {0:F4}  D loss {1:F4}  D(x) {2:F3}  D(G(z)) {3:F3}",
            stats.GeneratorLoss, stats.DiscriminatorLoss, stats.RealScore, stats.FakeScore));
    }

    /// <summary>Records one finished epoch of an <see cref="AdversarialTrainer"/> (a WGAN's critic estimate and losses).</summary>
    public string? Report(AdversarialEpoch epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        return Report(epoch.Epoch, epoch.Seconds, epoch.Measures);
    }

    /// <summary>
    /// Records progress up to epoch (or step) <paramref name="done"/>, described by <paramref name="measures"/>
    /// (e.g. "W1 estimate 2.418  G loss 0.310"), after <paramref name="units"/> more epochs or steps that took
    /// <paramref name="seconds"/>. Shows or prints the line when due and returns it, or null when none was due.
    /// </summary>
    public string? Report(int done, double seconds, string measures, int units = 1)
    {
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        bool first = unitsSoFar == 0;
        secondsSoFar += seconds;
        unitsSoFar += units;
        var remaining = Math.Max(0, totalEpochs - done);
        var eta = remaining == 0 ? "done" : "about " + Duration(secondsSoFar / unitsSoFar * remaining) + " left";
        var line = string.Format(CultureInfo.InvariantCulture,
            "{0} {1," + totalEpochs.ToString(CultureInfo.InvariantCulture).Length + "}/{2}  {3}  {4}  ({5})",
            unit, done, totalEpochs, measures, Duration(seconds), eta);

        // In place, every report replaces the line; the first report finds out whether that is possible.
        if (output == null)
        {
            var progressLine = new ProgressLine(Math.Min(done, totalEpochs), totalEpochs, line);
            if (!triedToShow)
            {
                triedToShow = true;
                shown = show(progressLine);
                if (shown != null) return line;
            }
            else if (shown != null)
            {
                shown.Update(progressLine);
                return line;
            }
        }

        // Printed, only the first, every n-th and the last report.
        if (!first && done % every != 0 && done < totalEpochs) return null;
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
