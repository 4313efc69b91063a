using GanCourse.Notebook;
using GanCourse.Training;
using Microsoft.DotNet.Interactive.Formatting;

namespace GanCourse.Tests.Notebook;

[Collection(NotebookStateCollection.Name)]
public class ProgressDisplayTests
{
    static readonly Dictionary<string, double> Measures = new() { ["G loss"] = 0.81234, ["D loss"] = 1.30456, ["D(x)"] = 0.53 };

    /// <summary>The report at the end of <paramref name="epoch"/> of <paramref name="epochs"/>, each epoch 2 s.</summary>
    static TrainingReport EndOf(int epoch, int epochs = 10, double seconds = 2.0) =>
        new(epoch, epochs, 156, 156, Measures, seconds, TimeSpan.FromSeconds((epochs - epoch) * seconds), new EpochRecord(epoch, 156, seconds, Measures));

    static ProgressDisplay InPlace(Func<ProgressLine, DisplayedValue?> show, TimeSpan? minimumInterval = null) =>
        new(output: null, every: 0, show, minimumInterval ?? TimeSpan.Zero);

    [Fact]
    public void Prints_the_first_every_nth_and_last_epoch_with_the_time_left()
    {
        var output = new StringWriter();
        var progress = new ProgressDisplay(output, every: 4);

        var printed = Enumerable.Range(1, 10).Select(e => progress.Report(EndOf(e))).ToList();

        Assert.Equal([1, 4, 8, 10], printed.Select((line, i) => (line, epoch: i + 1)).Where(p => p.line != null).Select(p => p.epoch));
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("epoch  1/10  G loss 0.8123  D loss 1.3046  D(x) 0.5300  2.0 s  (about 18 s left)", lines[0]);
        Assert.EndsWith("(about 4.0 s left)", lines[2]);
        Assert.EndsWith("(done)", lines[3]);
    }

    [Fact]
    public void Without_a_count_it_prints_about_ten_lines_and_never_a_report_within_an_epoch()
    {
        var output = new StringWriter();
        var progress = new ProgressDisplay(output);
        var within = new TrainingReport(3, 100, 40, 156, Measures, 0.5, TimeSpan.FromMinutes(1), null);
        Assert.Null(progress.Report(within));
        var printed = Enumerable.Range(1, 100).Count(e => progress.Report(EndOf(e, epochs: 100)) != null);
        Assert.Equal(11, printed);   // 1, 10, 20, …, 100
        Assert.Equal("epoch   3/100  step 40/156  G loss 0.8123  D loss 1.3046  D(x) 0.5300  0.5 s  (about 1 min 00 s left)", ProgressDisplay.Line(within));
    }

    [Fact]
    public void Writes_to_the_console_of_the_moment_when_nothing_can_be_shown_in_place()
    {
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            var progress = InPlace(_ => null);
            for (int e = 1; e <= 3; e++) progress.Report(EndOf(e, epochs: 3));
        }
        finally
        {
            Console.SetOut(original);
        }
        var lines = captured.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("epoch 1/3  G loss", lines[0]);
    }

    [Fact]
    public void In_a_notebook_one_line_is_shown_and_every_report_updates_it_in_place()
    {
        var updates = new List<string>();
        DisplayedValue? shown = null;
        ProgressLine? first = null;
        using var subscription = Formatter.SubscribeToDisplayedValues(v => updates.Add(v.Value.ToString()!));
        var progress = InPlace(line =>
        {
            first = line;
            shown = new DisplayedValue(line, FormattedValue.CreateManyFromObject(line, "text/plain"));
            return shown;
        });

        var lines = Enumerable.Range(1, 4).Select(e => progress.Report(EndOf(e, epochs: 4))).ToList();

        Assert.All(lines, Assert.NotNull);
        Assert.Equal(0.25, first!.Fraction);
        Assert.StartsWith("epoch 1/4", first.Text);
        Assert.Equal(3, updates.Count);
        Assert.EndsWith("(done)", updates[^1]);
        Assert.Equal(new ProgressLine(1.0, lines[^1]!), shown!.Value);
        Assert.Contains("<progress value=\"1000\" max=\"1000\"", ((ProgressLine)shown.Value).ToHtml());
    }

    [Fact]
    public void In_place_updates_closer_together_than_the_interval_are_skipped_but_the_last_is_shown()
    {
        var updates = new List<string>();
        using var subscription = Formatter.SubscribeToDisplayedValues(v => updates.Add(v.Value.ToString()!));
        var progress = InPlace(line => new DisplayedValue(line, FormattedValue.CreateManyFromObject(line, "text/plain")), TimeSpan.FromHours(1));

        var lines = Enumerable.Range(1, 50).Select(e => progress.Report(EndOf(e, epochs: 50))).ToList();

        Assert.NotNull(lines[0]);                      // shown
        Assert.All(lines.Skip(1).SkipLast(1), Assert.Null);
        Assert.EndsWith("(done)", Assert.Single(updates));
    }

    [Theory]
    [InlineData(0.84, "0.8 s")]
    [InlineData(42.4, "42 s")]
    [InlineData(185, "3 min 05 s")]
    [InlineData(3720, "1 h 02 min")]
    [InlineData(double.NaN, "?")]
    public void Durations_read_naturally(double seconds, string expected) => Assert.Equal(expected, ProgressDisplay.Duration(seconds));

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgressDisplay(every: -1));
        Assert.Throws<ArgumentNullException>(() => new ProgressDisplay().Report(null!));
    }
}
