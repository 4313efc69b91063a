using GanCourse.Models;
using GanCourse.Training;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

/// <summary>The DCGAN goes through the same trainer as the fully connected GAN, by its public API.</summary>
public class DcganTrainingTests
{
    [Fact]
    public void The_trainer_trains_the_convolutional_models_and_samples_them_in_eval_mode()
    {
        ComputeDevice.Seed(23);
        var options = new TrainingOptions
        {
            Epochs = 1, NoiseSize = 100, GeneratorLearningRate = 2e-4, DiscriminatorLearningRate = 2e-4, Beta1 = 0.5,
            ProgressEvery = 0, SampleCount = 8, Device = CPU,
        };
        var g = DcganModels.Generator(filters: 4);
        var d = DcganModels.Discriminator(filters: 4);
        using var trainer = new GanTrainer(g, d, options);
        var before = g.parameters().First().clone();

        var history = trainer.Fit(Small.narrow(0, 0, 256));

        var epoch = Assert.Single(history.Epochs);
        Assert.True(double.IsFinite(epoch.GeneratorLoss) && double.IsFinite(epoch.DiscriminatorLoss), epoch.ToString());
        Assert.InRange(epoch.RealScore, 0.01, 0.99);
        Assert.False(allclose(before, g.parameters().First()), "the generator's weights should have moved");
        var samples = Assert.Single(history.Samples);
        Assert.All(samples.Images, image => Assert.Equal(784, image.Length));
        // Eval mode: an image depends on its noise only, not on the rest of the batch.
        using var batch = trainer.Generate(trainer.FixedNoise);
        using var alone = trainer.Generate(trainer.FixedNoise.narrow(0, 0, 1));
        Assert.True(allclose(batch.narrow(0, 0, 1), alone, rtol: 1e-4, atol: 1e-5));
        Assert.True(g.training);
    }
}
