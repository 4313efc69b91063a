using GanCourse.Metrics;
using GanCourse.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

public class ModeCoverageTests
{
    static readonly GaussianRing Ring = new();

    static Tensor AtModes(params int[] modes) => Ring.CentreTensor().index_select(0, tensor(modes.Select(m => (long)m).ToArray()));

    [Fact]
    public void Real_samples_cover_every_mode_with_almost_all_samples_near_one()
    {
        using var generator = new torch.Generator(1);
        var coverage = ModeCoverage.Measure(Ring.Sample(2000, generator), Ring.CentreTensor(), Ring.Sigma);

        Assert.Equal(8, coverage.Covered);
        Assert.Equal(20, coverage.MinimumCount);            // 1 % of the samples
        // In 2-D, P(‖x − c‖ ≤ 3σ) = 1 − e^(−9/2) ≈ 0.989.
        Assert.InRange(coverage.NearShare, 0.98, 0.995);
        Assert.All(coverage.Counts, c => Assert.InRange(c, 200, 300));
        Assert.StartsWith("modes covered: 8/8; ", coverage.ToString());
        Assert.Matches(@"; 9\d\.\d% of 2,000 samples within 3σ of a mode$", coverage.ToString());
    }

    [Fact]
    public void A_collapsed_generator_covers_only_the_modes_it_visits()
    {
        // 90 samples on mode 2, 10 on mode 5, 100 between modes 0 and 1.
        var between = (Ring.CentreTensor()[0] + Ring.CentreTensor()[1]).div(2).expand(100, 2);
        var samples = cat([AtModes(Enumerable.Repeat(2, 90).ToArray()), AtModes(Enumerable.Repeat(5, 10).ToArray()), between]);

        var coverage = ModeCoverage.Measure(samples, Ring.CentreTensor(), Ring.Sigma);

        Assert.Equal(2, coverage.MinimumCount);
        Assert.Equal([0, 0, 90, 0, 0, 10, 0, 0], coverage.Counts);
        Assert.Equal(2, coverage.Covered);
        Assert.Equal(0.5, coverage.NearShare, 12);
        Assert.Equal(1, ModeCoverage.Measure(samples, Ring.CentreTensor(), Ring.Sigma, minimumCount: 11).Covered);
    }

    [Fact]
    public void Near_means_within_three_sigma_of_the_centre()
    {
        var centre = tensor(new[] { 0f, 0f }).reshape(1, 2);
        var samples = tensor(new[] { 0.059f, 0f, 0f, -0.0599f, 0.061f, 0f, 0.05f, 0.05f }).reshape(4, 2);

        var coverage = ModeCoverage.Measure(samples, centre, sigma: 0.02, minimumCount: 1);

        Assert.Equal([2], coverage.Counts);                 // 0.059 and 0.0599 in; 0.061 and 0.0707 out
        Assert.Equal(3, ModeCoverage.Measure(samples, centre, sigma: 0.02, radiusInSigmas: 3.1, minimumCount: 1).Counts[0]);
    }

    [Fact]
    public void Bad_input_is_refused_with_clear_messages()
    {
        var centres = Ring.CentreTensor();
        Assert.Contains("share d", Assert.Throws<ArgumentException>(() => ModeCoverage.Measure(zeros(5, 3), centres, 0.02)).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => ModeCoverage.Measure(full(5, 2, float.NaN), centres, 0.02)).Message);
        Assert.Throws<ArgumentException>(() => ModeCoverage.Measure(zeros(0, 2), centres, 0.02));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModeCoverage.Measure(zeros(5, 2), centres, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModeCoverage.Measure(zeros(5, 2), centres, 0.02, radiusInSigmas: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModeCoverage.Measure(zeros(5, 2), centres, 0.02, minimumCount: 0));
    }
}
