using GanCourse.Theory;

namespace GanCourse.Tests.Theory;

public class GeneratorGradientsTests
{
    [Fact]
    public void Autograd_agrees_with_the_formulas_over_a_range_of_logits()
    {
        var rows = GeneratorGradients.Over(-10, 10, 41);
        Assert.Equal(41, rows.Count);
        Assert.Equal(-10, rows[0].Logit);
        Assert.Equal(10, rows[^1].Logit);
        foreach (var row in rows)
        {
            Assert.Equal(row.MinimaxFormula, row.MinimaxAutograd, 1e-12);
            Assert.Equal(row.NonSaturatingFormula, row.NonSaturatingAutograd, 1e-12);
            Assert.Equal(-LogSpace.Sigmoid(row.Logit), row.MinimaxFormula, 1e-15);
            Assert.Equal(-(1 - LogSpace.Sigmoid(row.Logit)), row.NonSaturatingFormula, 1e-15);
            Assert.Equal(LogSpace.Sigmoid(row.Logit), row.D, 1e-15);
        }
    }

    [Fact]
    public void Minimax_slope_vanishes_where_the_discriminator_rejects_fakes_and_non_saturating_does_not()
    {
        var rejected = GeneratorGradients.At(-8)[0];
        Assert.True(System.Math.Abs(rejected.MinimaxAutograd) < 5e-4, $"minimax slope {rejected.MinimaxAutograd}");
        Assert.Equal(-1, rejected.NonSaturatingAutograd, 5e-4);
        var fooled = GeneratorGradients.At(8)[0];
        Assert.Equal(-1, fooled.MinimaxAutograd, 5e-4);
        Assert.True(System.Math.Abs(fooled.NonSaturatingAutograd) < 5e-4);
    }

    [Fact]
    public void Bad_ranges_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GeneratorGradients.Over(-1, 1, 1));
        Assert.Throws<ArgumentException>(() => GeneratorGradients.Over(1, -1));
        Assert.Throws<ArgumentException>(() => GeneratorGradients.At());
        Assert.Throws<ArgumentException>(() => GeneratorGradients.At(double.NaN));
    }
}
