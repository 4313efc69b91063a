using GanCourse.Theory;
using MathNet.Numerics.Differentiation;

namespace GanCourse.Tests.Theory;

public class LossGradientTests
{
    // The notebook states agreement to 1e-6; the rows agree far better (see the README).
    const double Tolerance = 1e-6;

    // The two-mode rows take a few seconds (pieces where an integrand cancels run the adaptive rule
    // to its maximum depth), so every test that reads them shares one computation.
    static readonly Lazy<IReadOnlyList<LossGradientRow>> NormalRows = new(() => LossGradientRow.Table(LossGradientRow.NormalCases));
    static readonly Lazy<IReadOnlyList<LossGradientRow>> TwoModeRows = new(() => LossGradientRow.Table(LossGradientRow.TwoModeCases));

    [Fact]
    public void For_normals_the_frozen_gradients_equal_the_divergence_slopes_at_every_lecture_offset()
    {
        Assert.Equal([0.5, 1, 2, 4, 8], NormalRows.Value.Select(r => r.Case.Theta));
        foreach (var row in NormalRows.Value)
        {
            Assert.True(System.Math.Abs(row.NonSaturatingGap) <= Tolerance, $"non-saturating at μ = {row.Case.Theta}: {row}");
            Assert.True(System.Math.Abs(row.MinimaxGap) <= Tolerance, $"minimax at μ = {row.Case.Theta}: {row}");
            Assert.Equal(row.NonSaturating - row.KlMinusTwoJsSlope, row.NonSaturatingGap);
        }
    }

    [Fact]
    public void For_two_modes_the_frozen_gradients_equal_the_divergence_slopes()
    {
        Assert.Equal(6, TwoModeRows.Value.Count);
        foreach (var row in TwoModeRows.Value)
        {
            Assert.True(System.Math.Abs(row.NonSaturatingGap) <= Tolerance, $"non-saturating, {row.Case.Generator} at θ₀ = {row.Case.Theta}: {row}");
            Assert.True(System.Math.Abs(row.MinimaxGap) <= Tolerance, $"minimax, {row.Case.Generator} at θ₀ = {row.Case.Theta}: {row}");
            // The identity is not a tautology: the two losses' gradients differ in every case.
            Assert.True(System.Math.Abs(row.NonSaturating - row.Minimax) > 1e-4, row.ToString());
        }
    }

    [Fact]
    public void On_one_mode_the_gradients_almost_vanish_and_a_mode_without_data_is_pushed_hard_only_by_the_non_saturating_loss()
    {
        LossGradientRow At(LocationFamily family, double theta) =>
            TwoModeRows.Value.Single(r => r.Case.Generator == family && r.Case.Theta == theta);

        var onOneMode = At(TwoModeExample.OneNormal, 2);
        Assert.InRange(onOneMode.NonSaturating, -1e-3, 1e-3);
        Assert.InRange(onOneMode.Minimax, -1e-3, 1e-3);

        var between = At(TwoModeExample.OneNormal, 0.5);
        Assert.True(between.NonSaturating < 5 * between.Minimax && between.Minimax < 0, between.ToString());

        var halfOffData = At(TwoModeExample.ShiftedCopy, 4);
        Assert.Equal(8, halfOffData.NonSaturating, 1e-3);
        Assert.InRange(halfOffData.Minimax, 0, 1e-3);
    }

    [Fact]
    public void For_normals_both_sides_add_up_to_the_closed_form_slope_of_KL()
    {
        // With s′ = −μ for p_r = N(0, 1), p_g = N(μ, 1), the two quadrature gradients are μ·E[1 − D*] and
        // μ·E[D*], which add up to μ; on the other side d/dμ KL(N(μ, 1)‖N(0, 1)) = d/dμ μ²/2 = μ.
        foreach (var row in NormalRows.Value)
        {
            var mu = row.Case.Theta;
            Assert.Equal(mu, row.NonSaturating + row.Minimax, 1e-10);
            Assert.Equal(mu, row.KlMinusTwoJsSlope + row.TwoJsSlope, 1e-8);
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public void Expected_gradients_agree_with_Monte_Carlo_through_the_lectures_closed_form_D_star(double mu)
    {
        // For p_r = N(0, 1), p_g = N(μ, 1) the lecture's D*(x) = σ(μ²/2 − μx) has the logit slope s′ = −μ,
        // so the frozen gradients −E[(1 − D*)·s′] and −E[D*·s′] are μ·E[1 − D*] and μ·E[D*]; E[D*] here
        // comes from samples x = μ + z and the closed form, not from the library's densities.
        var random = new Random(17);
        const int n = 200_000;
        var shares = Enumerable.Range(0, n).Select(_ =>
        {
            var x = mu + MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);
            return 1 / (1 + System.Math.Exp(-(mu * mu / 2 - mu * x)));
        }).ToArray();
        var stats = new MathNet.Numerics.Statistics.RunningStatistics(shares);
        var standardError = mu * stats.StandardDeviation / System.Math.Sqrt(n);
        var family = LocationFamily.Normal(1);
        var real = Density.Normal(0, 1);
        Assert.InRange(FrozenDiscriminatorGradient.NonSaturating(real, family, mu) - mu * (1 - stats.Mean), -4 * standardError, 4 * standardError);
        Assert.InRange(FrozenDiscriminatorGradient.Minimax(real, family, mu) - mu * stats.Mean, -4 * standardError, 4 * standardError);
    }

    [Fact]
    public void The_two_mode_gradient_agrees_with_Monte_Carlo_over_the_generators_noise()
    {
        // E_ε[−d/dθ log D*(θ₀ + ε)] with the slope of log D* in x by central differences of the library's
        // D*, so no log-density slope of the library enters this side.
        var real = TwoModeExample.Data;
        var family = TwoModeExample.ShiftedCopy;
        const double theta = 0.5, h = 1e-5;
        var dStar = Discriminator1D.Optimal(real, family.At(theta));
        var random = new Random(23);
        var slopes = family.Shape.Sample(100_000, random)
            .Select(e => theta + e)
            .Select(x => -(dStar.LogProbability(x + h) - dStar.LogProbability(x - h)) / (2 * h))
            .ToArray();
        var stats = new MathNet.Numerics.Statistics.RunningStatistics(slopes);
        var standardError = stats.StandardDeviation / System.Math.Sqrt(slopes.Length);
        Assert.InRange(FrozenDiscriminatorGradient.NonSaturating(real, family, theta) - stats.Mean, -4 * standardError, 4 * standardError);
        Assert.InRange(standardError, 1e-4, 0.05);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public void The_JS_slope_agrees_with_a_five_point_rule_at_another_step_and_with_the_other_quadrature(double mu)
    {
        var real = Density.Normal(0, 1);
        var family = LocationFamily.Normal(1);
        var fivePoint = new NumericalDerivative(5, 2) { StepType = StepType.Absolute, StepSize = 1e-3 };
        var independent = fivePoint.EvaluateDerivative(t => 2 * Divergence.JS(family.At(t), real, QuadratureRule.DoubleExponential), mu, 1);
        Assert.Equal(independent, DivergenceSlope.TwoJs(real, family, mu), 1e-8);
        Assert.Equal(FrozenDiscriminatorGradient.Minimax(real, family, mu), FrozenDiscriminatorGradient.Minimax(real, family, mu, QuadratureRule.DoubleExponential), 1e-10);
        Assert.Equal(FrozenDiscriminatorGradient.NonSaturating(real, family, mu), FrozenDiscriminatorGradient.NonSaturating(real, family, mu, QuadratureRule.DoubleExponential), 1e-10);
    }

    [Fact]
    public void Central_differences_are_exact_for_quadratics_and_second_order_otherwise()
    {
        Assert.Equal(2 * 3.0 + 1, DivergenceSlope.CentralDifference(t => t * t + t, 3, 0.5), 1e-12);
        // Error h²·f‴/6 for f = t³ at any t: with h = 0.1 that is 0.01.
        Assert.Equal(3 * 4.0 + 0.01, DivergenceSlope.CentralDifference(t => t * t * t, 2, 0.1), 1e-12);
    }

    [Fact]
    public void A_generator_family_moves_its_shape_and_names_itself()
    {
        var family = LocationFamily.Normal(0.5);
        Assert.Equal("N(θ, 0.5²)", family.Name);
        Assert.Equal("N(3, 0.5²)", family.At(3).ToString());
        Assert.Equal("p_r shifted by θ", TwoModeExample.ShiftedCopy.ToString());
        Assert.Equal(TwoModeExample.Data.ToString(), TwoModeExample.ShiftedCopy.At(0).ToString());
        Assert.Equal("0.5·N(-1, 0.5²) + 0.5·N(3, 0.5²) shifted by θ", new LocationFamily(TwoModeExample.Data.Shifted(1)).Name);
    }

    [Fact]
    public void Bad_input_is_refused_with_a_clear_message()
    {
        var real = Density.Normal(0, 1);
        var family = LocationFamily.Normal(1);
        foreach (var theta in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            Assert.Contains("θ must be a finite number", Assert.ThrowsAny<ArgumentException>(() => FrozenDiscriminatorGradient.NonSaturating(real, family, theta)).Message);
            Assert.Contains("θ must be a finite number", Assert.ThrowsAny<ArgumentException>(() => FrozenDiscriminatorGradient.Minimax(real, family, theta)).Message);
            Assert.Contains("θ must be a finite number", Assert.ThrowsAny<ArgumentException>(() => DivergenceSlope.KlMinusTwoJs(real, family, theta)).Message);
            Assert.Contains("θ must be a finite number", Assert.ThrowsAny<ArgumentException>(() => new LossGradientCase(real, family, theta)).Message);
        }
        foreach (var sigma in new[] { 0.0, -1, double.NaN })
            Assert.Contains("positive finite σ", Assert.ThrowsAny<ArgumentException>(() => LocationFamily.Normal(sigma)).Message);
        Assert.Contains("standard deviation", Assert.ThrowsAny<ArgumentException>(() => new LocationFamily(Density.Normal(0, 0))).Message);
        foreach (var step in new[] { 0.0, -1e-4, double.NaN, double.PositiveInfinity })
        {
            Assert.Contains("step h must be a positive", Assert.ThrowsAny<ArgumentException>(() => DivergenceSlope.TwoJs(real, family, 1, step)).Message);
            Assert.Contains("step h must be a positive", Assert.ThrowsAny<ArgumentException>(() => LossGradientRow.For(LossGradientRow.NormalCases[0], step)).Message);
        }
        Assert.Throws<ArgumentNullException>(() => FrozenDiscriminatorGradient.NonSaturating(null!, family, 1));
        Assert.Throws<ArgumentNullException>(() => new LocationFamily(null!));
    }
}
