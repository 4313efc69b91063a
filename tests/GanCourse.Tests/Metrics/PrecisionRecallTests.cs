using GanCourse.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

public class PrecisionRecallTests
{
    static Tensor Normal(int n, int d, ulong seed, double shift = 0, double scale = 1) =>
        randn(n, d, dtype: ScalarType.Float64, generator: new torch.Generator(seed)) * scale + shift;

    static double[][] Rows(Tensor t) =>
        [.. Enumerable.Range(0, (int)t.shape[0]).Select(i => t[i].to_type(ScalarType.Float64).data<double>().ToArray())];

    /// <summary>The paper's definition with loops: radii from sorted distances, then "inside any ball".</summary>
    static double ShareInside(double[][] points, double[][] centres, int k)
    {
        static double Distance(double[] a, double[] b) => System.Math.Sqrt(a.Zip(b, (p, q) => (p - q) * (p - q)).Sum());
        var radii = centres.Select((c, i) => centres.Where((_, j) => j != i).Select(o => Distance(c, o)).Order().ElementAt(k - 1)).ToArray();
        return points.Count(p => centres.Where((c, i) => Distance(p, c) <= radii[i]).Any()) / (double)points.Length;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void It_equals_the_definition_written_out_with_loops(int k)
    {
        var real = Normal(40, 3, 1);
        var generated = Normal(30, 3, 2, shift: 1.5, scale: 0.7);

        var score = PrecisionRecall.Score(real, generated, k);

        Assert.Equal(ShareInside(Rows(generated), Rows(real), k), score.Precision);
        Assert.Equal(ShareInside(Rows(real), Rows(generated), k), score.Recall);
        Assert.Equal((k, 40, 30), (score.Neighbours, score.RealCount, score.GeneratedCount));
        Assert.True(score.Precision is > 0 and < 1 && score.Recall is > 0 and < 1, $"{score}");   // neither trivially 0 nor 1
    }

    [Fact]
    public void Two_samples_of_one_distribution_score_close_to_one_and_one_in_few_dimensions_and_lower_in_many()
    {
        var score = PrecisionRecall.Score(Normal(1000, 4, 3), Normal(1000, 4, 4));
        Assert.InRange(score.Precision, 0.93, 1);
        Assert.InRange(score.Recall, 0.93, 1);

        // In 64 isotropic dimensions the k-NN balls miss much of the other sample: why scores need a real-vs-real baseline.
        var wide = PrecisionRecall.Score(Normal(1000, 64, 3), Normal(1000, 64, 4));
        Assert.InRange(wide.Precision, 0.5, 0.8);
        Assert.InRange(wide.Recall, 0.5, 0.8);
    }

    [Fact]
    public void Disjoint_sets_score_zero_and_zero_and_a_collapsed_generator_keeps_precision_but_loses_recall()
    {
        var real = Normal(500, 4, 5);
        var far = PrecisionRecall.Score(real, Normal(500, 4, 6, shift: 100));
        Assert.Equal((0.0, 0.0), (far.Precision, far.Recall));

        // 500 samples on top of five real ones: every one looks real, but they cover almost nothing.
        var collapsed = real.narrow(0, 0, 5).repeat(100, 1) + Normal(500, 4, 7, scale: 1e-3);
        var score = PrecisionRecall.Score(real, collapsed);
        Assert.Equal(1.0, score.Precision);
        Assert.InRange(score.Recall, 0, 0.05);
    }

    [Fact]
    public void Larger_balls_never_lower_either_score()
    {
        var real = Normal(200, 5, 8);
        var generated = Normal(150, 5, 9, shift: 0.5);
        var scores = Enumerable.Range(1, 6).Select(k => PrecisionRecall.Score(real, generated, k)).ToArray();

        for (int i = 1; i < scores.Length; i++)
        {
            Assert.True(scores[i].Precision >= scores[i - 1].Precision);
            Assert.True(scores[i].Recall >= scores[i - 1].Recall);
        }
        Assert.True(scores[^1].Recall > scores[0].Recall);
    }

    [Fact]
    public void Sets_too_small_for_k_neighbours_and_other_bad_input_are_refused()
    {
        var x = Normal(10, 3, 10);
        string Message(Action a) => Assert.Throws<ArgumentException>(a).Message;

        Assert.Contains("generated has 3 sample(s); a ball reaching the k-th nearest other sample (k = 3) needs at least 4", Message(() => PrecisionRecall.Score(x, x.narrow(0, 0, 3))));
        Assert.Contains("real has 1 sample(s); a ball reaching the k-th nearest other sample (k = 1) needs at least 2", Message(() => PrecisionRecall.Score(x.narrow(0, 0, 1), x, 1)));
        Assert.Contains("real has 3 features per sample but generated has 2", Message(() => PrecisionRecall.Score(x, x.narrow(1, 0, 2))));
        var withNaN = x.clone();
        withNaN[2, 1] = tensor(double.NaN);
        Assert.Contains("generated contains NaN", Message(() => PrecisionRecall.Score(x, withNaN)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PrecisionRecall.Score(x, x, 0));
    }
}
