namespace GanCourse.Theory;

/// <summary>One place to check the generator's loss gradients: data p_r, a generator family p_θ and the current θ₀.</summary>
public sealed record LossGradientCase
{
    /// <summary>The case p_r, p_θ at θ₀ = <paramref name="theta"/>.</summary>
    public LossGradientCase(Density real, LocationFamily generator, double theta)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generator);
        LocationFamily.RequireFinite(theta, nameof(theta));
        Real = real;
        Generator = generator;
        Theta = theta;
    }

    /// <summary>p_r, the data.</summary>
    public Density Real { get; }

    /// <summary>p_θ, the generator's family.</summary>
    public LocationFamily Generator { get; }

    /// <summary>θ₀, where the discriminator is optimal and frozen and the gradients are taken.</summary>
    public double Theta { get; }
}
