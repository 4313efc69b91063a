using GanCourse.Saved;
using GanCourse.Training;
using TorchSharp;
using Xunit.Abstractions;
using static GanCourse.Tests.Saved.BriefTraining;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Saved;

/// <summary>
/// Every MNIST GAN family of the course, trained briefly with the library's saved code in the course loop, as
/// its notebook trains it, must beat its own untrained generator (same seed, same noise, sampled the same way)
/// by a clear margin in the feature network's eyes: an untrained generator passes every check of shapes,
/// ranges and losses, so these are what fail when a family stops learning. Each run is about the shortest
/// whose margin held on six seeds with room to spare, since another machine's rounding sends training down
/// another path (the measured shares are in lib/GanCourse/README.md, "What they show"); a run's scores are
/// written to the test output.
/// </summary>
[Collection(GanCourse.Tests.Training.SeededTrainingCollection.Name)]
public class FamiliesLearnTests(ITestOutputHelper output)
{
    /// <summary>
    /// 150 epochs of 31 steps (4,650) on 2,000 digits: the fully connected GAN needs about 2,000 steps before its
    /// digits move clearly closer to real ones in the judge's eyes (before that its samples are farther than
    /// noise), and its progress is uneven: after 2,480 steps six seeds scored 0.40–0.68 of the untrained d²,
    /// after 4,650 steps 0.24–0.41.
    /// </summary>
    [Fact]
    public void Notebook_04s_fully_connected_gan_trained_briefly_beats_its_untrained_copy_in_the_classifiers_feature_space()
    {
        using var run = Trainer(new TrainingOptions { Epochs = 150, Seed = 2, SampleEpochs = [], Threads = 1 }, initSeed: 7);
        using var noise = Noise(20);

        var learned = BriefTraining.Run("notebook 04's GAN", run.Loop, () => run.Generator.forward(noise),
            () => run.Fit(TrainImages(2000)), output);

        AssertBeatsUntrained(learned, mmdShare: 0.9);
        // Still far from what real digits score: a brief run is not a finished generator.
        Assert.True(learned.Trained.Baseline.FrechetSquared < 0.2 * learned.Trained.Generated.FrechetSquared);
    }

    /// <summary>
    /// Notebook 07's DCGAN with notebook 04's step: 10 epochs of 31 steps (310) on 2,000 digits, where six seeds
    /// scored 0.30–0.47 of the untrained d² (after 248 steps 0.37–0.55).
    /// </summary>
    [Fact]
    public void Notebook_07s_dcgan_trained_briefly_beats_its_untrained_copy_in_the_classifiers_feature_space()
    {
        using var gan = Gan(Options(epochs: 10, seed: 1), () => Dcgan.Generator(noiseSize: 100, filters: 32), () => Dcgan.Discriminator(filters: 32),
            "discriminator", learningRate: 2e-4, beta1: 0.5, beta2: 0.999);
        var (generator, discriminator, generatorOptimizer, discriminatorOptimizer, loop) = gan;
        using var noise = Noise(100);

        var learned = BriefTraining.Run("notebook 07's DCGAN", loop, () => generator.forward(noise),
            () => loop.Fit(TrainImages(2000), x => MnistGan.TrainingStep(x, generator, discriminator, generatorOptimizer, discriminatorOptimizer, noiseSize: 100)),
            output);

        AssertBeatsUntrained(learned);
    }

    /// <summary>
    /// Notebook 06's WGAN-GP on MNIST: notebook 04's generator against a 784–256–256 critic, λ = 10, five
    /// critic steps per generator step, Adam(1e-3, 0.5, 0.9) falling linearly to 1e-4 over the run: 12 epochs
    /// of 23 generator steps (276, with 1,380 critic steps) on 7,500 digits, as the notebook's 40.
    /// </summary>
    [Fact]
    public void Notebook_06s_wgan_gp_trained_briefly_beats_its_untrained_copy_in_the_classifiers_feature_space()
    {
        const double lambda = 10;
        using var gan = Gan(Options(epochs: 12, seed: 1, batchSize: 5 * 64), () => MnistGan.Generator(), () => Wgan.Critic(inputs: 784, hiddenLayers: 2, units: 256),
            "critic", learningRate: 1e-3, beta1: 0.5, beta2: 0.9);
        var (generator, critic, generatorOptimizer, criticOptimizer, wgan) = gan;
        using var noise = Noise(20);

        var learned = BriefTraining.Run("notebook 06's WGAN-GP", wgan, () => generator.forward(noise),
            () => wgan.Fit(TrainImages(7500), x =>
            {
                foreach (var group in generatorOptimizer.ParamGroups.Concat(criticOptimizer.ParamGroups)) group.LearningRate = 1e-3 * (1 - 0.9 * wgan.Fraction);
                return Wgan.WganStep(x.chunk(5), n => MnistGan.Noise(n), generator, (real, fake) => Wgan.UpdateCritic(real, fake, critic, criticOptimizer, lambda), critic, generatorOptimizer);
            }),
            output);

        AssertBeatsUntrained(learned);
    }

    /// <summary>
    /// Notebook 08's conditional GAN with its training step (labels drawn with the training digits'
    /// frequencies): 5 epochs of 31 steps (155 steps) on 2,000 labelled digits. Its digits must also be the ones
    /// asked for: the feature network's classifier (accuracy 0.958 on real digits) must see the requested
    /// digit far more often than chance and than in the untrained generator's images.
    /// </summary>
    [Fact]
    public void Notebook_08s_conditional_gan_trained_briefly_beats_its_untrained_copy_and_draws_the_digits_asked_for()
    {
        const int trainCount = 2000;
        using var gan = Gan(Options(epochs: 5, seed: 1), () => new ConditionalGan.ConditionalGenerator(), () => new ConditionalGan.ConditionalDiscriminator(),
            "discriminator", learningRate: 2e-4, beta1: 0.5, beta2: 0.999);
        var (generator, discriminator, generatorOptimizer, discriminatorOptimizer, loop) = gan;

        // Notebook 08's training step, with its labels drawn as often as the training digits show them.
        using var labelFrequencies = torch.bincount(TrainLabels(trainCount), minlength: 10).to(ScalarType.Float32);
        Tensor RandomLabels(long count, Device device) => torch.multinomial(labelFrequencies, count, replacement: true).to(device);
        Measures TrainingStep(Tensor x, Tensor y)
        {
            long n = x.shape[0];
            var (dLoss, realScores, fakeScores) = ConditionalGan.UpdateDiscriminator(x, y, MnistGan.Noise(n, 100, x.device), RandomLabels(n, x.device),
                generator, discriminator, discriminatorOptimizer);
            var gLoss = ConditionalGan.UpdateGenerator(MnistGan.Noise(n, 100, x.device), RandomLabels(n, x.device), generator, discriminator, generatorOptimizer);
            return new() { ["G loss"] = gLoss, ["D loss"] = dLoss, ["D(x)"] = realScores.mean(), ["D(G(z))"] = fakeScores.mean() };
        }
        using var noise = Noise(100);
        using var requested = RequestedLabels();

        var learned = BriefTraining.Run("notebook 08's conditional GAN", loop, () => generator.forward(noise, requested),
            () => loop.Fit(TrainImages(trainCount), TrainLabels(trainCount), TrainingStep), output, requested);

        AssertBeatsUntrained(learned);
        var (trained, untrained) = (learned.TrainedAgreement!.Share, learned.UntrainedAgreement!.Share);
        Assert.True(trained > 0.3, $"agreement {trained:F3}: the requested digit should be seen far more often than chance (0.1)\n{learned}");
        Assert.True(trained > untrained + 0.2, $"agreement {trained:F3} trained, {untrained:F3} untrained\n{learned}");
    }
}
