using GanCourse.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// The value check <see cref="GanTrainer.Fit"/> makes on its images before any work: the pixels must be on
/// the course's scale [−1, 1] (what <c>Mnist.Load</c> gives and what the generator's tanh can produce) and
/// free of NaN. It costs one min and one max over the whole set, once per Fit, on the images' own device
/// (a few tens of milliseconds for full MNIST on a CPU), never per step.
/// </summary>
static class TrainingImages
{
    public static void RequireCourseScale(Tensor images)
    {
        var (min, max) = PixelRange.Extremes(images);
        if (double.IsNaN(min) || double.IsNaN(max))
            throw new ArgumentException($"Images must be free of NaN; {NaNs(images)}. Fix or drop those images before training.", nameof(images));
        if (!PixelRange.WithinMinusOneToOne(min, max))
            throw new ArgumentException($"Images must lie in [−1, 1] (the scale of Mnist.Load and of the generator's tanh); these span {PixelRange.Span(min, max)}" +
                (PixelRange.Classify(min, max) == PixelScaleKind.Bytes ? ": they look like 0…255 bytes; scale them with (v/255 − 0.5)/0.5." : "."), nameof(images));
        if (min >= 0)
            throw new ArgumentException($"Images must lie in [−1, 1], background at −1; these span {PixelRange.Span(min, max)} without a single negative pixel, " +
                "so they are almost surely on the [0, 1] scale: map them with PixelScale.FromZeroOne (2v − 1).", nameof(images));
    }

    static string NaNs(Tensor images)
    {
        using var scope = NewDisposeScope();
        var perImage = images.isnan().any(1);
        long count = perImage.sum().item<long>();
        long first = perImage.to_type(ScalarType.Int64).argmax().item<long>();
        return $"{count:N0} of {images.shape[0]:N0} images contain NaN (the first is row {first})";
    }
}
