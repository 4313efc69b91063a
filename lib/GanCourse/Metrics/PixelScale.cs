using GanCourse.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>
/// The course keeps every image on one pixel scale, [−1, 1]: the data loader maps bytes v to
/// (v/255 − 0.5)/0.5 and the generator ends in tanh. Metrics compare distances between images, so
/// mixing scales (the lecture's MMD cell compared [0, 1] fakes with [−1, 1] reals) gives a
/// meaningless score; these helpers convert and check.
/// </summary>
public static class PixelScale
{
    const double Tolerance = PixelRange.Tolerance;

    /// <summary>Maps images in [0, 1] to the course scale [−1, 1] (2v − 1); rejects values outside [0, 1].</summary>
    public static Tensor FromZeroOne(Tensor images)
    {
        var (min, max) = Extremes(images, nameof(images));
        if (min < -Tolerance || max > 1 + Tolerance)
            throw new ArgumentException($"images should lie in [0, 1] but span [{min:G4}, {max:G4}]" +
                (min < 0 && min >= -1 - Tolerance ? "; they look like they are on [−1, 1] already." : "."), nameof(images));
        return images.mul(2).sub_(1);
    }

    /// <summary>Maps course-scale images in [−1, 1] to [0, 1] ((v + 1)/2), e.g. for display.</summary>
    public static Tensor ToZeroOne(Tensor images)
    {
        var (min, max) = Extremes(images, nameof(images));
        if (min < -1 - Tolerance || max > 1 + Tolerance)
            throw new ArgumentException($"images should lie in [−1, 1] but span [{min:G4}, {max:G4}].", nameof(images));
        return images.add(1).div_(2);
    }

    /// <summary>
    /// Throws unless the images lie in [−1, 1] and are not all non-negative (a whole set without a
    /// single negative pixel is almost surely still on the [0, 1] scale).
    /// </summary>
    public static void RequireMinusOneToOne(Tensor images, string name)
    {
        var (min, max) = Extremes(images, name);
        if (max > 1 + Tolerance)
            throw new ArgumentException($"{name} spans [{min:G4}, {max:G4}], outside the course's pixel scale [−1, 1]" +
                (max > 2 ? "; byte images (0…255) need /255 and then PixelScale.FromZeroOne." : "."), name);
        if (min < -1 - Tolerance)
            throw new ArgumentException($"{name} spans [{min:G4}, {max:G4}], outside the course's pixel scale [−1, 1].", name);
        if (min >= 0)
            throw new ArgumentException($"{name} has no negative pixel (range [{min:G4}, {max:G4}]): it looks like [0, 1] images. " +
                "Map it to the course's scale [−1, 1] with PixelScale.FromZeroOne so both sets share one scale.", name);
    }

    /// <summary>
    /// Throws when two sets of images are recognisably on different pixel scales ([−1, 1], [0, 1] or
    /// 0…255), the mistake that makes every distance between them meaningless. Sets of one feature are
    /// 1-D samples of a distribution, not images, and sets on no pixel scale (Gaussian features, say)
    /// are left alone.
    /// </summary>
    internal static void RequireSameScale(Tensor a, string nameA, Tensor b, string nameB)
    {
        if (a.numel() / Math.Max(1, a.shape[0]) <= 1) return;
        var (minA, maxA) = Extremes(a, nameA);
        var (minB, maxB) = Extremes(b, nameB);
        var (kindA, kindB) = (PixelRange.Classify(minA, maxA), PixelRange.Classify(minB, maxB));
        if (kindA == kindB || kindA == PixelScaleKind.Other || kindB == PixelScaleKind.Other) return;
        throw new ArgumentException(
            $"{nameA} and {nameB} are on different pixel scales, so distances between them mean nothing: " +
            $"{nameA} spans {PixelRange.Span(minA, maxA)} ({PixelRange.Describe(kindA)}), " +
            $"{nameB} spans {PixelRange.Span(minB, maxB)} ({PixelRange.Describe(kindB)}).");
    }

    static (double Min, double Max) Extremes(Tensor images, string name)
    {
        ArgumentNullException.ThrowIfNull(images, name);
        if (images.numel() == 0) throw new ArgumentException($"{name} is empty.", name);
        return PixelRange.Extremes(images);
    }
}
