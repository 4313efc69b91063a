using GanCourse.Notebook;
using GanCourse.Objectives;
using GanCourse.Toy;
using GanCourse.Training;

namespace GanCourse.Tests.Toy;

public class RingGanTests
{
    static readonly RingGanOptions Tiny = new()
    {
        Steps = 12, SnapshotSteps = [4, 8, 99], Samples = 300, HiddenLayers = 1, HiddenUnits = 16,
        Training = new AdversarialOptions { NoiseSize = 2, BatchSize = 32, CriticSteps = 2, LearningRate = 1e-3 },
    };

    [Fact]
    public void A_run_keeps_scored_samples_at_the_snapshot_steps_and_the_end_and_reports_each()
    {
        var output = new StringWriter();
        var progress = new EpochProgress(Tiny.Steps, output: output, unit: "step");

        var run = RingGan.Train(new GaussianRing(), AdversarialLoss.WassersteinGradientPenalty(0.1), Tiny, progress);

        Assert.Equal([4, 8, 12], run.Snapshots.Select(s => s.Step));         // 99 lies beyond the run; the last step is added
        Assert.All(run.Snapshots, s =>
        {
            Assert.Equal(300, s.X.Length);
            Assert.Equal(300, s.Y.Length);
            Assert.Equal(8, s.Coverage.Modes);
            Assert.Equal(300, s.Coverage.Samples);
        });
        Assert.Equal("WGAN-GP (λ = 0.1)", run.Loss);
        Assert.Same(run.Snapshots[^1].Coverage, run.Final);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("step  4/12  modes covered: ", lines[0]);
        Assert.EndsWith("(done)", lines[^1]);
    }

    [Fact]
    public void The_same_settings_give_the_same_samples()
    {
        var a = RingGan.Train(new GaussianRing(), AdversarialLoss.NonSaturating, Tiny);
        var b = RingGan.Train(new GaussianRing(), AdversarialLoss.NonSaturating, Tiny);
        Assert.Equal(a.Snapshots[^1].X, b.Snapshots[^1].X);
        Assert.Equal(a.Final.Counts, b.Final.Counts);
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        var ring = new GaussianRing();
        Assert.Throws<ArgumentNullException>(() => RingGan.Train(null!, AdversarialLoss.NonSaturating));
        Assert.Throws<ArgumentNullException>(() => RingGan.Train(ring, null!));
        Assert.Contains("Steps", Assert.Throws<ArgumentOutOfRangeException>(() => RingGan.Train(ring, AdversarialLoss.NonSaturating, Tiny with { Steps = 0 })).Message);
        Assert.Contains("Samples", Assert.Throws<ArgumentOutOfRangeException>(() => RingGan.Train(ring, AdversarialLoss.NonSaturating, Tiny with { Samples = 0 })).Message);
    }
}
