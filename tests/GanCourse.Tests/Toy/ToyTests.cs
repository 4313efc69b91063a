using GanCourse.Toy;
using MathNet.Numerics.Distributions;

namespace GanCourse.Tests.Toy;

public class ToyTests
{
    [Fact]
    public void The_one_dimensional_gan_moves_the_generator_towards_the_real_distribution()
    {
        var options = new ToyGanOptions { Steps = 1500, SnapshotEvery = 500, Seed = 3 };
        var result = ToyGan1D.Train(options);

        Assert.Equal([0, 500, 1000, 1500], result.Snapshots.Select(s => s.Step));
        Assert.Equal(1500, result.Updates.Count);
        Assert.All(result.Snapshots, s => Assert.Equal(result.Grid.Length, s.GeneratorDensity.Length));
        var first = result.Snapshots[0];
        var last = result.Snapshots[^1];
        Assert.True(Math.Abs(last.GeneratorMean - options.RealMean) < 0.3, $"mean {last.GeneratorMean}");
        Assert.True(Math.Abs(last.GeneratorMean - options.RealMean) < Math.Abs(first.GeneratorMean - options.RealMean) / 3);
        // The density estimate integrates to about one over the grid.
        double dx = result.Grid[1] - result.Grid[0];
        Assert.InRange(last.GeneratorDensity.Sum() * dx, 0.9, 1.05);
        Assert.InRange(result.RealDensity.Sum() * dx, 0.99, 1.01);
    }

    [Fact]
    public void The_same_seed_gives_the_same_game()
    {
        var options = new ToyGanOptions { Steps = 50, SnapshotEvery = 25, Seed = 11 };
        var a = ToyGan1D.Train(options);
        var b = ToyGan1D.Train(options);
        Assert.Equal(a.Updates, b.Updates);
    }

    [Fact]
    public void A_trained_discriminator_approaches_the_optimal_one()
    {
        var grid = ToyNetworks.Grid(-1, 3, 41);
        var fit = DiscriminatorFit1D.Train((n, r) => Sample(0, n, r), (n, r) => Sample(2, n, r), grid,
            new DiscriminatorFitOptions { Steps = 1500, Seed = 5 });
        var optimal = grid.Select(x => Normal.PDF(0, 1, x) / (Normal.PDF(0, 1, x) + Normal.PDF(2, 1, x))).ToArray();
        var gap = grid.Select((_, i) => Math.Abs(fit.Learned[i] - optimal[i])).Max();
        Assert.True(gap < 0.08, $"largest gap {gap}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_two_time_scale_remedy_ends_near_the_target_and_stays_there(int seed)
    {
        // Notebook 01's schedule (4,000 updates); only the measurements are made smaller.
        var options = ToyGanOptions.TwoTimeScales with { Steps = 4000, Seed = seed, SnapshotEvery = 250, EvaluationSamples = 2048, GridPoints = 11 };
        var result = ToyGan1D.Train(options);

        Assert.Equal(4000, result.Final.Step);
        Assert.InRange(result.Final.GeneratorMean, 2.9, 3.1);
        Assert.InRange(result.Final.GeneratorStd, 0.5, 0.7);
        var (min, max) = result.StdRange(3000);   // every snapshot of the last 1,000 updates
        Assert.True(min > 0.5 && max < 0.7, $"seed {seed}: std of G(z) between {min:F3} and {max:F3} over the last 1,000 updates");
        Assert.StartsWith("After 4000 alternating updates: generator mean ", result.Summary());
        Assert.EndsWith($"std {result.Final.GeneratorStd:F3} (target 0.6)", result.Summary());
    }

    [Fact]
    public void Snapshots_do_not_change_the_game_and_more_discriminator_steps_do()
    {
        var options = new ToyGanOptions { Steps = 60, SnapshotEvery = 30, Seed = 4 };
        var rare = ToyGan1D.Train(options with { SnapshotEvery = 60 });
        var often = ToyGan1D.Train(options with { SnapshotEvery = 5 });
        var threeSteps = ToyGan1D.Train(options with { DiscriminatorSteps = 3 });

        Assert.Equal(rare.Updates, often.Updates);
        Assert.Equal(13, often.Snapshots.Count);
        Assert.NotEqual(rare.Updates, threeSteps.Updates);
        Assert.Equal([0, 5, 10], often.SnapshotsEvery(5).Take(3).Select(s => s.Step));
        Assert.Equal([0, 60], often.SnapshotsEvery(60).Select(s => s.Step));
        Assert.Contains("no snapshot at or after step 61", Assert.Throws<ArgumentOutOfRangeException>(() => often.StdRange(61)).Message);
    }

    [Fact]
    public void Bad_settings_are_rejected_with_clear_messages()
    {
        Assert.Contains("Steps", Assert.Throws<ArgumentOutOfRangeException>(() => ToyGan1D.Train(new ToyGanOptions { Steps = 0 })).Message);
        Assert.Contains("RealStd", Assert.Throws<ArgumentOutOfRangeException>(() => ToyGan1D.Train(new ToyGanOptions { RealStd = -1 })).Message);
        Assert.Contains("GeneratorLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => ToyGan1D.Train(new ToyGanOptions { GeneratorLearningRate = double.NaN })).Message);
        Assert.Contains("DiscriminatorLearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => ToyGan1D.Train(new ToyGanOptions { DiscriminatorLearningRate = 0 })).Message);
        Assert.Contains("(0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => ToyGan1D.Train(new ToyGanOptions { GeneratorFinalLearningRateFraction = 0 })).Message);
        Assert.Contains("(0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => ToyGan1D.Train(new ToyGanOptions { GeneratorFinalLearningRateFraction = 1.5 })).Message);
        Assert.Contains("DiscriminatorSteps", Assert.Throws<ArgumentOutOfRangeException>(() => ToyGan1D.Train(new ToyGanOptions { DiscriminatorSteps = 0 })).Message);
        Assert.Throws<ArgumentException>(() => ToyNetworks.Grid(1, 1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => ToyNetworks.Grid(0, 1, 1));
    }

    static double[] Sample(double mean, int n, Random random) => Enumerable.Range(0, n).Select(_ => Normal.Sample(random, mean, 1)).ToArray();
}

public class DiscriminatorGapTests
{
    [Fact]
    public void The_gap_is_measured_only_where_the_data_are()
    {
        double[] grid = [0, 1, 2, 3, 4];
        double[] learned = [0.9, 0.5, 0.6, 0.5, 0.0];
        double[] reference = [0.5, 0.5, 0.5, 0.5, 0.5];
        double[] mass = [0.001, 1, 2, 1, 0.001];
        var gap = DiscriminatorGap.Measure(grid, learned, reference, mass);
        Assert.Equal(0.1, gap.Largest, 12);
        Assert.Equal(2, gap.At);
        Assert.Equal((1.0, 3.0), (gap.From, gap.To));
        Assert.Contains("0.100 at x = 2.00", gap.ToString());
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => DiscriminatorGap.Measure([0, 1], [0.5], [0.5, 0.5], [1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscriminatorGap.Measure([0, 1], [0.5, 0.5], [0.5, 0.5], [1, 1], massFraction: 1));
    }
}
