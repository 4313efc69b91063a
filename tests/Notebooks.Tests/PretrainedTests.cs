using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Notebooks.Tests;

/// <summary>
/// The trained weights that ship with the course (notebooks/trained/): with <c>pretrained=true</c> a notebook
/// loads them and their history instead of training, at full size; weights it cannot load give one line and
/// the notebook trains.
/// </summary>
[Collection(NotebookRunCollection.Name)]
public partial class PretrainedTests(NotebookRun run, ITestOutputHelper log)
{
    [GeneratedRegex(@"\[\s*(\d+)/\d+\] ok\s+([\d.]+) s")]
    private static partial Regex CellTime();

    /// <summary>The runner's per-cell times: the slowest cell's number and seconds.</summary>
    static (int Cell, double Seconds) Slowest(string output) =>
        CellTime().Matches(output).Select(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .MaxBy(c => c.Item2);

    /// <summary>The notebooks that ship trained weights, and how many runs each loads.</summary>
    static readonly Dictionary<string, int> Loads = new()
    {
        ["04-mnist-gan.ipynb"] = 1,
        ["06-wasserstein-gan.ipynb"] = 4,   // WGAN-GP on MNIST, the vanilla GAN and WGAN-GP on the ring, the longer WGAN-GP run
        ["07-dcgan.ipynb"] = 3,             // the DCGAN, the fully connected GAN it is compared with, the longer DCGAN run
        ["08-conditional-gan.ipynb"] = 1,
    };

    [Fact]
    public void The_whole_course_runs_at_full_size_from_the_shipped_weights()
    {
        var outDir = Directory.CreateTempSubdirectory("pretrained-").FullName;
        try
        {
            var (exitCode, output) = run.RunCourse(outDir, "pretrained=true");
            Assert.True(exitCode == 0, $"the course with pretrained=true: the runner exited with {exitCode}\n{output}");
            foreach (var (name, loads) in Loads)
            {
                var executed = new ExecutedNotebook(Path.Combine(outDir, name));
                Assert.Empty(executed.OutputsOfType("error"));
                Assert.DoesNotContain("No trained weights loaded", executed.Stdout);
                Assert.Equal(loads, Regex.Matches(executed.Stdout, @"^Loaded trained weights from trained/", RegexOptions.Multiline).Count);
            }
            // Full size: notebook 04's run of 100 epochs on the embedded 10,000 digits, not a quick one.
            Assert.Contains("100 epochs, 15,600 steps in", new ExecutedNotebook(Path.Combine(outDir, "04-mnist-gan.ipynb")).Stdout);
            // The in-class runs, with the longer shipped runs scored next to them.
            foreach (var (name, inClass, longer) in new[] { ("06-wasserstein-gan.ipynb", "WGAN-GP, 40 epochs (this run)", "WGAN-GP, 200 epochs (shipped)"), ("07-dcgan.ipynb", "DCGAN, 15 epochs (this run)", "DCGAN, 120 epochs (shipped)") })
            {
                var html = string.Concat(new ExecutedNotebook(Path.Combine(outDir, name)).Data("text/html"));
                Assert.Contains(inClass, html);
                Assert.Contains(longer, html);
            }

            // The slowest cell of each notebook and of the course, as the runner timed them.
            var perNotebook = Regex.Split(output, @"(?=^notebooks/\S+\.ipynb: \d+ cells)", RegexOptions.Multiline).Where(s => s.StartsWith("notebooks/", StringComparison.Ordinal));
            foreach (var part in perNotebook)
            {
                var (cell, seconds) = Slowest(part);
                log.WriteLine($"{part[..part.IndexOf(':')]}: slowest cell {cell}, {seconds:F2} s");
            }
            var slowest = Slowest(output);
            log.WriteLine($"the whole course with pretrained=true: slowest cell {slowest.Seconds:F2} s");
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    /// <summary>
    /// Runs <paramref name="notebook"/> quick with <c>pretrained=true</c> and an empty weights folder, requires a
    /// clean run, and returns the executed notebook, the lines that say no weights were loaded, and the folder.
    /// </summary>
    void WithoutWeights(string notebook, Action<ExecutedNotebook, List<string>, string> check)
    {
        var outDir = Directory.CreateTempSubdirectory("pretrained-").FullName;
        var empty = Directory.CreateTempSubdirectory("no-weights-").FullName;
        try
        {
            var (exitCode, output, executed) = run.RunCourseNotebook(notebook, outDir, "quick=true", "pretrained=true", $"trainedDir={empty}");
            Assert.True(exitCode == 0, $"{notebook} with pretrained=true and no weights: the runner exited with {exitCode}\n{output}");
            Assert.Empty(executed!.OutputsOfType("error"));
            check(executed, [.. executed.Stdout.Split('\n').Where(l => l.StartsWith("No trained weights loaded", StringComparison.Ordinal))], empty);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void Without_the_longer_run_the_comparison_is_one_line() => WithoutWeights("07-dcgan.ipynb", (executed, lines, empty) =>
    {
        Assert.Equal(3, lines.Count);
        Assert.Equal(2, lines.Count(l => l.StartsWith("No trained weights loaded, training instead: ", StringComparison.Ordinal)));
        Assert.Equal($"No trained weights loaded, so there is no longer run to compare: {empty}/dcgan-120-epochs does not exist.", lines[2]);
        Assert.DoesNotContain("(shipped)", string.Concat(executed.Data("text/html")));
    });

    [Fact]
    public void Weights_that_are_not_there_give_one_line_and_the_notebook_trains() => WithoutWeights("04-mnist-gan.ipynb", (executed, lines, empty) =>
    {
        Assert.Equal($"No trained weights loaded, training instead: {empty} holds no checkpoint.json.", Assert.Single(lines));
        Assert.Contains("3 epochs, 150 steps in", executed.Stdout);
    });
}
