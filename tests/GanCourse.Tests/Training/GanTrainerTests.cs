using GanCourse.Data;
using GanCourse.Models;
using GanCourse.Training;
using TorchSharp;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

public class GanTrainerTests
{
    static readonly TrainingOptions Quick = new() { Epochs = 2, ProgressEvery = 3 };

    [Fact]
    public void Two_epochs_on_the_embedded_subset_give_a_history_and_samples()
    {
        using var trainer = Trainer(new TrainingOptions { Epochs = 2 });

        var history = trainer.Fit(All.Images);

        Assert.Equal([1, 2], history.Epochs.Select(e => e.Epoch));
        foreach (var e in history.Epochs)
        {
            // Near the lecture's numbers: G loss ~0.7–3, D loss ~0.5–1.5, scores strictly inside (0, 1).
            Assert.InRange(e.GeneratorLoss, 0.5, 5);
            Assert.InRange(e.DiscriminatorLoss, 0.1, 2);
            Assert.InRange(e.RealScore, 0.3, 0.99);
            Assert.InRange(e.FakeScore, 0.01, 0.7);
            Assert.True(e.Seconds > 0);
        }
        Assert.Equal([1, 2], history.Samples.Select(s => s.Epoch));
        Assert.All(history.Samples, s =>
        {
            Assert.Equal(64, s.Images.Length);
            Assert.All(s.Images, image => Assert.Equal(784, image.Length));
            Assert.All(s.Images, image => Assert.InRange(image.Min(), -1f, 1f));
        });
        Assert.NotEqual(history.Samples[0].Images[0], history.Samples[1].Images[0]);
        Assert.Same(history, trainer.History);
        Assert.Equal(2, trainer.CompletedEpochs);
        Assert.StartsWith("Device: ", trainer.DeviceReport);
    }

    [Fact]
    public void Progress_comes_every_n_iterations_and_after_each_epoch()
    {
        using var trainer = Trainer(Quick);
        var reports = new List<TrainingProgress>();

        trainer.Fit(Small, progress: reports.Add);

        Assert.Equal([(1, 3), (1, 6), (1, 9), (1, 10), (2, 3), (2, 6), (2, 9), (2, 10)], reports.Select(r => (r.Epoch, r.Iteration)));
        Assert.All(reports, r => Assert.Equal((2, 10), (r.Epochs, r.IterationsPerEpoch)));
        Assert.All(reports, r => Assert.NotNull(r.Remaining));
        Assert.Equal([false, false, false, true], reports.Take(4).Select(r => r.EpochCompleted));
        Assert.Equal(TimeSpan.Zero, reports[^1].Remaining);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(trainer.History.Epochs[1], reports[^1].Completed);
        Assert.Equal(trainer.History.Epochs[1].GeneratorLoss, reports[^1].GeneratorLoss);
        Assert.Matches(@"^epoch 2/2  iter 10/10  G \d\.\d{4}  D \d\.\d{4}  D\(x\) 0\.\d{3}  D\(G\(z\)\) 0\.\d{3}  0:\d\d elapsed, ETA 0:00$", reports[^1].ToString());
    }

    [Fact]
    public void The_console_reporter_prints_epoch_lines_and_every_n_iterations()
    {
        using var trainer = Trainer(Quick with { Epochs = 2 });
        var epochsOnly = new StringWriter();
        var everyFive = new StringWriter();
        var a = ConsoleProgress.Reporter(writer: epochsOnly);
        var b = ConsoleProgress.Reporter(everyIterations: 5, writer: everyFive);

        trainer.Fit(Small, progress: p => { a(p); b(p); });

        Assert.Equal(["epoch 1/2  iter 10/10", "epoch 2/2  iter 10/10"], Lines(epochsOnly).Select(l => l[..21]));
        // Reports arrive at 3, 6, 9, 10: a line when a multiple of 5 has passed (at 6), and at the epoch end.
        Assert.Equal(["epoch 1/2  iter 6/10", "epoch 1/2  iter 10/10", "epoch 2/2  iter 6/10", "epoch 2/2  iter 10/10"],
            Lines(everyFive).Select(l => l[..(l.IndexOf("  G ", StringComparison.Ordinal))]));
    }

    static string[] Lines(StringWriter w) => w.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void The_generator_step_uses_the_non_saturating_loss_and_moves_only_g()
    {
        using var trainer = Trainer(Quick);
        using var random = new torch.Generator(1, CPU);
        using var scope = NewDisposeScope();
        var dBefore = trainer.Discriminator.parameters().Select(p => p.clone()).ToList();
        var gBefore = trainer.Generator.parameters().Select(p => p.clone()).ToList();

        var loss = trainer.TrainingStep.GeneratorStep(trainer.NoiseBatch(random));

        Assert.All(trainer.Discriminator.parameters().Zip(dBefore), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0)));
        Assert.Contains(trainer.Generator.parameters().Zip(gBefore), pair => !pair.First.allclose(pair.Second, rtol: 0, atol: 0));
        // At initialisation D(G(z)) ≈ 0.5, so −log D(G(z)) ≈ log 2.
        Assert.InRange(loss.item<float>(), 0.55f, 0.85f);
    }

    [Fact]
    public void Cancellation_stops_between_steps_and_keeps_only_complete_epochs()
    {
        using var trainer = Trainer(Quick with { Epochs = 3 });
        using var cancel = new CancellationTokenSource();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            trainer.Fit(Small, progress: p => { if (p.Epoch == 2 && p.Iteration == 6) cancel.Cancel(); }, cancellationToken: cancel.Token));

        Assert.Equal([1], trainer.History.Epochs.Select(e => e.Epoch));
        Assert.Equal([1], trainer.History.Samples.Select(s => s.Epoch));

        var history = trainer.Fit(Small);
        Assert.Equal([1, 2, 3], history.Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_clear_messages()
    {
        using var trainer = Trainer(Quick);
        Assert.Contains("[N, 784]", Assert.Throws<ArgumentException>(() => trainer.Fit(zeros(100, 28, 28))).Message);
        Assert.Contains("Float64", Assert.Throws<ArgumentException>(() => trainer.Fit(zeros([100, 784], ScalarType.Float64))).Message);
        Assert.Contains("fewer than one batch", Assert.Throws<ArgumentException>(() => trainer.Fit(zeros(10, 784))).Message);

        var e = Assert.Throws<ArgumentException>(() => new GanTrainer(GanModels.Generator(), GanModels.Discriminator(), Quick with { NoiseSize = 100, Device = CPU }));
        Assert.Contains("noise of size 100", e.Message);
        e = Assert.Throws<ArgumentException>(() => new GanTrainer(GanModels.Generator(outputSize: 100), GanModels.Discriminator(), Quick with { Device = CPU }));
        Assert.Contains("output of size 100", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GanTrainer(GanModels.Generator(), GanModels.Discriminator(), Quick with { BatchSize = 0 }));
    }

    [Fact]
    public void Generate_returns_images_from_fresh_noise_on_the_cpu()
    {
        using var trainer = Trainer(Quick);
        using var images = trainer.Generate(10, seed: 3);
        using var same = trainer.Generate(10, seed: 3);
        Assert.Equal([10, 784], images.shape);
        Assert.Equal(DeviceType.CPU, images.device_type);
        Assert.True(images.allclose(same, rtol: 0, atol: 0));
        Assert.True(trainer.Generator.training);
    }
}

[Collection(SeededTrainingCollection.Name)]
public class SeededTrainingTests
{
    static readonly TrainingOptions Quick = new() { Epochs = 4, ProgressEvery = 0 };

    [Fact]
    public void The_same_seed_gives_identical_losses_and_samples()
    {
        using var first = Trainer(Quick);
        using var second = Trainer(Quick);
        using var otherSeed = Trainer(Quick with { Seed = 2 });

        var a = first.Fit(Small);
        var b = second.Fit(Small);
        var c = otherSeed.Fit(Small);

        Assert.Equal(Losses(a), Losses(b));
        Assert.Equal(a.Samples.SelectMany(s => s.Images.SelectMany(i => i)), b.Samples.SelectMany(s => s.Images.SelectMany(i => i)));
        Assert.NotEqual(Losses(a), Losses(c));
    }

    [Fact]
    public void No_tensors_are_left_behind_from_epoch_to_epoch()
    {
        using var trainer = Trainer(Quick with { Epochs = 6, ProgressEvery = 4 });
        var live = new List<long>();

        trainer.Fit(Small, progress: p => { if (p.EpochCompleted) live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount); });

        // Epoch 1 creates the optimizers' state; from then on the count of live tensors must not move.
        Assert.Equal(6, live.Count);
        Assert.All(live.Skip(1), n => Assert.Equal(live[1], n));
    }
}
