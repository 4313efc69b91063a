using GanCourse.Models;
using GanCourse.Training;
using TorchSharp;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

public class ConditionalGanTrainerTests
{
    static readonly TrainingOptions Quick = new() { Epochs = 2, NoiseSize = 100, ProgressEvery = 0, SampleCount = 20, SampleEpochs = [1] };

    static ConditionalGanTrainer Trainer(TrainingOptions options, long initSeed = 7, int hiddenUnits = 32)
    {
        ComputeDevice.Seed(initSeed);
        return new ConditionalGanTrainer(
            ConditionalGanModels.Generator(noiseSize: options.NoiseSize, hiddenUnits: hiddenUnits),
            ConditionalGanModels.Discriminator(hiddenUnits: hiddenUnits),
            options with { Device = CPU });
    }

    static Tensor SmallLabels => All.Labels.narrow(0, 0, 640);

    [Fact]
    public void Two_epochs_give_a_history_and_samples_of_the_fixed_noise_with_labels_cycling_through_the_digits()
    {
        using var trainer = Trainer(Quick);
        var reports = new List<TrainingProgress>();

        var history = trainer.Fit(Small, SmallLabels, reports.Add);

        Assert.Equal([1, 2], history.Epochs.Select(e => e.Epoch));
        Assert.All(history.Epochs, e =>
        {
            Assert.InRange(e.GeneratorLoss, 0.1, 10);
            Assert.InRange(e.DiscriminatorLoss, 0.01, 3);
            Assert.InRange(e.RealScore, 0.01, 0.999);
            Assert.InRange(e.FakeScore, 0.001, 0.99);
        });
        Assert.Equal([1, 2], history.Samples.Select(s => s.Epoch));   // the listed epoch and the last
        Assert.All(history.Samples, s => Assert.Equal(20, s.Images.Length));
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], trainer.FixedLabels.data<long>().ToArray());
        Assert.Equal([20, 100], trainer.FixedNoise.shape);
        Assert.Equal([1, 2], reports.Select(r => r.Completed!.Epoch));
        Assert.Equal(784, trainer.ImageSize);
        Assert.StartsWith("Device: ", trainer.DeviceReport);
        Assert.True(trainer.Generator.training);
    }

    [Fact]
    public void It_learns_to_obey_the_label_on_a_two_class_toy_problem()
    {
        // Class 0 lights the left half of a 16-pixel "image", class 1 the right half; a little noise on top.
        ComputeDevice.Seed(31);
        var labels = arange(1280, ScalarType.Int64).remainder(2);
        var left = cat([ones(8), full(8, -1f)]);
        var templates = stack([left, left.flip(0)]);
        var images = (templates.index_select(0, labels) * 0.8f + randn(1280, 16) * 0.05f).clamp(-1, 1);
        var options = new TrainingOptions { Epochs = 15, NoiseSize = 8, ProgressEvery = 0, SampleEpochs = [], GeneratorLearningRate = 2e-3, DiscriminatorLearningRate = 2e-3, Beta1 = 0.5, Device = CPU };
        using var trainer = new ConditionalGanTrainer(
            ConditionalGanModels.Generator(noiseSize: 8, classes: 2, embeddingSize: 2, hiddenLayers: 1, hiddenUnits: 32, imageSize: 16),
            ConditionalGanModels.Discriminator(classes: 2, embeddingSize: 2, hiddenLayers: 1, hiddenUnits: 32, dropout: 0, imageSize: 16),
            options);

        trainer.Fit(images, labels);

        using var zeros_ = trainer.Generate(zeros(200, ScalarType.Int64), seed: 1);
        using var ones_ = trainer.Generate(ones(200, ScalarType.Int64), seed: 1);
        float LeftMinusRight(Tensor x) => (x.narrow(1, 0, 8).mean() - x.narrow(1, 8, 8).mean()).item<float>();
        Assert.True(LeftMinusRight(zeros_) > 0.8f, $"class 0 should light the left half: {LeftMinusRight(zeros_)}");
        Assert.True(LeftMinusRight(ones_) < -0.8f, $"class 1 should light the right half: {LeftMinusRight(ones_)}");
    }

    [Fact]
    public void The_generator_step_freezes_the_discriminator_only_for_its_own_pass()
    {
        using var trainer = Trainer(Quick with { Epochs = 1 });
        // A weight the user froze stays frozen and unchanged; every other weight trains again afterwards.
        var userFrozen = trainer.Discriminator.parameters().First();
        userFrozen.requires_grad = false;
        using var before = userFrozen.detach().clone();
        var others = trainer.Discriminator.parameters().Skip(1).ToArray();
        using var otherBefore = others[0].detach().clone();

        trainer.Fit(Small, SmallLabels);

        Assert.False(userFrozen.requires_grad);
        Assert.True(allclose(userFrozen, before, rtol: 0, atol: 0));
        Assert.All(others, p => Assert.True(p.requires_grad));
        Assert.False(allclose(otherBefore, others[0]), "the discriminator's other weights should have trained");
    }

    [Fact]
    public void The_grid_has_one_row_per_class_and_one_noise_vector_per_column()
    {
        using var trainer = Trainer(Quick with { Epochs = 1 });
        trainer.Fit(Small, SmallLabels);

        using var grid = trainer.GenerateGrid(columns: 4, seed: 3);
        Assert.Equal([40, 784], grid.shape);
        for (int k = 0; k < 10; k++)
        {
            // Generate(labels, seed) draws the same first noise vectors from the same seed.
            using var row = trainer.Generate(full(4, (long)k), seed: 3);
            Assert.True(allclose(row, grid.narrow(0, 4 * k, 4), rtol: 1e-5, atol: 1e-6), $"row {k}");
        }
        Assert.False(allclose(grid.narrow(0, 0, 4), grid.narrow(0, 4, 4)));
        Assert.Equal([0L, 0, 1, 1, 2, 2], trainer.BalancedLabels(2).data<long>().ToArray()[..6]);
        Assert.Equal(30, trainer.BalancedLabels(3).shape[0]);
    }

    [Fact]
    public void Cancellation_keeps_the_completed_epochs_and_training_can_continue()
    {
        using var trainer = Trainer(Quick with { Epochs = 3, ProgressEvery = 2 });
        using var cancel = new CancellationTokenSource();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            trainer.Fit(Small, SmallLabels, p => { if (p.Epoch == 2 && p.Iteration == 4) cancel.Cancel(); }, cancel.Token));
        Assert.Equal([1], trainer.History.Epochs.Select(e => e.Epoch));

        trainer.Fit(Small, SmallLabels);
        Assert.Equal([1, 2, 3], trainer.History.Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_clear_messages()
    {
        using var trainer = Trainer(Quick);
        string Message(Action a) => Assert.Throws<ArgumentException>(a).Message;

        Assert.Contains("0 … 9", Message(() => trainer.Fit(Small, SmallLabels + 1)));
        Assert.Contains("640 images but 639 labels", Message(() => trainer.Fit(Small, SmallLabels.narrow(0, 0, 639))));
        Assert.Contains("int64", Message(() => trainer.Fit(Small, SmallLabels.to_type(ScalarType.Float32))));
        Assert.Contains("[N, 784]", Message(() => trainer.Fit(Small.reshape(640, 28, 28), SmallLabels)));
        Assert.Contains("fewer than one batch", Message(() => trainer.Fit(Small.narrow(0, 0, 10), SmallLabels.narrow(0, 0, 10))));
        Assert.Contains("noise [3, 100]", Message(() => trainer.Generate(zeros(3, 20), zeros(3, ScalarType.Int64))));
        Assert.Contains("0 … 9", Message(() => trainer.Generate(full(2, 10L), seed: 1)));

        Assert.Contains("checkpoints", Message(() => Trainer(Quick with { CheckpointDirectory = "x" })));
        Assert.Contains("NoiseSize is 20", Message(() => new ConditionalGanTrainer(ConditionalGanModels.Generator(), ConditionalGanModels.Discriminator(), Quick with { NoiseSize = 20 })));
        Assert.Contains("10 classes", Message(() => new ConditionalGanTrainer(ConditionalGanModels.Generator(), ConditionalGanModels.Discriminator(classes: 3), Quick)));
        Assert.Contains("discriminator does not accept", Message(() => new ConditionalGanTrainer(ConditionalGanModels.Generator(), ConditionalGanModels.Discriminator(imageSize: 100), Quick)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer(Quick with { Epochs = -1 }));
    }
}

[Collection(SeededTrainingCollection.Name)]
public class ConditionalGanTrainerSeedTests
{
    [Fact]
    public void The_same_seeds_give_the_same_run()
    {
        var options = new TrainingOptions { Epochs = 2, NoiseSize = 100, ProgressEvery = 0, SampleCount = 10, Device = CPU };
        (double, double, double, double)[] Run(long seed)
        {
            ComputeDevice.Seed(5);
            using var trainer = new ConditionalGanTrainer(ConditionalGanModels.Generator(hiddenUnits: 32), ConditionalGanModels.Discriminator(hiddenUnits: 32), options with { Seed = seed });
            return Losses(trainer.Fit(Small, All.Labels.narrow(0, 0, 640)));
        }

        var first = Run(1);
        Assert.Equal(first, Run(1));
        Assert.NotEqual(first, Run(2));
    }
}
