using GanCourse.Notebook;
using GanCourse.Training;
using Microsoft.DotNet.Interactive.Formatting;

namespace GanCourse.Tests.Notebook;

[Collection(NotebookStateCollection.Name)]
public class EpochProgressTests
{
    static EpochStats Epoch(int epoch, double seconds = 2.0) => new(epoch, 0.81234, 1.30456, 0.53, 0.47, seconds);

    [Fact]
    public void Prints_the_first_every_nth_and_last_epoch_with_the_time_left()
    {
        var output = new StringWriter();
        var progress = new EpochProgress(totalEpochs: 10, every: 4, output: output);

        var printed = Enumerable.Range(1, 10).Select(e => progress.Report(Epoch(e))).ToList();

        Assert.Equal([1, 4, 8, 10], printed.Select((line, i) => (line, epoch: i + 1)).Where(p => p.line != null).Select(p => p.epoch));
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("epoch  1/10  G loss 0.8123  D loss 1.3046  D(x) 0.530  D(G(z)) 0.470  2.0 s  (about 18 s left)", lines[0]);
        Assert.EndsWith("(about 4.0 s left)", lines[2]);
        Assert.EndsWith("(done)", lines[3]);
    }

    [Fact]
    public void Time_left_uses_the_mean_of_all_epochs_so_far()
    {
        var progress = new EpochProgress(totalEpochs: 4, output: TextWriter.Null);
        progress.Report(Epoch(1, seconds: 10));
        Assert.EndsWith("(about 40 s left)", progress.Report(Epoch(2, seconds: 30)));
    }

    [Fact]
    public void Writes_to_the_console_of_the_moment_when_no_writer_is_given()
    {
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            new EpochProgress(totalEpochs: 1).Report(Epoch(1));
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.StartsWith("epoch 1/1  G loss", captured.ToString());
    }

    [Fact]
    public void Steps_can_be_counted_in_blocks_with_their_own_measures()
    {
        var output = new StringWriter();
        var progress = new EpochProgress(totalEpochs: 2000, every: 1000, output: output, unit: "step");

        // Reports after steps 100, 500, 1000, 1500 and 2000, each with the time of the steps since the last.
        var lines = new (int Step, double Seconds, int Units)[] { (100, 10.0, 100), (500, 40.0, 400), (1000, 50.0, 500), (1500, 50.0, 500), (2000, 50.0, 500) }
            .Select(r => progress.Report(r.Step, r.Seconds, $"modes covered: {r.Step / 250}/8", r.Units))
            .ToList();

        Assert.Equal("step  100/2000  modes covered: 0/8  10 s  (about 3 min 10 s left)", lines[0]);   // 10 s per 100 steps
        Assert.Null(lines[1]);                                                                     // printed: the first, every 1,000th and the last
        Assert.Equal(3, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith("(about 1 min 40 s left)", lines[2]);                                      // 100 s for 1,000 steps
        Assert.EndsWith("(done)", lines[4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => progress.Report(2000, 1, "x", units: 0));
        Assert.Throws<ArgumentException>(() => new EpochProgress(10, unit: " "));
    }

    [Fact]
    public void A_wgan_epoch_reports_the_critic_estimate_and_the_gradient_norm()
    {
        var progress = new EpochProgress(totalEpochs: 40, output: TextWriter.Null);
        var line = progress.Report(new AdversarialEpoch(1, 40, 23, 11.1774, -10.5, -6.659, 0.03, 1.404, 1.4));
        Assert.Equal("epoch  1/40  W1 estimate 11.177  ‖∇f(x̂)‖ 1.40  G loss -6.659  1.4 s  (about 55 s left)", line);
        var vanilla = new AdversarialEpoch(2, 40, 23, 0.5, 1.2, 0.9, null, null, 1.0);
        Assert.Equal("W1 estimate 0.500  G loss 0.900", vanilla.Measures);
        Assert.Throws<ArgumentNullException>(() => progress.Report((AdversarialEpoch)null!));
    }

    [Theory]
    [InlineData(0.84, "0.8 s")]
    [InlineData(42.4, "42 s")]
    [InlineData(185, "3 min 05 s")]
    [InlineData(3720, "1 h 02 min")]
    [InlineData(double.NaN, "?")]
    public void Durations_read_naturally(double seconds, string expected) => Assert.Equal(expected, EpochProgress.Duration(seconds));

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EpochProgress(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EpochProgress(5, every: 0));
        Assert.Throws<ArgumentNullException>(() => new EpochProgress(5).Report((EpochStats)null!));
    }

    [Fact]
    public void In_a_notebook_one_line_is_shown_and_every_epoch_updates_it_in_place()
    {
        var updates = new List<string>();
        DisplayedValue? shown = null;
        ProgressLine? first = null;
        using var subscription = Formatter.SubscribeToDisplayedValues(v => updates.Add(v.Value.ToString()!));
        var progress = new EpochProgress(4, every: 2, output: null, show: line =>
        {
            first = line;
            shown = new DisplayedValue(line, FormattedValue.CreateManyFromObject(line, "text/plain"));
            return shown;
        });

        var lines = Enumerable.Range(1, 4).Select(e => progress.Report(Epoch(e))).ToList();

        Assert.All(lines, Assert.NotNull);
        Assert.Equal((1, 4), (first!.Done, first.Total));
        Assert.StartsWith("epoch 1/4", first.Text);
        Assert.Equal(3, updates.Count);
        Assert.EndsWith("(done)", updates[^1]);
        Assert.Equal(new ProgressLine(4, 4, lines[^1]!), shown!.Value);
    }

    [Fact]
    public void Where_nothing_can_be_shown_in_place_it_prints_lines()
    {
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            var progress = new EpochProgress(3, every: 1, output: null, show: _ => null);
            for (int e = 1; e <= 3; e++) progress.Report(Epoch(e));
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.Equal(3, captured.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
