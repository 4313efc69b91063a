using GanCourse.Metrics;
using GanCourse.Models;
using GanCourse.Training;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

public class ClassifierTrainerTests
{
    [Fact]
    public void Three_epochs_on_2000_real_digits_classify_unseen_ones_well_and_leave_the_model_in_eval_mode()
    {
        ComputeDevice.Seed(17);
        var model = DigitClassifier.Create();
        var seen = new List<ClassifierEpoch>();

        var epochs = ClassifierTrainer.Fit(model, All.Images.narrow(0, 0, 2000), All.Labels.narrow(0, 0, 2000), new ClassifierOptions { Epochs = 3 }, seen.Add);

        Assert.Equal([1, 2, 3], epochs.Select(e => e.Epoch));
        Assert.Equal(epochs, seen);
        Assert.True(epochs[2].Loss < epochs[0].Loss, $"loss {epochs[0].Loss} then {epochs[2].Loss}");
        Assert.InRange(epochs[2].TrainingAccuracy, 0.7, 1);
        Assert.False(model.training);
        var test = LabelAgreement.Score(model, All.Images.narrow(0, 9000, 1000), All.Labels.narrow(0, 9000, 1000));
        Assert.Equal(1000, test.Count);
        Assert.InRange(test.Share, 0.8, 1);
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_clear_messages()
    {
        var model = DigitClassifier.Create();
        var images = All.Images.narrow(0, 0, 100);
        var labels = All.Labels.narrow(0, 0, 100);
        string Message(Action a) => Assert.Throws<ArgumentException>(a).Message;

        Assert.Contains("int64", Message(() => ClassifierTrainer.Fit(model, images, labels.to_type(ScalarType.Int32))));
        Assert.Contains("one label per image", Message(() => ClassifierTrainer.Fit(model, images, labels.narrow(0, 0, 99))));
        Assert.Contains("fewer than one batch", Message(() => ClassifierTrainer.Fit(model, images, labels, new ClassifierOptions { BatchSize = 128 })));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassifierTrainer.Fit(model, images, labels, new ClassifierOptions { Epochs = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassifierTrainer.Fit(model, images, labels, new ClassifierOptions { LearningRate = double.NaN }));
    }
}
