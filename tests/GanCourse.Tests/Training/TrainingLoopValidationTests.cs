using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

/// <summary>Every option, part and input is checked before any work, with a message that names it and says what to do.</summary>
public class TrainingLoopValidationTests
{
    static readonly TrainingOptions Quick = new() { Epochs = 1, SampleEpochs = [], Device = CPU, ShowProgress = false };

    public static TheoryData<string, TrainingOptions, string> BadOptions => new()
    {
        { "Epochs", Quick with { Epochs = 0 }, "TrainingOptions.Epochs must be at least 1; it is 0." },
        { "BatchSize", Quick with { BatchSize = 0 }, "TrainingOptions.BatchSize must be at least 1; it is 0." },
        { "StepsPerEpoch", Quick with { StepsPerEpoch = -2 }, "TrainingOptions.StepsPerEpoch must be at least 0 (0 when training on a data set); it is -2." },
        { "CheckpointEvery", Quick with { CheckpointEvery = 0 }, "TrainingOptions.CheckpointEvery must be at least 1; it is 0." },
        { "CheckpointsToKeep", Quick with { CheckpointsToKeep = 0 }, "TrainingOptions.CheckpointsToKeep must be at least 1; it is 0." },
        { "Threads", Quick with { Threads = 0 }, "TrainingOptions.Threads must be at least 1 (or null to keep the current count); it is 0." },
        { "SampleEpochs", Quick with { SampleEpochs = [1, 0] }, "TrainingOptions.SampleEpochs must hold epoch numbers of at least 1 (epochs count from 1); it holds 0." },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void A_bad_option_is_named_with_its_range(string option, TrainingOptions options, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingLoop(options));
        Assert.Equal(option, e.ParamName);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Null_lists_and_empty_folders_are_named()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new TrainingLoop(Quick with { SampleEpochs = null! }));
        Assert.Equal("SampleEpochs", e.ParamName);
        Assert.Contains("it is null", e.Message);

        var folder = Assert.Throws<ArgumentException>(() => new TrainingLoop(Quick with { CheckpointDirectory = " " }));
        Assert.Equal("CheckpointDirectory", folder.ParamName);
        Assert.Contains("TrainingOptions.CheckpointDirectory must name a folder; it is empty. Use null to save no checkpoints.", folder.Message);
        Assert.Contains("\0", Assert.Throws<ArgumentException>(() => new TrainingLoop(Quick with { CheckpointDirectory = "a\0b" })).Message);
    }

    [Fact]
    public void Parts_need_a_file_safe_name_of_their_own_before_training_starts()
    {
        var loop = new TrainingLoop(Quick with { StepsPerEpoch = 1 });
        var net = nn.Linear(1, 1);
        Assert.Contains("letters, digits, '-' and '_' only", Assert.Throws<ArgumentException>(() => loop.Add("my/net", net)).Message);
        Assert.Contains("letters, digits", Assert.Throws<ArgumentException>(() => loop.Add(" ", net)).Message);
        loop.Add("net", net);
        Assert.Contains("already holds a part named \"net\"", Assert.Throws<ArgumentException>(() => loop.Add("net", nn.Linear(1, 1))).Message);
        loop.Fit(() => new Measures { ["x"] = tensor(1f) });
        Assert.Contains("before the first epoch", Assert.Throws<InvalidOperationException>(() => loop.Add("late", nn.Linear(1, 1))).Message);
    }

    [Fact]
    public void Steps_per_epoch_belong_to_runs_without_data_and_data_needs_a_batch()
    {
        Func<Measures> step = () => new Measures { ["x"] = tensor(1f) };
        Assert.Contains("needs TrainingOptions.StepsPerEpoch", Assert.Throws<ArgumentException>(() => new TrainingLoop(Quick).Fit(step)).Message);
        Assert.Contains("Leave it 0 (it is 5)",
            Assert.Throws<ArgumentException>(() => new TrainingLoop(Quick with { StepsPerEpoch = 5 }).Fit(zeros(100, 2), _ => step())).Message);
        Assert.Contains("The data hold 10 rows, fewer than one batch of 64",
            Assert.Throws<ArgumentException>(() => new TrainingLoop(Quick).Fit(zeros(10, 2), _ => step())).Message);
        Assert.Contains("The labels hold 99 rows; the data 100",
            Assert.Throws<ArgumentException>(() => new TrainingLoop(Quick).Fit(zeros(100, 2), zeros(99), (_, _) => step())).Message);
    }

    [Fact]
    public void Data_with_NaN_or_infinite_values_is_refused_with_the_first_bad_row()
    {
        var data = zeros(100, 3);
        data[7, 1] = tensor(float.NaN);
        data[40, 0] = tensor(float.PositiveInfinity);
        var e = Assert.Throws<ArgumentException>(() => new TrainingLoop(Quick).Fit(data, _ => new Measures { ["x"] = tensor(1f) }));
        Assert.Contains("2 of 100 rows of the data hold NaN or infinite values (the first is row 7)", e.Message);
    }

    [Fact]
    public void A_step_must_report_single_numbers_under_the_same_names_every_time()
    {
        var loop = new TrainingLoop(Quick with { StepsPerEpoch = 3 });
        Assert.Contains("returned nothing", Assert.Throws<InvalidOperationException>(() => loop.Fit(() => new Measures())).Message);
        Assert.Contains("The measure \"scores\" must be a single number; it has shape [64, 1]. Return a mean",
            Assert.Throws<InvalidOperationException>(() => new TrainingLoop(Quick with { StepsPerEpoch = 3 }).Fit(() => new Measures { ["scores"] = zeros(64, 1) })).Message);
        int calls = 0;
        var changing = Assert.Throws<InvalidOperationException>(() => new TrainingLoop(Quick with { StepsPerEpoch = 3 })
            .Fit(() => ++calls == 1 ? new Measures { ["a"] = tensor(1f) } : new Measures { ["b"] = tensor(1f) }));
        Assert.Contains("this run's steps report \"a\", this one \"b\"", changing.Message);
    }

    [Fact]
    public void Networks_on_another_device_are_named_before_the_first_step()
    {
        var net = nn.Linear(1, 1);
        // The loop is told to train on the "meta" device, where no real network lives.
        var loop = new TrainingLoop(Quick with { StepsPerEpoch = 1, Device = torch.META }).Add("critic", net);
        var e = Assert.Throws<ArgumentException>(() => loop.Fit(() => new Measures { ["x"] = tensor(1f) }));
        Assert.Contains("The critic's weights are on cpu, the loop trains on meta: move the network with .to(device)", e.Message);
    }
}
