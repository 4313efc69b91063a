using System.Text.Json.Nodes;
using GanCourse.Charts;

namespace GanCourse.Tests.Charts;

public class PointPanelsTests
{
    static JsonNode Json(Figure figure) => figure.FigureNode();

    static Figure ThreePanels(double? limit = 2.5) => Plot.PointPanels(
        [("step 1", [0.0, 1.23456], [0.0, 1]), ("step 2", [1.0, 2], [-1.0, 0.5]), ("step 3", [0.5], [0.5])],
        "Samples over training", markers: ("mode centres", [2.0, -2], [0.0, 0]), columns: 2, axisLimit: limit);

    [Fact]
    public void Each_panel_has_its_samples_and_the_markers_on_its_own_square_axes()
    {
        var figure = ThreePanels();
        var data = Json(figure)["data"]!.AsArray();
        var layout = Json(figure)["layout"]!;

        Assert.Equal(6, data.Count);
        Assert.Equal(["x", "x", "x2", "x2", "x3", "x3"], data.Select(t => (string?)t!["xaxis"]));
        Assert.Equal(["samples", "mode centres"], data.Take(2).Select(t => (string?)t!["name"]));
        Assert.All(data, t => Assert.Equal("markers", (string?)t!["mode"]));
        Assert.Equal([0.0, 1.235], data[0]!["x"]!.AsArray().Select(v => (double)v!));   // rounded to 3 decimals
        Assert.Equal("x", (string?)data[1]!["marker"]!["symbol"]);
        // The legend lists samples and markers once, not once per panel.
        Assert.Equal(2, data.Count(t => (bool?)t!["showlegend"] == true));
        foreach (var axis in new[] { "xaxis", "yaxis", "xaxis2", "yaxis2", "xaxis3", "yaxis3" })
            Assert.Equal([-2.5, 2.5], layout[axis]!["range"]!.AsArray().Select(v => (double)v!));
        Assert.Equal(["step 1", "step 2", "step 3"], layout["annotations"]!.AsArray().Select(a => (string?)a!["text"]));
        Assert.Equal(2, (int)layout["grid"]!["rows"]!);
        Assert.Equal(2, (int)layout["grid"]!["columns"]!);
        Assert.Equal(figure.Height, (int)layout["height"]!);
        Assert.Null(layout["width"]);
    }

    [Fact]
    public void Without_a_limit_the_axes_fit_the_largest_coordinate_and_one_row_holds_few_panels()
    {
        var figure = Plot.PointPanels([("a", [0.0, -3], [1.0, 0]), ("b", [0.0], [2.0])], "t");
        var layout = Json(figure)["layout"]!;

        Assert.Equal([-3.3, 3.3], layout["xaxis"]!["range"]!.AsArray().Select(v => Math.Round((double)v!, 9)));
        Assert.Equal(1, (int)layout["grid"]!["rows"]!);
        Assert.Equal(2, (int)layout["grid"]!["columns"]!);
        Assert.Equal(2, Json(figure)["data"]!.AsArray().Count);
    }

    [Fact]
    public void Bad_panels_are_rejected_with_messages_that_name_them()
    {
        Assert.Contains("panels is empty", Assert.Throws<ArgumentException>(() => Plot.PointPanels([], "t")).Message);
        Assert.Contains("y of panel 'p' has 1 values but x of panel 'p' has 2",
            Assert.Throws<ArgumentException>(() => Plot.PointPanels([("p", [0.0, 1], [0.0])], "t")).Message);
        Assert.Contains("x of panel 'p'[0] is NaN", Assert.Throws<ArgumentException>(() => Plot.PointPanels([("p", [double.NaN], [0.0])], "t")).Message);
        Assert.Contains("needs a name", Assert.Throws<ArgumentException>(() => Plot.PointPanels([("", [0.0], [0.0])], "t")).Message);
        Assert.Contains("the markers' y has 1 values", Assert.Throws<ArgumentException>(() => Plot.PointPanels([("p", [1.0], [1.0])], "t", ("m", [0.0, 1], [0.0]))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Plot.PointPanels([("p", [0.0], [0.0])], "t"));   // all points at 0: no range
        Assert.Throws<ArgumentOutOfRangeException>(() => Plot.PointPanels([("p", [1.0], [1.0])], "t", columns: 0));
    }
}
