using GanCourse.Models;
using GanCourse.Training;
using TorchSharp;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

/// <summary>Every option and the training images are checked before any work, with messages naming the option and its range (issue 12).</summary>
[Collection(SeededTrainingCollection.Name)]
public class TrainingValidationTests
{
    static readonly TrainingOptions Quick = new() { Epochs = 1, ProgressEvery = 0, SampleEpochs = [], Device = CPU };

    public static TheoryData<string, TrainingOptions, string> BadOptions => new()
    {
        { "Epochs", Quick with { Epochs = 0 }, "TrainingOptions.Epochs must be at least 1; it is 0." },
        { "BatchSize", Quick with { BatchSize = 0 }, "TrainingOptions.BatchSize must be at least 1; it is 0." },
        { "NoiseSize", Quick with { NoiseSize = -3 }, "TrainingOptions.NoiseSize must be at least 1; it is -3." },
        { "SampleCount", Quick with { SampleCount = 0 }, "TrainingOptions.SampleCount must be at least 1; it is 0." },
        { "ProgressEvery", Quick with { ProgressEvery = -1 }, "TrainingOptions.ProgressEvery must be at least 0 (0 reports at epoch ends only); it is -1." },
        { "CheckpointEvery", Quick with { CheckpointEvery = 0 }, "TrainingOptions.CheckpointEvery must be at least 1; it is 0." },
        { "CheckpointsToKeep", Quick with { CheckpointsToKeep = 0 }, "TrainingOptions.CheckpointsToKeep must be at least 1; it is 0." },
        { "GeneratorLearningRate", Quick with { GeneratorLearningRate = double.NaN }, "TrainingOptions.GeneratorLearningRate must be a finite number greater than 0 (the lecture uses 1e-3); it is NaN." },
        { "GeneratorLearningRate", Quick with { GeneratorLearningRate = double.PositiveInfinity }, "TrainingOptions.GeneratorLearningRate must be a finite number greater than 0 (the lecture uses 1e-3); it is Infinity." },
        { "GeneratorLearningRate", Quick with { GeneratorLearningRate = 0 }, "must be a finite number greater than 0" },
        { "DiscriminatorLearningRate", Quick with { DiscriminatorLearningRate = double.NegativeInfinity }, "TrainingOptions.DiscriminatorLearningRate must be a finite number greater than 0 (the lecture uses 1e-3); it is -Infinity." },
        { "DiscriminatorLearningRate", Quick with { DiscriminatorLearningRate = -1e-3 }, "it is -0.001." },
        { "Beta1", Quick with { Beta1 = double.NaN }, "TrainingOptions.Beta1 must lie in [0, 1) (Adam's decay rate of a moment; the lecture uses 0.9 and 0.999); it is NaN." },
        { "Beta1", Quick with { Beta1 = -0.1 }, "TrainingOptions.Beta1 must lie in [0, 1)" },
        { "Beta2", Quick with { Beta2 = 1 }, "TrainingOptions.Beta2 must lie in [0, 1) (Adam's decay rate of a moment; the lecture uses 0.9 and 0.999); it is 1." },
        { "Beta2", Quick with { Beta2 = double.NaN }, "it is NaN." },
        { "Noise", Quick with { Noise = (NoiseKind)7 }, "TrainingOptions.Noise must be one of Uniform, Normal; it is 7." },
        { "SampleEpochs", Quick with { SampleEpochs = [1, 0] }, "TrainingOptions.SampleEpochs must hold epoch numbers of at least 1 (epochs count from 1); it holds 0." },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void A_bad_option_is_named_with_its_range_before_any_work(string option, TrainingOptions options, string message)
    {
        ComputeDevice.Seed(3);
        var generator = GanModels.Generator();
        var before = generator.parameters().Select(p => p.clone()).ToList();

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GanTrainer(generator, GanModels.Discriminator(), options));

        Assert.Equal(option, e.ParamName);
        Assert.Contains(message, e.Message);
        Assert.All(generator.parameters().Zip(before), p => Assert.True(p.First.allclose(p.Second, rtol: 0, atol: 0)));
    }

    /// <summary>A copy of the training images with <paramref name="value"/> at the given (row, pixel) places.</summary>
    static Tensor With(float value, params (long Row, long Pixel)[] places)
    {
        var copy = Small.clone();
        foreach (var (row, pixel) in places) copy[row, pixel] = tensor(value);
        return copy;
    }

    [Fact]
    public void Null_lists_and_empty_folders_are_named()
    {
        var e = Assert.Throws<ArgumentNullException>(() => Trainer(Quick with { SampleEpochs = null! }));
        Assert.Equal("SampleEpochs", e.ParamName);
        Assert.Contains("TrainingOptions.SampleEpochs must be a list of epoch numbers (use [] for none besides the last epoch); it is null.", e.Message);

        var folder = Assert.Throws<ArgumentException>(() => Trainer(Quick with { CheckpointDirectory = " " }));
        Assert.Equal("CheckpointDirectory", folder.ParamName);
        Assert.Contains("TrainingOptions.CheckpointDirectory must name a folder; it is empty. Use null to save no checkpoints.", folder.Message);
        Assert.Contains("\0", Assert.Throws<ArgumentException>(() => Trainer(Quick with { CheckpointDirectory = "a\0b" })).Message);
    }

    public static TheoryData<string, string> BadImages => new()
    {
        { "bytes", "Images must lie in [−1, 1] (the scale of Mnist.Load and of the generator's tanh); these span [0, 255]: they look like 0…255 bytes; scale them with (v/255 − 0.5)/0.5." },
        { "zero-one", "these span [0, 1] without a single negative pixel, so they are almost surely on the [0, 1] scale: map them with PixelScale.FromZeroOne (2v − 1)." },
        { "nan", "Images must be free of NaN; 2 of 640 images contain NaN (the first is row 5). Fix or drop those images before training." },
        { "infinity", "Images must lie in [−1, 1] (the scale of Mnist.Load and of the generator's tanh); these span [-1, Infinity]." },
        { "slightly-out", "these span [-1, 1.01]." },
    };

    [Theory]
    [MemberData(nameof(BadImages))]
    public void Images_off_the_course_scale_or_with_NaN_are_refused_before_training(string kind, string message)
    {
        using var scope = NewDisposeScope();
        var images = kind switch
        {
            "bytes" => Small.add(1).mul(127.5),
            "zero-one" => Small.add(1).div(2),
            "nan" => With(float.NaN, (5, 100), (9, 3)),
            "infinity" => With(float.PositiveInfinity, (7, 0)),
            _ => With(1.01f, (0, 0)),
        };
        using var trainer = Trainer(Quick);

        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(images));

        Assert.Equal("images", e.ParamName);
        Assert.Contains(message, e.Message);
        Assert.Equal(0, trainer.CompletedEpochs);
        // Nothing was remembered from the refused call: the course's images train afterwards.
        Assert.Single(trainer.Fit(Small).Epochs);
    }
}
