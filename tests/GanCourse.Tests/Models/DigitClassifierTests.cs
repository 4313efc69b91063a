using GanCourse.Models;
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
}
