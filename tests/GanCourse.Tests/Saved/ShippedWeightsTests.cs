using GanCourse.Data;
using GanCourse.Models;
using GanCourse.Saved;
using GanCourse.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GanCourse.Tests.Saved;

/// <summary>
/// The trained weights that ship with the course (notebooks/trained/, made by tools/train-weights) load into
/// the library's copies of the notebooks' networks, and the longer-trained generators draw digits that
/// notebook 08's classifier (trained on real digits) reads: it is sure (probability at least 0.9) of the
/// class of far more of 1,000 samples than of an untrained generator's, and every digit gets at least 5 %
/// of them. The share of sure samples is printed; the classifier is sure of 92 % of held-out real digits.
/// </summary>
[Collection(GanCourse.Tests.Training.SeededTrainingCollection.Name)]
public class ShippedWeightsTests(ITestOutputHelper output)
{
    static string Trained(string folder) => Path.Combine(TestPaths.RepoRoot, "notebooks", "trained", folder);

    /// <summary>The epochs of the longer run a notebook ships and compares its own with (its parameter <c>longEpochs</c>).</summary>
    static int LongEpochs(string notebook)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "notebooks", notebook));
        var match = System.Text.RegularExpressions.Regex.Match(text, @"int longEpochs = (\d+);");
        Assert.True(match.Success, $"{notebook} declares no parameter longEpochs");
        return int.Parse(match.Groups[1].Value);
    }

    static readonly Lazy<nn.Module<Tensor, Tensor>> Classifier = new(() =>
    {
        // Notebook 08's classifier: its architecture, data (the first 7,500 embedded digits), epochs and seed.
        var digits = EmbeddedMnist.Load();
        torch.manual_seed(1);
        var classifier = DigitClassifier.Create();
        DigitClassifier.Train(classifier, digits.Images.narrow(0, 0, 7500), digits.Labels.narrow(0, 0, 7500), epochs: 3, seed: 1);
        return classifier;
    });

    /// <summary>The share of <paramref name="images"/> whose class the classifier gives probability at least 0.9, and each class's share.</summary>
    static (double Sure, float[] Shares) Judge(Tensor images)
    {
        var classifier = Classifier.Value;
        classifier.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (best, classes) = nn.functional.softmax(classifier.forward(images), 1).max(1);
        return (best.ge(0.9).to(ScalarType.Float32).mean().item<float>(),
            [.. Enumerable.Range(0, 10).Select(d => classes.eq(d).to(ScalarType.Float32).mean().item<float>())]);
    }

    /// <summary>
    /// Loads the weights into the generator (and its partner, named as in the notebook), judges 1,000 samples
    /// against an untrained generator of the same architecture, and requires a share of sure samples of at
    /// least <paramref name="leastSure"/>. The loop's settings must match the notebook's (seed 1, its batch size).
    /// </summary>
    void DrawsDigits(string folder, Func<nn.Module<Tensor, Tensor>> newGenerator, string partnerName, nn.Module partner, int noiseSize, double leastSure, int batchSize = 64)
    {
        ComputeDevice.Seed(1);
        var untrained = newGenerator();
        var generator = newGenerator();
        var loop = new TrainingLoop(new TrainingOptions { BatchSize = batchSize, Device = CPU, ShowProgress = false }).Add("generator", generator).Add(partnerName, partner);
        var log = new StringWriter();
        Assert.True(loop.LoadTrained(Trained(folder), log) is not null, log.ToString());

        torch.manual_seed(5);
        using var noise = MnistGan.Noise(1000, noiseSize);
        using var samples = loop.Generate(() => generator.forward(noise));
        using var untrainedSamples = loop.Generate(() => untrained.forward(noise));
        var (sure, shares) = Judge(samples);
        var (untrainedSure, _) = Judge(untrainedSamples);
        output.WriteLine(log.ToString().Trim());
        output.WriteLine($"{folder}: {sure:P1} of 1,000 samples classified with p ≥ 0.9 (untrained generator: {untrainedSure:P1}); shares per digit {string.Join(" ", shares.Select(s => s.ToString("P1")))}");

        Assert.True(sure >= leastSure, $"{folder}: only {sure:P1} of the samples get a class with probability ≥ 0.9");
        Assert.True(sure >= 2 * untrainedSure, $"{folder}: {sure:P1} of the samples get a sure class, against {untrainedSure:P1} of an untrained generator's");
        Assert.True(shares.Min() >= 0.05, $"{folder}: digit {Array.IndexOf(shares, shares.Min())} gets only {shares.Min():P1} of the samples");
    }

    [Fact]
    public void The_dcgan_of_notebook_07_draws_digits()
    {
        DrawsDigits($"07-dcgan/dcgan-{LongEpochs("07-dcgan.ipynb")}-epochs", () => Dcgan.Generator(), "discriminator", Dcgan.Discriminator(), noiseSize: 100, leastSure: 0.6);
    }

    [Fact]
    public void The_wgan_gp_of_notebook_06_draws_digits()
    {
        DrawsDigits($"06-wasserstein-gan/mnist-{LongEpochs("06-wasserstein-gan.ipynb")}-epochs", () => MnistGan.Generator(), "critic", Wgan.Critic(784, hiddenLayers: 2, units: 256), noiseSize: 20, leastSure: 0.4, batchSize: 5 * 64);
    }
}
