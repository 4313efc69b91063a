using System.Globalization;
using System.Text.RegularExpressions;

namespace Notebooks.Tests;

/// <summary>
/// Every course notebook executed headless with quick=true, as CI runs them: no errors, and the
/// charts, images, tables and numbers each notebook is there to show. Each check holds for the copies
/// both clients executed, the course's runner and Jupyter's nbconvert (CourseNotebookTests.Clients.cs).
/// </summary>
[Collection(NotebookRunCollection.Name)]
public partial class CourseNotebookTests(NotebookRun run, JupyterRun jupyter)
{
    const string PlotDiv = "class=\"gancourse-plot\"";
    const string PlotlyLibrary = "data-gancourse-plotly";

    [Fact]
    public void The_runner_exits_zero_for_the_whole_folder()
    {
        Assert.True(run.ExitCode == 0, $"runner exit code {run.ExitCode}:\n{run.Output}");
        Assert.All(NotebookSourceTests.Names, name => Assert.True(File.Exists(Path.Combine(run.OutDir, name)), $"{name} was not written"));
    }

    [Theory]
    [MemberData(nameof(NotebooksAndClients))]
    public void Every_code_cell_ran_without_errors(string name, NotebookClient client)
    {
        var nb = Executed(client, name);
        Assert.Empty(nb.OutputsOfType("error"));
        Assert.All(nb.CodeCells, cell => Assert.NotNull(cell["execution_count"]));
        Assert.DoesNotContain("Exception", nb.Stdout);
        TestSupport.Nbformat.AssertValid(nb.Path);
    }

    [Theory]
    [MemberData(nameof(NotebooksAndClients))]
    public void Setup_reports_the_device_and_charts_carry_plotly_once(string name, NotebookClient client)
    {
        var nb = Executed(client, name);
        Assert.Contains("Device: ", nb.Stdout);
        var html = nb.Data("text/html").ToArray();
        var charts = html.Count(h => h.Contains(PlotDiv));
        if (charts > 0) Assert.Equal(1, html.Count(h => h.Contains(PlotlyLibrary)));
        // plotly.js names its CDN inside strings (never fetched here); what matters is that nothing loads from it.
        Assert.All(html, h => Assert.Empty(TestSupport.WebResources.Find(h)));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void The_gan_game_shows_the_plain_game_swinging_and_the_remedy_settling(NotebookClient client)
    {
        var nb = Executed(client, "01-the-gan-game.ipynb");
        Assert.Equal(4, Charts(nb));   // p_g, losses, D(x), the spread of both runs
        var summaries = Regex.Matches(nb.Stdout, @"After (\d+) alternating updates: generator mean (-?[\d.]+) \(target ([\d.]+)\), std ([\d.]+) \(target ([\d.]+)\)");
        Assert.Equal(2, summaries.Count);   // the plain game, then the remedy
        Assert.All(summaries, m =>
        {
            Assert.Equal("400", m.Groups[1].Value);
            Assert.Equal(("3", "0.6"), (m.Groups[3].Value, m.Groups[5].Value));
            Assert.True(Math.Abs(Number(m.Groups[2].Value) - 3) < 0.5, m.Value);
        });
        var swing = Regex.Match(nb.Stdout, @"Over the second half of training the generator's std ranged from ([\d.]+) to ([\d.]+) \(target 0.6\)\.");
        Assert.True(swing.Success, nb.Stdout);
        Assert.True(Number(swing.Groups[1].Value) <= Number(swing.Groups[2].Value), swing.Value);
        var late = Regex.Match(nb.Stdout, @"Over the last quarter of training its std stayed between ([\d.]+) and ([\d.]+)\.");
        Assert.True(late.Success, nb.Stdout);
        Assert.True(Number(late.Groups[1].Value) <= Number(late.Groups[2].Value), late.Value);

        // One in-place progress display per training: the plain recipe, the remedy, two more seeds of each.
        var progress = Progress(nb);
        Assert.Equal(6, progress.Length);
        Assert.All(progress, p => Assert.Matches(@"^epoch 4/4  D loss \d\.\d{4}  G loss \d\.\d{4}  .*\(done\)$", p));

        var tables = Tables(nb);
        Assert.Equal(2, tables.Count);
        Assert.Equal(["step", "mean of G(z)", "std of G(z)", "v(D, G)"], tables[0].Headers);
        Assert.Equal(["0", "200", "400"], tables[0].Rows.Select(r => r[0]));
        Assert.Equal(["seed", "plain: mean", "plain: std", "plain: std, last quarter", "remedy: mean", "remedy: std", "remedy: std, last quarter"], tables[1].Headers);
        Assert.Equal(["1", "2", "3"], tables[1].Rows.Select(r => r[0]));
        // The seed of the runs above is repeated in the first row, from the same runs.
        var first = summaries.Select(m => m.Groups[2].Value).ToArray();
        Assert.Equal(first, new[] { tables[1].Rows[0][1], tables[1].Rows[0][4] });
        Assert.All(tables[1].Rows, row => Assert.Matches(@"^\d\.\d\d to \d\.\d\d$", row[6]));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void The_optimal_discriminator_is_found_numerically_and_by_a_network(NotebookClient client)
    {
        var nb = Executed(client, "02-optimal-discriminator.ipynb");
        var maximiser = Assert.Single(Tables(nb));
        Assert.All(maximiser.Rows, row => Assert.True(Math.Abs(Number(row[2]) - Number(row[3])) < 1e-6, string.Join(" | ", row)));
        var gaps = Regex.Matches(nb.Stdout, @"Largest gap \|D\(x\) − reference\| = ([\d.]+)").Select(m => Number(m.Groups[1].Value)).ToArray();
        Assert.Equal(2, gaps.Length);
        Assert.All(gaps, g => Assert.InRange(g, 0, 0.1));
        Assert.Contains("D* for p_g = p_r lies between 0.500000 and 0.500000", nb.Stdout);
        Assert.Equal(3, Charts(nb));
        Assert.Equal(2, Progress(nb).Length);   // the two discriminators, trained in the notebook's own cells
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void The_js_identity_holds_to_1e6_in_the_table(NotebookClient client)
    {
        var nb = Executed(client, "03-js-divergence.ipynb");
        var table = Tables(nb).First();
        Assert.Equal(["μ", "JS", "L(G,D*)", "2·JS − 2·log 2", "W1", "MMD"], table.Headers);
        Assert.Equal(["0.5", "1", "2", "4", "8"], table.Rows.Select(r => r[0]));
        foreach (var row in table.Rows)
        {
            Assert.Matches(@"^-?\d\.\d{6}$", row[1]);
            Assert.True(Math.Abs(Number(row[2]) - Number(row[3])) <= 1e-6, $"identity fails at μ = {row[0]}: {row[2]} vs {row[3]}");
            Assert.InRange(Number(row[1]), 0, Math.Log(2));
            Assert.Equal(Number(row[0]), Number(row[4]), 3);   // W1 = |μ|
        }
        var gradients = Tables(nb)[1];
        Assert.All(gradients.Rows, row => Assert.Equal(row[2], row[3]));

        // The non-saturating loss at a frozen D* against the slopes of KL − 2·JS (and the minimax loss against 2·JS).
        var lossGradients = Tables(nb).Skip(2).Take(2).ToList();
        Assert.All(lossGradients, t => Assert.Equal(["p_θ", "θ₀", "E[−∇ log D*]", "∇(KL − 2·JS)", "difference", "E[∇ log(1 − D*)]", "∇(2·JS)", "difference"], t.Headers));
        Assert.All(lossGradients.SelectMany(t => t.Rows), row =>
        {
            Assert.True(Math.Abs(Number(row[2]) - Number(row[3])) <= 1e-6, string.Join(" | ", row));
            Assert.True(Math.Abs(Number(row[5]) - Number(row[6])) <= 1e-6, string.Join(" | ", row));
        });
        var largest = Regex.Match(nb.Stdout, @"Largest \|difference\|: non-saturating (\S+), minimax (\S+)");
        Assert.True(largest.Success, nb.Stdout);
        Assert.All(new[] { largest.Groups[1].Value, largest.Groups[2].Value }, v => Assert.InRange(Number(v), 0, 1e-6));
        // The one-mode generator is charged less than the covering normal by KL − 2·JS, more by the forward KL.
        var pricing = Tables(nb)[4];
        Assert.Equal("one mode, N(2, 0.5²)", pricing.Rows[0][0]);
        Assert.True(Number(pricing.Rows[0][4]) < Number(pricing.Rows[1][4]), string.Join(" | ", pricing.Rows[0]));
        Assert.True(Number(pricing.Rows[0][2]) > Number(pricing.Rows[1][2]), string.Join(" | ", pricing.Rows[0]));
        Assert.Equal(3, Charts(nb));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void The_mnist_gan_trains_and_shows_charts_samples_and_a_checkpoint(NotebookClient client)
    {
        var nb = Executed(client, "04-mnist-gan.ipynb");
        Assert.Contains("Total parameters: 81,284", nb.Stdout);
        Assert.Contains("Total parameters: 78,501", nb.Stdout);
        Assert.Matches("embedded MNIST subset|full MNIST", nb.Stdout);
        Assert.Matches(@"D step: loss \d\.\d{4}, mean D\(x\) 0\.\d{3}, mean D\(G\(z\)\) 0\.\d{3}", nb.Stdout);   // one step by hand
        Assert.Matches(@"G step: loss \d\.\d{4}", nb.Stdout);
        Assert.Matches(@"3 epochs, 150 steps in [\d.]+ s: [\d.]+ ms per step on cpu", nb.Stdout);
        // Training progress is one display updated in place; the executed notebook keeps its final state.
        var progress = Assert.Single(nb.Data("text/plain"), t => t.StartsWith("epoch ", StringComparison.Ordinal));
        Assert.Matches(@"^epoch 3/3 .*G loss \d.*\(done\)$", progress);
        Assert.Single(nb.Data("text/html"), h => h.Contains("<progress value=\"1000\" max=\"1000\"", StringComparison.Ordinal));
        Assert.DoesNotContain("epoch 1/3", nb.Stdout);
        Assert.Equal(2, Charts(nb));
        Assert.Equal(2, nb.Data("image/png").Count());
        Assert.All(nb.Data("image/png"), png => Assert.StartsWith("iVBORw0KGgo", png));   // base64 of the PNG signature
        Assert.NotEmpty(Directory.GetDirectories(CheckpointDir(client)));
        Assert.Matches(@"Latest checkpoint: .*/run-\d{8}-\d{6}-[0-9a-f]{8}/epoch-0003", nb.Stdout);
        // The run continues from a checkpoint for one more epoch (quick), without a second progress display.
        Assert.Matches(@"Resumed from .*/epoch-0003 \(epoch 3 of run-", nb.Stdout);
        Assert.Matches(@"Continued to epoch 4: G loss \d", nb.Stdout);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void Evaluation_scores_generated_images_against_a_real_baseline(NotebookClient client)
    {
        var nb = Executed(client, "05-evaluating-gans.ipynb");
        var tables = Tables(nb);
        Assert.Equal(2, tables.Count);
        var scores = tables[0];
        Assert.Equal(3, scores.Rows.Count);
        Assert.All(scores.Rows, row =>
        {
            Assert.InRange(Number(row[1]), 0, 2);
            Assert.True(Number(row[2]) < Number(row[1]), $"the real-vs-real baseline should score below the early generator: {string.Join(" | ", row)}");
        });
        // The MMD written in the notebook's cell gives the library's numbers.
        var same = Regex.Match(nb.Stdout, @"biased MMD ([\d.]+) here, ([\d.]+) in the library; unbiased MMD² (\S+) here, (\S+) in the library\.");
        Assert.True(same.Success, nb.Stdout);
        Assert.Equal(same.Groups[1].Value, same.Groups[2].Value);
        Assert.Equal(same.Groups[3].Value, same.Groups[4].Value);
        var accuracy = Regex.Match(nb.Stdout, @"1-NN two-sample accuracy .*: ([\d.]+) \(ideal 0.5\)");
        Assert.True(accuracy.Success, nb.Stdout);
        Assert.InRange(Number(accuracy.Groups[1].Value), 0, 1);
        Assert.Equal(1, Charts(nb));

        // The feature-space scores written in the notebook's cells give the library's numbers.
        var here = Regex.Match(nb.Stdout, @"here: +(Fréchet d² .*)\n");
        var library = Regex.Match(nb.Stdout, @"library: +(Fréchet d² .*)\n");
        Assert.True(here.Success && library.Success, nb.Stdout);
        Assert.Equal(here.Groups[1].Value, library.Groups[1].Value);
        AssertFeatureScores(tables[1], ["untrained generator", "trained generator, 3 epochs", "held-out real digits"]);
    }

    /// <summary>A feature-score table: its columns, its rows, and real digits far closer to the reference than any generator.</summary>
    static void AssertFeatureScores(Table table, string[] rows)
    {
        Assert.Equal(["images", "count", "Fréchet d²", "kernel MMD²", "precision", "recall"], table.Headers);
        Assert.Equal(rows, table.Rows.Select(r => r[0]));
        var real = table.Rows[^1];
        Assert.All(table.Rows.SkipLast(1), row =>
        {
            Assert.True(Number(row[2]) > 5 * Number(real[2]), $"a briefly trained or untrained generator must score far above real digits: {string.Join(" | ", row)}");
            Assert.True(Number(row[3]) > Number(real[3]), string.Join(" | ", row));
        });
        Assert.All(table.Rows, row => { Assert.InRange(Number(row[4]), 0, 1); Assert.InRange(Number(row[5]), 0, 1); });
        Assert.InRange(Number(real[5]), 0.5, 1);   // real digits reach much of the real variety
    }

    /// <summary>
    /// "A longer run": the longer run that ships with the course is loaded (one line says so) and scored next to
    /// this quick run on the same noise, above the floor of real digits; it is far closer to real digits than a
    /// run of a few epochs.
    /// </summary>
    static void AssertLongerRunScoresBetter(ExecutedNotebook nb, Table table, string thisRun, string longer)
    {
        Assert.Matches(@"(?m)^Loaded trained weights from \S+-epochs: \d+ epochs, seed 1 ", nb.Stdout);
        Assert.Equal(["images", "count", "Fréchet d²", "kernel MMD²", "precision", "recall"], table.Headers);
        Assert.Equal([thisRun, longer, "held-out real digits"], table.Rows.Select(r => r[0]));
        var (quick, shipped, real) = (Number(table.Rows[0][2]), Number(table.Rows[1][2]), Number(table.Rows[2][2]));
        Assert.True(shipped < 0.5 * quick, $"the longer run's Fréchet d² {shipped} should be far below the quick run's {quick}");
        Assert.True(real < shipped, $"real digits {real} should stay the floor below the longer run's {shipped}");
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void The_wasserstein_gan_checks_its_critic_against_known_w1_and_counts_the_modes_of_the_ring(NotebookClient client)
    {
        var nb = Executed(client, "06-wasserstein-gan.ipynb");
        // The penalty's second backward pass reaches every weight but the output layer's bias.
        Assert.Matches(@"penalty [\d.]+, mean ‖∇f\(x̂\)‖ [\d.]+; parameters without a gradient from it: 2\.bias\n", nb.Stdout);

        var tables = Tables(nb);
        Assert.Equal(4, tables.Count);
        var critics = tables[0];
        Assert.Equal(["μ", "true W1", "penalised: estimate", "W1 + W1²/(2λ)", "penalised: mean |f′|", "clipped: estimate", "clipped: estimate / W1", "clipped: weights at ±c"], critics.Headers);
        Assert.Equal(["0.5", "1", "2", "4", "8"], critics.Rows.Select(r => r[0]));
        Assert.All(critics.Rows, row =>
        {
            Assert.Equal(Number(row[0]), Number(row[1]), 3);                                  // W1 = |μ| by quadrature
            Assert.True(Math.Abs(Number(row[2]) - Number(row[3])) < 0.15 * Number(row[3]), $"penalised estimate far from W1 + W1²/(2λ): {string.Join(" | ", row)}");
            Assert.InRange(Number(row[5]), 0, 0.01 * Number(row[1]));                         // clipping sees a tiny multiple of W1
        });

        var early = Regex.Match(nb.Stdout, @"After (\d+) moves: true W1 ([\d.]+), critic ([\d.-]+), W1 \+ W1²/\(2λ\) ([\d.]+)\.");
        Assert.True(early.Success, nb.Stdout);
        Assert.True(Math.Abs(Number(early.Groups[3].Value) - Number(early.Groups[4].Value)) < 0.3, early.Value);
        var atData = Regex.Match(nb.Stdout, @"the critic's estimate stays between ([\d.-]+) and ([\d.-]+)\.");
        Assert.True(atData.Success, nb.Stdout);
        Assert.All(new[] { atData.Groups[1].Value, atData.Groups[2].Value }, v => Assert.InRange(Number(v), -0.1, 0.1));

        // One in-place progress display per training shown: the moving critic, the MNIST WGAN-GP and the two GANs on
        // the ring (the ten one-dimensional critics train without one).
        var progress = Progress(nb);
        Assert.Equal(4, progress.Length);
        Assert.Matches(@"^epoch 188/188  W1 estimate -?[\d.]+  critic loss -?[\d.]+  ‖∇f\(x̂\)‖ [\d.]+  .*\(done\)$", progress[0]);
        Assert.Matches(@"^epoch 3/3  W1 estimate -?[\d.]+  critic loss -?[\d.]+  ‖∇f\(x̂\)‖ [\d.]+  G loss -?[\d.]+  .*\(done\)$", progress[1]);
        Assert.Matches(@"^epoch 4/4  D loss [\d.]+  G loss [\d.]+  .*\(done\)$", progress[2]);
        Assert.Matches(@"^epoch 4/4  W1 estimate -?[\d.]+  critic loss -?[\d.]+  ‖∇f\(x̂\)‖ [\d.]+  G loss -?[\d.]+  .*\(done\)$", progress[3]);
        Assert.Matches(@"critic's estimate: -?[\d.]+ after epoch 1, -?[\d.]+ after epoch 3 \(12 generator steps\); mean ‖∇f\(x̂\)‖ in the last epoch [\d.]+", nb.Stdout);

        Assert.Equal(5, Charts(nb));   // the critics' f(x), the moving critic, the MNIST estimate, the ring's two scatter panels
        Assert.Equal(2, nb.Data("image/png").Count());   // MNIST samples over the epochs, then this run next to the longer one
        AssertFeatureScores(tables[1], ["untrained generator", "WGAN-GP, 3 epochs", "held-out real digits"]);
        AssertLongerRunScoresBetter(nb, tables[2], "WGAN-GP, 3 epochs (this run)", "WGAN-GP, 200 epochs (shipped)");

        // Each GAN on the ring prints its coverage in the form the issue asks for, and the table repeats it.
        var coverage = Regex.Matches(nb.Stdout, @"^(.+) after 200 generator steps: modes covered: (\d)/8; ([\d.]+)% of 2,000 samples within 3σ of a mode$", RegexOptions.Multiline);
        Assert.Equal(["vanilla GAN", "WGAN-GP"], coverage.Select(m => m.Groups[1].Value));
        var ring = tables[3];
        Assert.Equal(["model", "modes covered", "samples within 3σ of a mode", "samples per mode"], ring.Headers);
        Assert.Equal(["vanilla GAN", "WGAN-GP (λ = 0.1)"], ring.Rows.Select(r => r[0]));
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal($"{coverage[i].Groups[2].Value}/8", ring.Rows[i][1]);
            Assert.Equal($"{coverage[i].Groups[3].Value}%", ring.Rows[i][2]);
            var counts = ring.Rows[i][3].Split(' ').Select(int.Parse).ToArray();
            Assert.Equal(8, counts.Length);
            Assert.Equal(int.Parse(coverage[i].Groups[2].Value), counts.Count(c => c >= 20));
            Assert.InRange(Math.Abs(Number(coverage[i].Groups[3].Value) - 100.0 * counts.Sum() / 2000), 0, 0.0501);   // printed to one decimal
        }
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void The_dcgan_trains_and_is_scored_against_the_fully_connected_gan_and_the_real_floor(NotebookClient client)
    {
        var nb = Executed(client, "07-dcgan.ipynb");
        Assert.Contains("Total parameters: 312,256", nb.Stdout);   // the generator
        Assert.Contains("Total parameters: 109,440", nb.Stdout);   // the discriminator
        var progress = nb.Data("text/plain").Where(t => t.StartsWith("epoch ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, progress.Length);                           // one in-place progress display per GAN
        Assert.Matches(@"^epoch 2/2 .*G loss \d.*\(done\)$", progress[0]);
        Assert.Matches(@"^epoch 3/3 .*G loss \d.*\(done\)$", progress[1]);   // the fully connected GAN
        Assert.Equal(2, Charts(nb));
        Assert.Equal(5, nb.Data("image/png").Count());              // samples over the epochs, the two walks, one grid per GAN, this run next to the longer one
        // Spherical interpolation keeps the noise's length; the linear path's middle is shorter.
        var lengths = Regex.Match(nb.Stdout, @"length of z: ([\d.]+) and ([\d.]+); at the middle, linear ([\d.]+), spherical ([\d.]+)");
        Assert.True(lengths.Success, nb.Stdout);
        Assert.True(Number(lengths.Groups[3].Value) < 0.9 * Math.Min(Number(lengths.Groups[1].Value), Number(lengths.Groups[2].Value)), lengths.Value);
        Assert.InRange(Number(lengths.Groups[4].Value), Math.Min(Number(lengths.Groups[1].Value), Number(lengths.Groups[2].Value)) - 0.01, Math.Max(Number(lengths.Groups[1].Value), Number(lengths.Groups[2].Value)) + 0.01);

        var tables = Tables(nb);
        Assert.Equal(2, tables.Count);
        var table = tables[0];
        AssertLongerRunScoresBetter(nb, tables[1], "DCGAN, 2 epochs (this run)", "DCGAN, 120 epochs (shipped)");
        Assert.Equal(["model", "epochs", "parameters (G + D)", "training time", "Fréchet d²", "kernel MMD²", "precision", "recall"], table.Headers);
        Assert.Equal(["fully connected (04)", "fully connected (04)", "DCGAN", "held-out real digits (floor)"], table.Rows.Select(r => r[0]));
        Assert.Equal(["2", "3", "2", ""], table.Rows.Select(r => r[1]));   // the FC GAN also at the DCGAN's epoch count
        Assert.Equal(["159,785", "159,785", "421,696", ""], table.Rows.Select(r => r[2]));
        var floor = table.Rows[^1];
        Assert.All(table.Rows.SkipLast(1), row =>
            Assert.True(Number(row[4]) > 5 * Number(floor[4]), $"a briefly trained GAN should score far above the real floor: {string.Join(" | ", row)}"));
        Assert.All(table.Rows, row => { Assert.InRange(Number(row[6]), 0, 1); Assert.InRange(Number(row[7]), 0, 1); });
        var ratio = Regex.Match(nb.Stdout, @"Fréchet d², DCGAN over fully connected: ([\d.]+) after 2 epochs each; ([\d.]+) against the fully connected GAN's 3 epochs");
        Assert.True(ratio.Success, nb.Stdout);
        Assert.Equal(Number(table.Rows[2][4]) / Number(table.Rows[0][4]), Number(ratio.Groups[1].Value), 1);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public void The_conditional_gan_draws_a_row_per_digit_and_an_independent_classifier_judges_the_labels(NotebookClient client)
    {
        var nb = Executed(client, "08-conditional-gan.ipynb");
        var progress = Progress(nb);
        Assert.Equal(2, progress.Length);   // the conditional GAN, then the classifier
        Assert.Matches(@"^epoch 2/2  G loss \d.*\(done\)$", progress[0]);
        Assert.Matches(@"^epoch 1/1  loss [\d.]+  training accuracy [\d.]+  .*\(done\)$", progress[1]);
        Assert.Contains("Training digits per class: 0: 64, 1: 64", nb.Stdout);
        Assert.Equal(1, Charts(nb));
        var pngs = nb.Data("image/png").ToArray();
        Assert.Equal(3, pngs.Length);   // samples over the epochs, the grid, the two walks
        // The grid: ten rows of 56-pixel images with 2-pixel gaps, one row per requested digit.
        Assert.Equal(2 + 10 * (56 + 2), PngHeight(pngs[1]));
        Assert.Equal(2 + 2 * (56 + 2), PngHeight(pngs[2]));   // the two walks through noise and label space

        var accuracy = Regex.Match(nb.Stdout, @"Classifier: training accuracy [\d.]+ in its last epoch; test accuracy on ([\d,]+) held-out real digits: ([\d.]+)");
        Assert.True(accuracy.Success, nb.Stdout);
        Assert.Equal("500", accuracy.Groups[1].Value);
        var agreement = Regex.Match(nb.Stdout, @"agreement ([\d.]+) \(([\d,]+) of ([\d,]+) generated digits classified as the digit asked for\)");
        Assert.True(agreement.Success, nb.Stdout);
        Assert.Equal("200", agreement.Groups[3].Value);
        Assert.Equal(Number(agreement.Groups[2].Value) / 200, Number(agreement.Groups[1].Value), 3);
        Assert.Contains($"classifier test accuracy {accuracy.Groups[2].Value} (real test digits, for comparison)", nb.Stdout);

        var tables = Tables(nb);
        Assert.Equal(2, tables.Count);
        var perDigit = tables[0];
        Assert.Equal(["digit", "test accuracy (real)", "agreement (generated)", "generated images"], perDigit.Headers);
        Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString()), perDigit.Rows.Select(r => r[0]));
        Assert.All(perDigit.Rows, row =>
        {
            Assert.InRange(Number(row[1]), 0, 1);
            Assert.InRange(Number(row[2]), 0, 1);
            Assert.Equal("20", row[3]);
        });
        Assert.Equal(Number(agreement.Groups[1].Value), perDigit.Rows.Average(r => Number(r[2])), 3);
        AssertFeatureScores(tables[1], ["untrained conditional generator", "conditional GAN, 2 epochs", "held-out real test digits"]);
    }

    /// <summary>The height in the IHDR chunk of a base64 PNG.</summary>
    static int PngHeight(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        return (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23];
    }

    static int Charts(ExecutedNotebook nb) => nb.Data("text/html").Count(h => h.Contains(PlotDiv));

    /// <summary>The final line of every training's in-place progress display, in order.</summary>
    static string[] Progress(ExecutedNotebook nb) => [.. nb.Data("text/plain").Where(t => t.StartsWith("epoch ", StringComparison.Ordinal))];

    static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    sealed record Table(string[] Headers, List<string[]> Rows);

    static List<Table> Tables(ExecutedNotebook nb) =>
        nb.Data("text/html").Where(h => h.Contains("class=\"gancourse-table\"")).Select(html => new Table(
            Cell("th").Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray(),
            Row().Matches(html).Skip(1)
                .Select(r => Cell("td").Matches(r.Value).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray())
                .ToList())).ToList();

    static Regex Cell(string tag) => new($@"<{tag}(?:\s[^>]*)?>(.*?)</{tag}>");

    [GeneratedRegex("<tr>.*?</tr>")]
    private static partial Regex Row();
}
