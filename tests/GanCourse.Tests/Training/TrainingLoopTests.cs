using GanCourse.Training;
using TorchSharp;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

/// <summary>The loop's bookkeeping around a step it is given: epochs, batches, means, seeding, samples, progress.</summary>
[Collection(SeededTrainingCollection.Name)]
public class TrainingLoopTests
{
    static readonly TrainingOptions Three = new() { Epochs = 3, Device = CPU, ShowProgress = false, SampleEpochs = [] };

    sealed class Recorder : ITrainingProgress
    {
        public List<TrainingReport> Reports { get; } = [];
        public void Report(TrainingReport report) => Reports.Add(report);
    }

    [Fact]
    public void On_data_each_epoch_runs_one_step_per_full_batch_and_records_the_means_of_what_the_steps_return()
    {
        var data = arange(0, 330, dtype: ScalarType.Float32).reshape(330, 1);   // 5 batches of 64, 10 rows left over
        var seen = new List<float[]>();
        var loop = new TrainingLoop(Three);

        var history = loop.Fit(data, x =>
        {
            seen.Add(x.data<float>().ToArray());
            return new Measures { ["row mean"] = x.mean(), ["one"] = ones(1) };
        });

        Assert.Equal(15, seen.Count);
        Assert.All(seen, batch => Assert.Equal(64, batch.Length));
        Assert.Equal([1, 2, 3], history.Epochs.Select(e => e.Epoch));
        Assert.All(history.Epochs, e => Assert.Equal(5, e.Steps));
        Assert.Equal(["row mean", "one"], history.MeasureNames);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var batches = seen.Skip(5 * epoch).Take(5).ToList();
            // Each epoch visits 320 distinct rows in a new order.
            Assert.Equal(320, batches.SelectMany(b => b).Distinct().Count());
            Assert.Equal(batches.Average(b => b.Average()), history.Epochs[epoch]["row mean"], 4);
            Assert.Equal(1.0, history.Epochs[epoch]["one"]);
        }
        Assert.NotEqual(seen[0], seen[5]);
        Assert.Equal(15, history.Steps);
        Assert.Equal(history.Epochs.Sum(e => e.Seconds), history.Seconds);
        Assert.Equal(3, loop.CompletedEpochs);
    }

    [Fact]
    public void Without_data_each_epoch_runs_its_steps_and_the_step_index_and_fraction_follow_them()
    {
        var loop = new TrainingLoop(Three with { StepsPerEpoch = 4 });
        var seen = new List<(int Epoch, long Step, double Fraction)>();

        loop.Fit(() =>
        {
            seen.Add((loop.Epoch, loop.Step, loop.Fraction));
            return new Measures { ["x"] = tensor(1f) };
        });

        Assert.Equal(12, seen.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), seen.Select(s => s.Step));
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3], seen.Select(s => s.Epoch));
        Assert.Equal(0, seen[0].Fraction);
        Assert.Equal(11 / 12.0, seen[^1].Fraction, 12);
        Assert.Equal(12, loop.TotalSteps);
        Assert.Equal(1, loop.Fraction);
    }

    [Fact]
    public void Each_batch_comes_with_the_labels_of_its_rows()
    {
        var data = arange(0, 256, dtype: ScalarType.Float32).reshape(128, 2);
        var labels = arange(0, 128, dtype: ScalarType.Int64);
        var loop = new TrainingLoop(Three with { Epochs = 2 });

        loop.Fit(data, labels, (x, y) =>
        {
            // Row r holds 2r and 2r + 1; its label is r.
            Assert.True(x.select(1, 0).eq(y.to(ScalarType.Float32) * 2).all().item<bool>());
            return new Measures { ["n"] = tensor((float)y.shape[0]) };
        });

        Assert.Equal(2, loop.CompletedEpochs);
    }

    [Fact]
    public void The_seed_fixes_every_epoch_so_two_runs_agree_and_two_seeds_differ()
    {
        float[] Run(long seed) => [.. new TrainingLoop(Three with { StepsPerEpoch = 2, Seed = seed })
            .Fit(() => new Measures { ["u"] = rand(1) }).Epochs.Select(e => (float)e["u"])];

        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
        var epochs = Run(5);
        Assert.Equal(3, epochs.Distinct().Count());
    }

    [Fact]
    public void Samples_are_drawn_in_eval_mode_without_gradients_after_the_sample_epochs_and_the_last()
    {
        var network = nn.Sequential(nn.Linear(2, 3), nn.Dropout(0.5));
        var optimizer = optim.Adam(network.parameters());
        var loop = new TrainingLoop(Three with { Epochs = 4, StepsPerEpoch = 1, SampleEpochs = [2, 9] }).Add("net", network, optimizer);
        var modes = new List<(bool Training, bool Grad)>();
        using var input = ones(5, 2);

        var history = loop.Fit(() =>
        {
            Assert.True(network.training);
            optimizer.zero_grad();
            var loss = network.forward(input).square().mean();
            loss.backward();
            optimizer.step();
            return new Measures { ["loss"] = loss.detach() };
        }, samples: () =>
        {
            modes.Add((network.training, torch.is_grad_enabled()));
            return network.forward(input);
        });

        Assert.Equal([2, 4], history.Samples.Select(s => s.Epoch));
        Assert.All(modes, m => Assert.Equal((false, false), m));
        Assert.All(history.Samples, s => Assert.Equal((5, 3), (s.Images.Length, s.Images[0].Length)));
        Assert.True(network.training);
        // Dropout is off in eval mode: both samples are the network's exact output.
        using var expected = loop.Generate(() => network.forward(input));
        Assert.Equal(expected.data<float>().ToArray(), history.Samples[^1].Images.SelectMany(r => r));
        Assert.Equal(DeviceType.CPU, expected.device_type);
        Assert.False(expected.requires_grad);
    }

    [Fact]
    public void After_each_epoch_the_callback_sees_its_record_and_progress_is_reported()
    {
        var recorder = new Recorder();
        var before = TrainingLoop.DefaultProgress;
        TrainingLoop.DefaultProgress = () => recorder;
        try
        {
            var records = new List<EpochRecord>();
            var loop = new TrainingLoop(Three with { StepsPerEpoch = 2, ShowProgress = true });
            var history = loop.Fit(() => new Measures { ["x"] = tensor(2f) }, afterEpoch: records.Add);

            Assert.Equal(history.Epochs, records);
            var ends = recorder.Reports.Where(r => r.Completed is not null).ToList();
            Assert.Equal([1, 2, 3], ends.Select(r => r.Epoch));
            Assert.All(ends, r => Assert.Equal(2.0, r.Measures["x"]));
            Assert.Equal(1.0, ends[^1].Fraction);
            Assert.Equal(records[^1], ends[^1].Completed);

            recorder.Reports.Clear();
            new TrainingLoop(Three with { StepsPerEpoch = 2 }).Fit(() => new Measures { ["x"] = tensor(2f) });
            Assert.Empty(recorder.Reports);   // ShowProgress off
        }
        finally
        {
            TrainingLoop.DefaultProgress = before;
        }
    }

    [Fact]
    public void A_finished_run_does_not_train_again_and_a_longer_run_needs_the_same_data()
    {
        using var run = Trainer(Three with { Epochs = 1 });
        run.Fit(Small);
        var parameters = Flatten(run.Generator);
        Assert.Single(run.Fit(Small).Epochs);
        Assert.Equal(parameters, Flatten(run.Generator));

        var e = Assert.Throws<CheckpointException>(() => run.Fit(Small.narrow(0, 0, 128)));
        Assert.Contains("This run trained on 640 rows of data; these are 128. Continue with the same data.", e.Message);
    }

    [Fact]
    public void A_measure_that_becomes_NaN_stops_the_run_after_its_epoch_and_keeps_the_history()
    {
        var loop = new TrainingLoop(Three with { Epochs = 5, StepsPerEpoch = 3 });
        var e = Assert.Throws<TrainingDivergedException>(() => loop.Fit(() =>
            new Measures { ["G loss"] = tensor(loop.Epoch < 2 ? 1f : float.NaN), ["D loss"] = tensor(1f) }));

        Assert.Contains("Training stopped after epoch 2: the mean \"G loss\" is NaN", e.Message);
        Assert.Contains("learning rate", e.Message);
        Assert.Equal(2, loop.CompletedEpochs);
    }

    [Fact]
    public void Cancelling_stops_between_steps_and_keeps_the_completed_epochs()
    {
        using var cancel = new CancellationTokenSource();
        var loop = new TrainingLoop(Three with { StepsPerEpoch = 4 });
        Assert.Throws<OperationCanceledException>(() => loop.Fit(() =>
        {
            if (loop.Step == 5) cancel.Cancel();
            return new Measures { ["x"] = tensor(1f) };
        }, cancellationToken: cancel.Token));
        Assert.Equal(1, loop.CompletedEpochs);
    }

    [Fact]
    public void A_step_leaves_no_tensors_behind()
    {
        using var run = Trainer(Three with { Epochs = 2 });
        run.Fit(Small);   // warm up: optimizer state and the like
        var live = new List<long>();
        var loop = new TrainingLoop(Three with { Epochs = 4 });
        var step = 0;
        loop.Fit(Small, x =>
        {
            var m = GanCourse.Saved.MnistGan.TrainingStep(x, run.Generator, run.Discriminator, run.GeneratorOptimizer, run.DiscriminatorOptimizer);
            if (++step % 10 == 0) live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            return m;
        });
        Assert.True(live.Distinct().Count() <= 2, string.Join(", ", live));
    }
}
