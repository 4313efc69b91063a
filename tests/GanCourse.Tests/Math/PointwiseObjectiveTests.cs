using GanCourse.Theory;

namespace GanCourse.Tests.Theory;

public class PointwiseObjectiveTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(0.3, 0.1)]
    [InlineData(0.05, 0.4)]
    [InlineData(2.5, 1e-4)]
    [InlineData(1e-6, 3)]
    public void Numerical_maximiser_matches_A_over_A_plus_B(double a, double b)
    {
        var row = PointwiseObjective.Compare(a, b);
        Assert.Equal(a / (a + b), row.ClosedForm, 1e-15);
        Assert.True(System.Math.Abs(row.Difference) < 1e-6, $"A = {a}, B = {b}: numerical {row.Numerical}, closed form {row.ClosedForm}");
        Assert.Equal(row.Numerical - row.ClosedForm, row.Difference);
        var f = PointwiseObjective.F(a, b, row.ClosedForm);
        foreach (var y in new[] { 0.01, 0.2, 0.5, 0.8, 0.99 })
            Assert.True(PointwiseObjective.F(a, b, y) <= f + 1e-15);
    }

    [Fact]
    public void Objective_is_the_weighted_log_likelihood()
    {
        Assert.Equal(2 * System.Math.Log(0.25) + 3 * System.Math.Log(0.75), PointwiseObjective.F(2, 3, 0.25), 1e-15);
    }

    [Fact]
    public void Weights_and_arguments_outside_the_domain_are_rejected()
    {
        Assert.Contains("p_r", Assert.Throws<ArgumentOutOfRangeException>(() => PointwiseObjective.ArgmaxNumerical(0, 1)).Message);
        Assert.Contains("p_g", Assert.Throws<ArgumentOutOfRangeException>(() => PointwiseObjective.ArgmaxClosedForm(1, -1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PointwiseObjective.Compare(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PointwiseObjective.F(1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PointwiseObjective.F(1, 1, 1));
    }
}
