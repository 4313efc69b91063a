using System.Globalization;
using GanCourse.Training;
using Microsoft.DotNet.Interactive.Formatting;

namespace GanCourse.Notebook;

/// <summary>
/// Shows a training run's progress with the time left. In a notebook (the .NET Interactive kernel) it is one
/// line with a bar that every report updates in place, as tqdm does in Jupyter; the executed notebook keeps
/// the final line. Elsewhere (a terminal, tests, or with an explicit writer) it prints a line for the first
/// epoch, every <c>every</c>-th and the last. <c>Course.Setup</c> makes it the display of every
/// <see cref="TrainingLoop"/> (<see cref="TrainingLoop.DefaultProgress"/>).
/// </summary>
public sealed class ProgressDisplay : ITrainingProgress
{
    readonly TextWriter? output;
    readonly int every;
    readonly Func<ProgressLine, DisplayedValue?> show;
    readonly TimeSpan minimumInterval;
    readonly System.Diagnostics.Stopwatch sinceUpdate = new();
    DisplayedValue? shown;
    bool triedToShow;

    /// <param name="output">Where to print lines; null shows one line in place in a notebook and prints to the console elsewhere.</param>
    /// <param name="every">When printing lines: every this many epochs (the first and last always); 0 picks about ten lines per run.</param>
    public ProgressDisplay(TextWriter? output = null, int every = 0)
        : this(output, every, line => KernelDisplay.Show(line, NotebookDisplay.Html, NotebookDisplay.PlainText), TimeSpan.FromSeconds(0.25))
    {
    }

    /// <param name="output">Where to print lines, or null.</param>
    /// <param name="every">Print every this many epochs.</param>
    /// <param name="show">Shows the first line in place and returns its handle, or null where nothing can be shown in place.</param>
    /// <param name="minimumInterval">In place, updates closer together than this are skipped (the run's last is always shown): a run of many short epochs would otherwise flood the notebook's front end.</param>
    internal ProgressDisplay(TextWriter? output, int every, Func<ProgressLine, DisplayedValue?> show, TimeSpan minimumInterval)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(every);
        this.output = output;
        this.every = every;
        this.show = show;
        this.minimumInterval = minimumInterval;
    }

    /// <summary>Shows <paramref name="report"/> in place, or prints it when its epoch is due; returns the line, or null when nothing was shown.</summary>
    public string? Report(TrainingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var line = Line(report);
        if (output == null)
        {
            var progress = new ProgressLine(report.Fraction, line);
            if (!triedToShow)
            {
                triedToShow = true;
                shown = show(progress);
                sinceUpdate.Restart();
                if (shown != null) return line;
            }
            else if (shown != null)
            {
                bool last = report.Completed is not null && report.Epoch == report.Epochs;
                if (!last && sinceUpdate.Elapsed < minimumInterval) return null;
                shown.Update(progress);
                sinceUpdate.Restart();
                return line;
            }
        }
        if (report.Completed is null || !Due(report.Epoch, report.Epochs)) return null;
        var writer = output ?? Console.Out;
        writer.WriteLine(line);
        writer.Flush();
        return line;
    }

    void ITrainingProgress.Report(TrainingReport report) => Report(report);

    bool Due(int epoch, int epochs)
    {
        int step = every > 0 ? every : Math.Max(1, epochs / 10);
        return epoch == 1 || epoch == epochs || epoch % step == 0;
    }

    /// <summary>"epoch  3/100  G loss 0.8123  D loss 1.3046  9.8 s  (about 14 min 42 s left)"; within an epoch also "step 400/937".</summary>
    public static string Line(TrainingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var width = report.Epochs.ToString(CultureInfo.InvariantCulture).Length;
        var text = new System.Text.StringBuilder(string.Format(CultureInfo.InvariantCulture, "epoch {0," + width + "}/{1}", report.Epoch, report.Epochs));
        if (report.Completed is null)
            text.Append(CultureInfo.InvariantCulture, $"  step {report.Step}/{report.StepsPerEpoch}");
        foreach (var (name, value) in report.Measures)
            text.Append(CultureInfo.InvariantCulture, $"  {name} {value:F4}");
        text.Append("  ").Append(Duration(report.EpochSeconds));
        var done = report.Completed is not null && report.Epoch == report.Epochs;
        text.Append(done ? "  (done)" : report.Remaining is { } left ? $"  (about {Duration(left.TotalSeconds)} left)" : "");
        return text.ToString();
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
