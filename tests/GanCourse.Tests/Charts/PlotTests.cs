using System.Text.Json.Nodes;
using GanCourse.Charts;
using GanCourse.Training;

namespace GanCourse.Tests.Charts;

public class PlotTests
{
    static JsonArray Data(Figure figure) => figure.FigureNode()["data"]!.AsArray();
    static JsonNode Layout(Figure figure) => figure.FigureNode()["layout"]!;
    static JsonNode Trace(Figure figure, string name) => Data(figure).Single(t => (string?)t!["name"] == name)!;
    static double?[] Values(JsonNode trace, string axis) => trace[axis]!.AsArray().Select(v => v is null ? (double?)null : (double)v).ToArray();

    static EpochRecord Epoch(int epoch, double g, double d, double real, double fake, double w1) =>
        new(epoch, 100, 2.0, new Dictionary<string, double> { ["G loss"] = g, ["D loss"] = d, ["D(x)"] = real, ["D(G(z))"] = fake, ["W1 estimate"] = w1 });

    static TrainingHistory History() => new()
    {
        Epochs =
        {
            Epoch(1, 0.90, 1.20, 0.70, 0.30, 9.5),
            Epoch(2, 0.80, 1.30, 0.60, 0.40, 6.25),
            Epoch(3, 0.75, 1.36, 0.52, 0.47, 4.5),
        },
    };

    [Fact]
    public void Losses_plot_G_loss_half_the_D_loss_and_a_dashed_log_2_line()
    {
        var figure = Plot.Losses(History());

        Assert.Equal(["G loss", "½ D loss", "log 2 ≈ 0.693"], figure.TraceNames);
        Assert.Equal([1.0, 2.0, 3.0], Values(Trace(figure, "G loss"), "x"));
        Assert.Equal([0.90, 0.80, 0.75], Values(Trace(figure, "G loss"), "y"));
        Assert.Equal([0.60, 0.65, 0.68], Values(Trace(figure, "½ D loss"), "y"));
        var reference = Trace(figure, "log 2 ≈ 0.693");
        Assert.Equal([Math.Log(2), Math.Log(2)], Values(reference, "y"));
        Assert.Equal([1.0, 3.0], Values(reference, "x"));
        Assert.Equal("dash", (string?)reference["line"]!["dash"]);
        Assert.Equal("epoch", (string?)Layout(figure)["xaxis"]!["title"]!["text"]);
        Assert.Equal("Losses per epoch", (string?)Layout(figure)["title"]!["text"]);
        Assert.Equal(Plot.DefaultHeight, (int)Layout(figure)["height"]!);
        Assert.Null(Layout(figure)["width"]); // follows the page
    }

    [Fact]
    public void Array_overload_numbers_epochs_from_one_and_leaves_gaps_for_non_finite_losses()
    {
        var figure = Plot.Losses([0.7, double.NaN, 0.8], [1.4, double.PositiveInfinity, 1.2]);

        Assert.Equal([1.0, 2.0, 3.0], Values(Trace(figure, "G loss"), "x"));
        Assert.Equal([0.7, null, 0.8], Values(Trace(figure, "G loss"), "y"));
        Assert.Equal([0.7, null, 0.6], Values(Trace(figure, "½ D loss"), "y"));
    }

    [Fact]
    public void Discriminator_outputs_show_both_scores_on_0_to_1_with_one_half_marked()
    {
        var figure = Plot.DiscriminatorOutputs(History());

        Assert.Equal(["D(x), real images", "D(G(z)), generated images", "½: D cannot tell"], figure.TraceNames);
        Assert.Equal([0.70, 0.60, 0.52], Values(Trace(figure, "D(x), real images"), "y"));
        Assert.Equal([0.30, 0.40, 0.47], Values(Trace(figure, "D(G(z)), generated images"), "y"));
        Assert.Equal([0.5, 0.5], Values(Trace(figure, "½: D cannot tell"), "y"));
        Assert.Equal([0.0, 1.0], Layout(figure)["yaxis"]!["range"]!.AsArray().Select(v => (double)v!));
    }

    [Fact]
    public void Densities_overlay_curves_and_density_normalised_histograms()
    {
        double[] x = [-1, 0, 1];
        var figure = Plot.Densities(x, [("p_r", [0.2, 0.4, 0.2]), ("p_g", [0.1, 0.3, 0.3])], [("samples of G", [0.1, 0.2, -0.3])], bins: 20);

        Assert.Equal(["p_r", "p_g", "samples of G"], figure.TraceNames);
        Assert.Equal([0.1, 0.3, 0.3], Values(Trace(figure, "p_g"), "y"));
        var histogram = Trace(figure, "samples of G");
        Assert.Equal("histogram", (string?)histogram["type"]);
        Assert.Equal("probability density", (string?)histogram["histnorm"]);
        Assert.Equal(20, (int)histogram["nbinsx"]!);
        Assert.Equal([0.1, 0.2, -0.3], Values(histogram, "x"));
        Assert.Equal("overlay", (string?)Layout(figure)["barmode"]);
    }

    [Fact]
    public void Learned_discriminator_is_drawn_over_the_optimal_one()
    {
        var figure = Plot.DiscriminatorVersusOptimal([0, 1], [0.4, 0.6], [0.5, 0.5]);

        Assert.Equal(["D*(x) = p_r / (p_r + p_g)", "learned D(x)", "½"], figure.TraceNames);
        Assert.Equal([0.4, 0.6], Values(Trace(figure, "learned D(x)"), "y"));
    }

    [Fact]
    public void JS_and_W1_share_mu_with_W1_on_a_second_axis()
    {
        double[] mu = [0.5, 1, 2, 4, 8];
        var figure = Plot.JsAndW1VersusMu(mu, [0.03, 0.12, 0.4, 0.68, 0.69], mu);

        Assert.Equal(["JS(p_r ‖ p_g)", "log 2: JS ceiling", "W1(p_r, p_g)"], figure.TraceNames);
        Assert.Equal("y2", (string?)Trace(figure, "W1(p_r, p_g)")["yaxis"]);
        Assert.Null(Trace(figure, "JS(p_r ‖ p_g)")["yaxis"]);
        Assert.Equal("y", (string?)Layout(figure)["yaxis2"]!["overlaying"]);
        Assert.Equal("right", (string?)Layout(figure)["yaxis2"]!["side"]);

        var oneAxis = Plot.JsAndW1VersusMu(mu, [0.03, 0.12, 0.4, 0.68, 0.69], mu, secondAxis: false);
        Assert.Null(Trace(oneAxis, "W1(p_r, p_g)")["yaxis"]);
        Assert.Null(Layout(oneAxis)["yaxis2"]);
    }

    [Fact]
    public void Any_measures_are_drawn_per_epoch_with_a_score_on_a_second_axis()
    {
        var figure = Plot.History(History(), ["W1 estimate"], "WGAN", score: [(1, 0.2), (3, 0.08)], scoreName: "MMD");

        Assert.Equal(["W1 estimate", "MMD"], figure.TraceNames);
        Assert.Equal([9.5, 6.25, 4.5], Values(Trace(figure, "W1 estimate"), "y"));
        Assert.Equal([1.0, 3.0], Values(Trace(figure, "MMD"), "x"));
        Assert.Equal("y2", (string?)Trace(figure, "MMD")["yaxis"]);
        Assert.Equal("MMD", (string?)Layout(figure)["yaxis2"]!["title"]!["text"]);

        var two = Plot.History(History(), ["G loss", "D loss"]);
        Assert.Equal(["G loss", "D loss"], two.TraceNames);
        Assert.Null(Layout(two)["yaxis2"]);
    }

    [Fact]
    public void The_history_chart_refuses_an_empty_history_unknown_measures_and_bad_scores()
    {
        Assert.Contains("no epochs", Assert.Throws<ArgumentException>(() => Plot.History(new TrainingHistory(), ["G loss"])).Message);
        Assert.Contains("No measure \"critic loss\" in this history; its steps reported \"G loss\", \"D loss\", \"D(x)\", \"D(G(z))\", \"W1 estimate\"",
            Assert.Throws<ArgumentException>(() => Plot.History(History(), ["critic loss"])).Message);
        Assert.Contains("at least one measure", Assert.Throws<ArgumentException>(() => Plot.History(History(), [])).Message);
        Assert.Contains("MMD", Assert.Throws<ArgumentException>(() => Plot.History(History(), ["W1 estimate"], score: [(1, double.NaN)], scoreName: "MMD")).Message);
        Assert.Throws<ArgumentException>(() => Plot.History(History(), ["W1 estimate"], score: [(1, 0.1)], scoreName: " "));
        var withoutLosses = new TrainingHistory { Epochs = { new EpochRecord(1, 10, 1.0, new Dictionary<string, double> { ["critic loss"] = 1 }) } };
        Assert.Contains("No measure \"G loss\"", Assert.Throws<ArgumentException>(() => Plot.Losses(withoutLosses)).Message);
    }

    [Fact]
    public void Lines_draw_any_number_of_named_curves_and_an_optional_reference()
    {
        double[] x = [0, 1, 2];
        var steps = new[] { 0, 100, 200 };
        var figure = Plot.Lines(x, steps.Select(s => ($"step {s}", new[] { s, s + 1.0, s + 2.0 })), "p_g approaching p_r", "x", "density", ("log 2", Math.Log(2)));

        Assert.Equal(["step 0", "step 100", "step 200", "log 2"], figure.TraceNames);
        Assert.Equal([100.0, 101.0, 102.0], Values(Trace(figure, "step 100"), "y"));
        Assert.Equal("density", (string?)Layout(figure)["yaxis"]!["title"]!["text"]);
        Assert.Equal("Figure \"p_g approaching p_r\": step 0, step 100, step 200, log 2", figure.ToString());
    }

    [Fact]
    public void A_restyled_plotly_chart_can_be_wrapped_again()
    {
        var restyled = Plotly.NET.CSharp.GenericChartExtensions.WithSize(Plot.Lines([0, 1], [("a", [1.0, 2.0])], "t").Chart, Width: 800, Height: 300);

        var figure = new Figure(restyled, "restyled", height: 300);

        Assert.Equal(800, (int)Layout(figure)["width"]!);
        Assert.Contains("height:300px", figure.ToHtml(includePlotlyJs: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Figure(restyled, height: 0));
    }

    [Fact]
    public void Bad_series_are_rejected_with_messages_that_name_them()
    {
        Assert.Contains("discriminatorLoss has 2 values but the epochs has 3",
            Assert.Throws<ArgumentException>(() => Plot.Losses([1, 2, 3], [1, 2])).Message);
        Assert.Contains("generatorLoss is empty", Assert.Throws<ArgumentException>(() => Plot.Losses([], [])).Message);
        Assert.Contains("no epochs yet", Assert.Throws<ArgumentException>(() => Plot.Losses(new TrainingHistory())).Message);
        Assert.Contains("no epochs yet", Assert.Throws<ArgumentException>(() => Plot.DiscriminatorOutputs(new TrainingHistory())).Message);
        Assert.Contains("density 'p_g' has 2 values but x has 3",
            Assert.Throws<ArgumentException>(() => Plot.Densities([1, 2, 3], [("p_g", [1.0, 2.0])])).Message);
        Assert.Contains("at least one density curve or one histogram", Assert.Throws<ArgumentException>(() => Plot.Densities([1], [])).Message);
        Assert.Contains("a histogram needs finite samples",
            Assert.Throws<ArgumentException>(() => Plot.Densities([1], [], [("s", [double.NaN])])).Message);
        Assert.Contains("x[1] is NaN", Assert.Throws<ArgumentException>(() => Plot.DiscriminatorVersusOptimal([0, double.NaN], [0, 0], [0, 0])).Message);
        Assert.Contains("w1 has 1 values but mu has 2", Assert.Throws<ArgumentException>(() => Plot.JsAndW1VersusMu([1, 2], [0, 0], [1])).Message);
        Assert.Contains("series is empty", Assert.Throws<ArgumentException>(() => Plot.Lines([1], [], "t")).Message);
        Assert.Contains("needs a name", Assert.Throws<ArgumentException>(() => Plot.Lines([1], [("", [1.0])], "t")).Message);
        Assert.Throws<ArgumentNullException>(() => Plot.Lines([1], [("a", null!)], "t"));
        Assert.Throws<ArgumentNullException>(() => Plot.Losses((TrainingHistory)null!));
    }
}
