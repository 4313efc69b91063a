using GanCourse.Theory;

namespace GanCourse.Tests.Theory;

public class DivergenceRowTests
{
    [Fact]
    public void Lecture_table_rows_satisfy_the_identities_and_orderings()
    {
        var rows = DivergenceRow.Table(DivergenceRow.LectureOffsets, mmdSamples: 300, seed: 5);
        Assert.Equal([0.5, 1, 2, 4, 8], rows.Select(r => r.Mu));
        foreach (var row in rows)
        {
            Assert.True(System.Math.Abs(row.LAtOptimum - row.TwoJsMinusTwoLog2) <= 1e-6, row.ToString());
            Assert.Equal(2 * row.JS - 2 * System.Math.Log(2), row.TwoJsMinusTwoLog2, 1e-15);
            Assert.Equal(row.Mu, row.W1, 1e-10);
            Assert.InRange(row.JS, 0, System.Math.Log(2));
            Assert.Equal(Divergence.JS(Density.Normal(), Density.Normal(row.Mu, 1)), row.JS);
        }
        for (int i = 1; i < rows.Count; i++)
        {
            Assert.True(rows[i].JS > rows[i - 1].JS);
            Assert.True(rows[i].Mmd > rows[i - 1].Mmd, $"MMD should grow with μ: {rows[i - 1].Mmd} then {rows[i].Mmd}");
        }
        Assert.Equal(rows[2], DivergenceRow.For(2, mmdSamples: 300, seed: 5));
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DivergenceRow.For(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => DivergenceRow.For(1, mmdSamples: 1));
    }
}
