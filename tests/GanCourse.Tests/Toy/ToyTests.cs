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

    [Fact]
    public void Bad_settings_are_rejected_with_clear_messages()
    {
        Assert.Contains("Steps", Assert.Throws<ArgumentOutOfRangeException>(() => ToyGan1D.Train(new ToyGanOptions { Steps = 0 })).Message);
        Assert.Contains("RealStd", Assert.Throws<ArgumentOutOfRangeException>(() => ToyGan1D.Train(new ToyGanOptions { RealStd = -1 })).Message);
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
