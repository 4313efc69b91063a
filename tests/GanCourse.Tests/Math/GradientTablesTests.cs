using GanCourse.Notebook;
using GanCourse.Theory;

namespace GanCourse.Tests.Theory;

/// <summary>The layouts notebook 03 shows the non-saturating loss's numbers in (<see cref="TheoryTables"/>).</summary>
public class GradientTablesTests
{
    [Fact]
    public void The_gradient_table_prints_six_decimals_and_the_data_in_its_caption()
    {
        var rows = LossGradientRow.Table(LossGradientRow.NormalCases.Take(2));
        var table = TheoryTables.LossGradients(rows);
        Assert.Equal(["p_θ", "θ₀", "E[−∇ log D*]", "∇(KL − 2·JS)", "difference", "E[∇ log(1 − D*)]", "∇(2·JS)", "difference"], table.Headers);
        Assert.EndsWith("p_r = N(0, 1²)", table.Caption);
        Assert.Equal(["N(θ, 1²)", "0.5"], table.Rows[0].Take(2));
        Assert.All(table.Rows, row =>
        {
            Assert.Equal(row[2], row[3]);
            Assert.Equal(row[5], row[6]);
            Assert.Matches(@"^-?\d+\.\d{6}$", row[2]);
            Assert.Matches(@"E-\d+$", row[4]);
        });
    }

    [Fact]
    public void The_mode_dropping_table_names_each_generator_and_prints_six_decimals()
    {
        var table = TheoryTables.ModeDropping(ModeDroppingRow.Table(TwoModeExample.Data, TwoModeExample.Candidates));
        Assert.Equal(["p_g", "KL(p_g‖p_r)", "KL(p_r‖p_g)", "2·JS (minimax)", "KL(p_g‖p_r) − 2·JS (non-saturating)"], table.Headers);
        Assert.Equal(TwoModeExample.Candidates.Select(c => c.Name), table.Rows.Select(r => r[0]));
        Assert.Equal("0.000000", table.Rows[^1][1]);
        Assert.All(table.Rows, row => Assert.All(row.Skip(1), cell => Assert.Matches(@"^\d+\.\d{6}$", cell)));
    }
}
