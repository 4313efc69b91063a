using System.Globalization;

namespace GanCourse.Theory;

/// <summary>
/// A 1-D generator whose one parameter θ moves its samples: G_θ(ε) = θ + ε with ε drawn from a fixed
/// shape, so p_θ(x) = shape(x − θ) and ∂G_θ(ε)/∂θ = 1. Normals N(θ, σ²) are the case the lecture
/// uses; a mixture shape gives a generator with several modes that move together.
/// </summary>
public sealed class LocationFamily
{
    /// <summary>The family p_θ(x) = shape(x − θ); <paramref name="name"/> labels tables (default: the shape "shifted by θ").</summary>
    public LocationFamily(Density shape, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape;
        Name = name ?? $"{shape} shifted by θ";
    }

    /// <summary>The normals N(θ, σ²). A spread of zero is refused: such a generator has no density.</summary>
    public static LocationFamily Normal(double stdDev = 1)
    {
        if (!(stdDev > 0) || !double.IsFinite(stdDev))
            throw new ArgumentOutOfRangeException(nameof(stdDev), stdDev, "A generator family N(θ, σ²) needs a positive finite σ; with σ = 0 it puts all its samples on one point and has no density.");
        return new LocationFamily(Density.Normal(0, stdDev), string.Create(CultureInfo.InvariantCulture, $"N(θ, {stdDev:G6}²)"));
    }

    /// <summary>The density the generator draws from at θ = 0.</summary>
    public Density Shape { get; }

    /// <summary>For example "N(θ, 1²)".</summary>
    public string Name { get; }

    /// <summary>p_θ, the generator's density at <paramref name="theta"/>.</summary>
    public Density At(double theta)
    {
        RequireFinite(theta, nameof(theta));
        return Shape.Shifted(theta);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    internal static void RequireFinite(double theta, string name)
    {
        if (!double.IsFinite(theta)) throw new ArgumentOutOfRangeException(name, theta, "The generator's parameter θ must be a finite number.");
    }
}
