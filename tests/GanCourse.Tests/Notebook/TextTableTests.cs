using GanCourse.Notebook;
using GanCourse.Theory;

namespace GanCourse.Tests.Notebook;

public class TextTableTests
{
    [Fact]
    public void Cells_are_escaped_in_html_and_aligned_in_text()
    {
        var table = new TextTable(["name", "value"], [["a<b", "1.5"], ["c", "10.25"]], caption: "demo");
        Assert.Equal("<table class=\"gancourse-table\"><caption>demo</caption><thead><tr><th>name</th><th>value</th></tr></thead><tbody>"
            + "<tr><td style=\"text-align:right\">a&lt;b</td><td style=\"text-align:right\">1.5</td></tr>"
            + "<tr><td style=\"text-align:right\">c</td><td style=\"text-align:right\">10.25</td></tr></tbody></table>", table.ToHtml());
        Assert.Equal("demo\nname  value\n a<b    1.5\n   c  10.25", table.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_ragged_row_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new TextTable(["a", "b"], [["1", "2"], ["3"]]));
        Assert.Contains("row 2 has 1 cells", error.Message);
    }

    [Fact]
    public void The_divergence_table_prints_six_decimals_and_the_identity_columns_agree()
    {
        var table = TheoryTables.Divergences(DivergenceRow.Table([1, 8], mmdSamples: 50));
        Assert.Equal(["μ", "JS", "L(G,D*)", "2·JS − 2·log 2", "W1", "MMD"], table.Headers);
        Assert.All(table.Rows, row => Assert.Equal(row[2], row[3]));
        Assert.InRange(double.Parse(table.Rows[1][1], System.Globalization.CultureInfo.InvariantCulture), 0.6930, Math.Log(2));
        Assert.Matches(@"^0\.\d{6}$", table.Rows[1][1]);
        Assert.Equal("8.0000", table.Rows[1][4]);
    }
}
