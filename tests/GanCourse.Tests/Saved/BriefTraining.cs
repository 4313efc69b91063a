using System.Diagnostics;
using System.Globalization;
using GanCourse.Metrics;
using GanCourse.Saved;
using GanCourse.Tests.Metrics;
using GanCourse.Training;
using TorchSharp;
using Xunit.Abstractions;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Saved;

/// <summary>A run (family, epochs, steps, digits) and its generator's scores before and after it; the agreement with the requested labels when it draws digits on request.</summary>
sealed record Learned(string Run, FeatureQualityScore Trained, FeatureQualityScore Untrained, double Seconds,
    AgreementScore? TrainedAgreement = null, AgreementScore? UntrainedAgreement = null)
{
    public override string ToString()
    {
        var agreement = TrainedAgreement is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $"\nagreement with the requested labels: trained {TrainedAgreement.Share:F3}, untrained {UntrainedAgreement!.Share:F3} (chance 0.1)");
        return string.Create(CultureInfo.InvariantCulture, $"{Run}, trained for {Seconds:F1} s:\n{Trained}\nthe same generator untrained:\n{Untrained}{agreement}");
    }
}

/// <summary>A generator, its judge, their optimizers and the loop that trains them (<see cref="BriefTraining.Gan"/>).</summary>
sealed record Gan<TG, TJ>(TG Generator, TJ Judge, optim.Optimizer GeneratorOptimizer, optim.Optimizer JudgeOptimizer, TrainingLoop Loop) : IDisposable
    where TG : nn.Module where TJ : nn.Module
{
    public void Dispose()
    {
        GeneratorOptimizer.Dispose();
        JudgeOptimizer.Dispose();
    }
}

/// <summary>
/// What the tests that train a GAN family briefly share: the digits (training digits from the start of the
/// embedded set; reference and held-out real digits from 7,500 on, which the feature network never saw),
/// the loop's options, fixed noise, scoring the generator before and after training in the course's
/// feature space, and the margin every family must beat its untrained self by.
/// </summary>
static class BriefTraining
{
    /// <summary>Generated images per score, and held-out real ones: as many of each.</summary>
    public const int Images = 1000;

    /// <summary>Embedded digits 7,500–8,999: the reference every set is scored against.</summary>
    public static Tensor Reference => All.Images.narrow(0, 7500, 1500);

    /// <summary>Embedded digits 9,000–9,999: the real-vs-real baseline.</summary>
    public static Tensor HeldOut => All.Images.narrow(0, 9000, Images);

    /// <summary>The first <paramref name="count"/> embedded digits, which the GANs train on (as notebooks 06–08 train on 0–7,499).</summary>
    public static Tensor TrainImages(int count) => All.Images.narrow(0, 0, count);

    /// <summary>The first <paramref name="count"/> embedded labels.</summary>
    public static Tensor TrainLabels(int count) => All.Labels.narrow(0, 0, count);

    /// <summary>Options of a seeded run on the CPU, one thread, no progress and no kept samples.</summary>
    public static TrainingOptions Options(int epochs, long seed, int batchSize = 64) =>
        new() { Epochs = epochs, Seed = seed, BatchSize = batchSize, SampleEpochs = [], Threads = 1, Device = CPU, ShowProgress = false };

    /// <summary>
    /// A generator and its judge (discriminator or critic), created in that order after seeding with the
    /// run's seed, each with Adam(<paramref name="learningRate"/>, <paramref name="beta1"/>, <paramref name="beta2"/>)
    /// as the notebooks give them, in a loop of <paramref name="options"/> that keeps them as "generator" and <paramref name="judgeName"/>.
    /// </summary>
    public static Gan<TG, TJ> Gan<TG, TJ>(TrainingOptions options, Func<TG> generator, Func<TJ> judge, string judgeName,
        double learningRate, double beta1, double beta2) where TG : nn.Module where TJ : nn.Module
    {
        ComputeDevice.Seed(options.Seed);
        var (g, j) = (generator(), judge());
        var gOptimizer = optim.Adam(g.parameters(), learningRate, beta1, beta2);
        var jOptimizer = optim.Adam(j.parameters(), learningRate, beta1, beta2);
        return new(g, j, gOptimizer, jOptimizer, new TrainingLoop(options).Add("generator", g, gOptimizer).Add(judgeName, j, jOptimizer));
    }

    /// <summary><see cref="Images"/> noise vectors of <paramref name="size"/>, the same in every test (seed 1000).</summary>
    public static Tensor Noise(int size)
    {
        torch.manual_seed(1000);
        return MnistGan.Noise(Images, size);
    }

    /// <summary>Every digit 0–9 equally often, <see cref="Images"/> in all: the labels a conditional generator is asked for.</summary>
    public static Tensor RequestedLabels() => torch.arange(10).repeat_interleave(Images / 10);

    /// <summary>
    /// Samples <paramref name="draw"/> through <paramref name="loop"/> (eval mode, no gradients, as a notebook
    /// samples), runs <paramref name="fit"/>, samples again, and scores both against the reference; with
    /// <paramref name="labels"/>, also how often the feature network's classifier sees the requested digit.
    /// </summary>
    public static Learned Run(string family, TrainingLoop loop, Func<Tensor> draw, Action fit, ITestOutputHelper output, Tensor? labels = null)
    {
        var network = TrainedFeatures.Network;
        using var untrained = loop.Generate(draw);
        var clock = Stopwatch.StartNew();
        fit();
        var seconds = clock.Elapsed.TotalSeconds;
        using var trained = loop.Generate(draw);
        var run = string.Create(CultureInfo.InvariantCulture,
            $"{family}, {loop.CompletedEpochs} epochs of {loop.History.Epochs[^1].Steps} steps on {loop.DataRows:N0} digits");
        var learned = new Learned(run,
            FeatureQuality.Score(network, Reference, HeldOut, trained), FeatureQuality.Score(network, Reference, HeldOut, untrained), seconds,
            labels is null ? null : LabelAgreement.Score(network.Classifier, trained, labels),
            labels is null ? null : LabelAgreement.Score(network.Classifier, untrained, labels));
        output.WriteLine(learned.ToString());
        return learned;
    }

    /// <summary>
    /// The margin every family must beat its untrained generator by: a Fréchet d² below
    /// <paramref name="frechetShare"/> of the untrained one's, a kernel MMD² below <paramref name="mmdShare"/>
    /// of it, and still short of what held-out real digits score (the baseline row is the floor).
    /// </summary>
    public static void AssertBeatsUntrained(Learned learned, double frechetShare = 0.7, double mmdShare = 1.0)
    {
        var (trained, untrained) = (learned.Trained.Generated, learned.Untrained.Generated);
        Assert.True(trained.FrechetSquared < frechetShare * untrained.FrechetSquared,
            $"{learned.Run}: Fréchet d² {trained.FrechetSquared:F1} trained, {untrained.FrechetSquared:F1} untrained; needs below {frechetShare} × untrained\n{learned}");
        Assert.True(trained.KernelMmdSquared < mmdShare * untrained.KernelMmdSquared,
            $"{learned.Run}: kernel MMD² {trained.KernelMmdSquared:F1} trained, {untrained.KernelMmdSquared:F1} untrained; needs below {mmdShare} × untrained\n{learned}");
        Assert.True(learned.Trained.Baseline.FrechetSquared < trained.FrechetSquared, $"held-out real digits should score best\n{learned}");
    }
}
