using static TorchSharp.torch;

namespace GanCourse.Data;

/// <summary>
/// The standard mode-collapse test (Metz et al. 2016; Gulrajani et al. 2017): an equal mixture of
/// <see cref="Modes"/> narrow normal distributions in the plane, centred on a circle. A generator that
/// covers only some of them is easy to see and to count.
/// </summary>
public sealed class GaussianRing
{
    /// <param name="modes">Number of mixture components (8 in the literature).</param>
    /// <param name="radius">Radius of the circle of centres (2).</param>
    /// <param name="sigma">Standard deviation of each component in each coordinate (0.02).</param>
    public GaussianRing(int modes = 8, double radius = 2, double sigma = 0.02)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modes, 1);
        if (!(radius > 0) || !double.IsFinite(radius)) throw new ArgumentOutOfRangeException(nameof(radius), radius, "the radius must be a positive number.");
        if (!(sigma > 0) || !double.IsFinite(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be a positive number.");
        (Modes, Radius, Sigma) = (modes, radius, sigma);
        Centres = Enumerable.Range(0, modes)
            .Select(k => (X: radius * Math.Cos(2 * Math.PI * k / modes), Y: radius * Math.Sin(2 * Math.PI * k / modes)))
            .ToArray();
    }

    public int Modes { get; }
    public double Radius { get; }
    public double Sigma { get; }

    /// <summary>The centres, counter-clockwise from (radius, 0).</summary>
    public IReadOnlyList<(double X, double Y)> Centres { get; }

    /// <summary>The centres as a float32 tensor <c>[Modes, 2]</c>.</summary>
    public Tensor CentreTensor() => tensor(Centres.SelectMany(c => new[] { (float)c.X, (float)c.Y }).ToArray()).reshape(Modes, 2);

    /// <summary><paramref name="count"/> points <c>[count, 2]</c>: a uniformly chosen centre plus N(0, σ²) in each coordinate.</summary>
    public Tensor Sample(long count, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var scope = NewDisposeScope();
        var which = randint(0, Modes, [count], generator: generator);
        var points = CentreTensor().index_select(0, which) + Sigma * randn([count, 2], generator: generator);
        return points.MoveToOuterDisposeScope();
    }
}
