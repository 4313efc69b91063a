using GanCourse.Metrics;
using GanCourse.Models;
using GanCourse.Training;
using TorchSharp;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Models;

[Collection(GanCourse.Tests.Training.SeededTrainingCollection.Name)]
public class DigitClassifierTests
{
    [Fact]
    public void Flat_images_give_one_score_per_class_through_a_hidden_layer_of_64_features()
    {
        var model = DigitClassifier.Create();
        var summary = ModelSummary.Of(model, inputSize: 784);

        Assert.Equal(["[N, 1, 28, 28]", "[N, 8, 28, 28]", "[N, 8, 28, 28]", "[N, 8, 14, 14]", "[N, 16, 14, 14]", "[N, 16, 14, 14]", "[N, 16, 7, 7]", "[N, 784]", "[N, 64]", "[N, 64]", "[N, 10]"],
            summary.Layers.Select(l => l.OutputShape));
        Assert.Equal(8 * 25 + 8 + 16 * 8 * 25 + 16 + 784 * 64 + 64 + 64 * 10 + 10, summary.TotalParameters);
        Assert.Equal(54_314, summary.TotalParameters);
        using var _ = NewDisposeScope();
        Assert.Equal([5, 10], model.forward(rand(5, 784)).shape);
        Assert.Equal([5, 3], DigitClassifier.Create(classes: 3, channels: 2, features: 7).forward(rand(5, 784)).shape);
    }

    [Fact]
    public void Features_are_the_hidden_layers_activations_in_eval_mode_in_float64_on_the_cpu_in_any_batch_size()
    {
        using var _ = NewDisposeScope();
        manual_seed(3);
        var model = DigitClassifier.Create();
        var images = rand(25, 784) * 2 - 1;

        var features = DigitClassifier.Features(model, images, batchSize: 7);

        Assert.Equal([25, 64], features.shape);
        Assert.Equal(ScalarType.Float64, features.dtype);
        Assert.Equal(DeviceType.CPU, features.device_type);
        Assert.True(model.training);   // the mode it was in
        Assert.True(features.min().item<double>() >= 0);   // after ReLU
        // The same numbers as running the layers by hand (flatten … relu_c2), and the logits follow from them.
        model.eval();
        using (no_grad())
        {
            var byHand = images;
            foreach (var (name, layer) in model.named_children().TakeWhile(l => l.name != "fc_c1"))
                byHand = ((TorchSharp.torch.nn.Module<Tensor, Tensor>)layer).forward(byHand);
            Assert.True(byHand.to_type(ScalarType.Float64).allclose(features, rtol: 0, atol: 1e-6));
            var last = (TorchSharp.Modules.Linear)model.named_children().Last().module;
            Assert.True(last.forward(features.to_type(ScalarType.Float32)).allclose(model.forward(images), rtol: 1e-5, atol: 1e-5));
        }
        // Batches change only the last float32 digits (convolutions pick their algorithm by batch size).
        Assert.True(DigitClassifier.Features(model, images.reshape(25, 1, 28, 28)).allclose(features, rtol: 0, atol: 1e-6));
        Assert.Equal([0, 64], DigitClassifier.Features(model, empty(0, 784)).shape);
    }

    [Fact]
    public void Features_need_a_network_that_ends_in_a_linear_layer_and_28_by_28_images()
    {
        var model = DigitClassifier.Create();
        string Message(Action a) => Assert.Throws<ArgumentException>(a).Message;

        Assert.Contains("[N, 784]; got [3, 100]", Message(() => DigitClassifier.Features(model, zeros(3, 100))));
        Assert.Contains("should be Linear", Message(() => DigitClassifier.Features(TorchSharp.torch.nn.Sequential(("a", TorchSharp.torch.nn.Linear(784, 4)), ("b", TorchSharp.torch.nn.ReLU())), zeros(3, 784))));
        Assert.Throws<ArgumentOutOfRangeException>(() => DigitClassifier.Features(model, zeros(3, 784), batchSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DigitClassifier.Create(features: 0));
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
