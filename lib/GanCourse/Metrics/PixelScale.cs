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
    // float32 rounding of (v/255 − 0.5)/0.5 and of tanh stays far inside this.
    const double Tolerance = 1e-4;

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

    static (double Min, double Max) Extremes(Tensor images, string name)
    {
        ArgumentNullException.ThrowIfNull(images, name);
        if (images.numel() == 0) throw new ArgumentException($"{name} is empty.", name);
        using var scope = torch.NewDisposeScope();
        return (images.min().to_type(ScalarType.Float64).item<double>(), images.max().to_type(ScalarType.Float64).item<double>());
    }
}
