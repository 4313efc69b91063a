using GanCourse.Metrics;
using GanCourse.Models;
using GanCourse.Training;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Models;

public class DigitClassifierTests
{
    [Fact]
    public void Flat_images_give_one_score_per_class_from_about_11_thousand_parameters()
    {
        var model = DigitClassifier.Create();
        var summary = ModelSummary.Of(model, inputSize: 784);

        Assert.Equal(["[N, 1, 28, 28]", "[N, 8, 28, 28]", "[N, 8, 28, 28]", "[N, 8, 14, 14]", "[N, 16, 14, 14]", "[N, 16, 14, 14]", "[N, 16, 7, 7]", "[N, 784]", "[N, 10]"],
            summary.Layers.Select(l => l.OutputShape));
        Assert.Equal(8 * 25 + 8 + 16 * 8 * 25 + 16 + 784 * 10 + 10, summary.TotalParameters);
        using var _ = NewDisposeScope();
        Assert.Equal([5, 10], model.forward(rand(5, 784)).shape);
        Assert.Equal([5, 3], DigitClassifier.Create(classes: 3, channels: 2).forward(rand(5, 784)).shape);
    }

    [Fact]
    public void Nonsense_sizes_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DigitClassifier.Create(classes: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => DigitClassifier.Create(channels: 0));
    }

    [Fact]
    public void Three_epochs_on_2000_real_digits_classify_unseen_ones_well_and_leave_the_model_in_eval_mode()
    {
        ComputeDevice.Seed(17);
        var model = DigitClassifier.Create();

        var history = DigitClassifier.Train(model, All.Images.narrow(0, 0, 2000), All.Labels.narrow(0, 0, 2000), epochs: 3);

        Assert.Equal([1, 2, 3], history.Epochs.Select(e => e.Epoch));
        Assert.True(history.Epochs[2]["loss"] < history.Epochs[0]["loss"], $"loss {history.Epochs[0]["loss"]} then {history.Epochs[2]["loss"]}");
        Assert.InRange(history.Epochs[2]["training accuracy"], 0.7, 1);
        Assert.False(model.training);
        var test = LabelAgreement.Score(model, All.Images.narrow(0, 9000, 1000), All.Labels.narrow(0, 9000, 1000));
        Assert.Equal(1000, test.Count);
        Assert.InRange(test.Share, 0.8, 1);
        // An untrained classifier of the same shape guesses.
        ComputeDevice.Seed(17);
        Assert.InRange(LabelAgreement.Score(DigitClassifier.Create(), All.Images.narrow(0, 9000, 1000), All.Labels.narrow(0, 9000, 1000)).Share, 0, 0.3);
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_clear_messages()
    {
        var model = DigitClassifier.Create();
        var images = All.Images.narrow(0, 0, 100);
        var labels = All.Labels.narrow(0, 0, 100);
        string Message(Action a) => Assert.Throws<ArgumentException>(a).Message;

        Assert.Contains("int64", Message(() => DigitClassifier.Train(model, images, labels.to_type(ScalarType.Int32))));
        Assert.Contains("The labels hold 99 rows; the data 100", Message(() => DigitClassifier.Train(model, images, labels.narrow(0, 0, 99))));
        Assert.Contains("fewer than one batch", Message(() => DigitClassifier.Train(model, images.narrow(0, 0, 50), labels.narrow(0, 0, 50))));
        Assert.Throws<ArgumentOutOfRangeException>(() => DigitClassifier.Train(model, images, labels, epochs: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DigitClassifier.Train(model, images, labels, learningRate: double.NaN));
    }
}
