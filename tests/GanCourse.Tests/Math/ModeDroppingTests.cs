using GanCourse.Theory;

namespace GanCourse.Tests.Theory;

public class ModeDroppingTests
{
    static readonly double Log2 = System.Math.Log(2);

    static ModeDroppingRow Row(string name) =>
        ModeDroppingRow.Table(TwoModeExample.Data, TwoModeExample.Candidates).Single(r => r.Generator == name);

    [Fact]
    public void Missing_a_mode_costs_the_reverse_KL_about_log_2_and_the_forward_KL_far_more()
    {
        var oneMode = Row("one mode, N(2, 0.5²)");
        // Where p_g has its mass p_r is almost exactly p_g / 2, so KL(p_g‖p_r) ≈ log 2, a little less
        // because of the other mode's far tail.
        Assert.InRange(oneMode.ReverseKl, Log2 - 1e-3, Log2);
        Assert.True(oneMode.ForwardKl > 15, oneMode.ToString());
    }

    [Fact]
    public void The_non_saturating_objective_prefers_one_mode_while_two_JS_prefers_covering_both()
    {
        var oneMode = Row("one mode, N(2, 0.5²)");
        var covering = Row("both modes, N(0, 2.06²)");
        var gap = Row("the gap, N(0, 0.5²)");
        Assert.True(oneMode.NonSaturatingObjective < covering.NonSaturatingObjective / 5, $"{oneMode} vs {covering}");
        Assert.True(covering.TwoJs < oneMode.TwoJs, $"{oneMode} vs {covering}");
        Assert.True(covering.ForwardKl < oneMode.ForwardKl / 10, $"{oneMode} vs {covering}");
        Assert.True(covering.ReverseKl > 3 * oneMode.ReverseKl, $"{oneMode} vs {covering}");
        Assert.True(gap.NonSaturatingObjective > covering.NonSaturatingObjective && gap.TwoJs > oneMode.TwoJs, gap.ToString());
        Assert.Equal(oneMode.ReverseKl - oneMode.TwoJs, oneMode.NonSaturatingObjective);
    }

    [Fact]
    public void Every_divergence_of_the_data_from_themselves_is_zero()
    {
        var itself = Row("p_r itself");
        Assert.Equal(0, itself.ReverseKl, 1e-12);
        Assert.Equal(0, itself.ForwardKl, 1e-12);
        Assert.Equal(0, itself.TwoJs, 1e-12);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ModeDroppingRow.For(" ", TwoModeExample.Data, Density.Normal()));
        Assert.Throws<ArgumentNullException>(() => ModeDroppingRow.For("p_g", null!, Density.Normal()));
        Assert.Throws<ArgumentNullException>(() => ModeDroppingRow.Table(TwoModeExample.Data, null!));
    }
}
