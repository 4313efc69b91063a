using System.Globalization;

namespace GanCourse.Theory;

/// <summary>A finite mixture of normal densities, Σ wᵢ N(μᵢ, σᵢ²) with Σ wᵢ = 1.</summary>
public sealed class MixtureDensity : Density
{
    readonly double[] logWeights;
    readonly double[] cumulativeWeights;

    /// <summary>Creates the mixture; weights must be positive and are normalised to sum to 1.</summary>
    public MixtureDensity(IEnumerable<(double Weight, NormalDensity Component)> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var parts = components.ToArray();
        if (parts.Length == 0) throw new ArgumentException("A mixture needs at least one component.", nameof(components));
        foreach (var (weight, component) in parts)
        {
            if (component is null) throw new ArgumentException("A mixture component is null.", nameof(components));
            if (!(weight > 0) || !double.IsFinite(weight))
                throw new ArgumentException($"Mixture weights must be positive finite numbers; got {weight} for {component}.", nameof(components));
        }
        var total = parts.Sum(p => p.Weight);
        Components = parts.Select(p => (p.Weight / total, p.Component)).ToArray();
        logWeights = Components.Select(c => Math.Log(c.Weight)).ToArray();
        cumulativeWeights = new double[parts.Length];
        double running = 0;
        for (int i = 0; i < parts.Length; i++) cumulativeWeights[i] = running += Components[i].Weight;
    }

    /// <inheritdoc />
    public override IReadOnlyList<(double Weight, NormalDensity Component)> Components { get; }

    /// <inheritdoc />
    public override double Mean => Components.Sum(c => c.Weight * c.Component.Mean);

    /// <inheritdoc />
    public override double LogPdf(double x)
    {
        Span<double> terms = stackalloc double[logWeights.Length];
        for (int i = 0; i < terms.Length; i++) terms[i] = logWeights[i] + Components[i].Component.LogPdf(x);
        return LogSpace.LogSumExp(terms);
    }

    /// <summary>
    /// d/dx log p(x) = Σ rᵢ(x) · d/dx log pᵢ(x), each component's slope weighted by its share
    /// rᵢ = wᵢ pᵢ / p of the density at x; the shares come from log densities, so they stay exact
    /// where every pᵢ underflows.
    /// </summary>
    public override double LogPdfDerivative(double x)
    {
        var logP = LogPdf(x);
        double slope = 0;
        for (int i = 0; i < logWeights.Length; i++)
        {
            var component = Components[i].Component;
            slope += Math.Exp(logWeights[i] + component.LogPdf(x) - logP) * component.LogPdfDerivative(x);
        }
        return slope;
    }

    /// <inheritdoc />
    public override MixtureDensity Shifted(double offset) => new(Components.Select(c => (c.Weight, c.Component.Shifted(offset))));

    /// <inheritdoc />
    public override double Cdf(double x) => Components.Sum(c => c.Weight * c.Component.Cdf(x));

    /// <inheritdoc />
    public override double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u = random.NextDouble();
        var index = Array.FindIndex(cumulativeWeights, w => u < w);
        // Rounding can leave the last cumulative weight a hair below 1.
        if (index < 0) index = cumulativeWeights.Length - 1;
        return Components[index].Component.Sample(random);
    }

    /// <summary>For example "0.3·N(−2, 0.5²) + 0.7·N(1.5, 1²)".</summary>
    public override string ToString() =>
        string.Join(" + ", Components.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Weight:G4}·{c.Component}")));
}
