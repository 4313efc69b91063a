using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Data;

/// <summary>The pixel scales images turn up in; the course works on <see cref="MinusOneToOne"/>.</summary>
enum PixelScaleKind
{
    /// <summary>The course's scale: the loader's (v/255 − 0.5)/0.5 and the generator's tanh.</summary>
    MinusOneToOne,
    /// <summary>No negative value and nothing above 1: images still on [0, 1].</summary>
    ZeroToOne,
    /// <summary>No negative value, maximum above 2 and at most 255: raw byte images as floats.</summary>
    Bytes,
    /// <summary>Anything else (e.g. Gaussian samples): not recognisably images.</summary>
    Other,
}

/// <summary>
/// The smallest and largest value of a set of images and what scale they point to. One reduction each on
/// the tensor's own device; nothing is copied. Shared by the trainer (which needs [−1, 1]) and the metrics
/// (which need both sets on one scale).
/// </summary>
static class PixelRange
{
    /// <summary>Slack for float32 rounding of (v/255 − 0.5)/0.5 and of tanh, far above both.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>(min, max) of all values; both are NaN when any value is NaN (torch's min and max propagate NaN).</summary>
    public static (double Min, double Max) Extremes(Tensor images)
    {
        using var scope = NewDisposeScope();
        return (images.min().to_type(ScalarType.Float64).item<double>(), images.max().to_type(ScalarType.Float64).item<double>());
    }

    public static PixelScaleKind Classify(double min, double max)
    {
        if (double.IsNaN(min) || double.IsNaN(max)) return PixelScaleKind.Other;
        if (min >= -1 - Tolerance && max <= 1 + Tolerance) return min < 0 ? PixelScaleKind.MinusOneToOne : PixelScaleKind.ZeroToOne;
        if (min >= -Tolerance && max > 2 && max <= 255 + Tolerance) return PixelScaleKind.Bytes;
        return PixelScaleKind.Other;
    }

    public static bool WithinMinusOneToOne(double min, double max) => min >= -1 - Tolerance && max <= 1 + Tolerance;

    /// <summary>How to bring images of a scale onto [−1, 1], for messages.</summary>
    public static string Describe(PixelScaleKind kind) => kind switch
    {
        PixelScaleKind.MinusOneToOne => "on the course's scale [−1, 1]",
        PixelScaleKind.ZeroToOne => "[0, 1] images (no negative pixel); map them with PixelScale.FromZeroOne",
        PixelScaleKind.Bytes => "0…255 byte images; divide by 255, then map with PixelScale.FromZeroOne",
        _ => "not on a pixel scale",
    };

    public static string Span(double min, double max) => string.Create(CultureInfo.InvariantCulture, $"[{min:G4}, {max:G4}]");
}
