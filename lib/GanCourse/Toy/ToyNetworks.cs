using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Toy;

/// <summary>Small fully connected networks for one-dimensional experiments (scalar in, scalar out).</summary>
public static class ToyNetworks
{
    /// <summary>Maps a scalar noise value to a scalar sample: Linear → LeakyReLU → Linear → LeakyReLU → Linear.</summary>
    public static nn.Module<Tensor, Tensor> Generator(int hidden = 32) =>
        nn.Sequential(
            ("fc0", nn.Linear(1, hidden)), ("act0", nn.LeakyReLU(0.01)),
            ("fc1", nn.Linear(hidden, hidden)), ("act1", nn.LeakyReLU(0.01)),
            ("fc2", nn.Linear(hidden, 1)));

    /// <summary>
    /// Maps a scalar to a logit; apply a sigmoid for D(x). Logits (not probabilities) go into the loss,
    /// which is the numerically stable form of the same binary cross-entropy.
    /// </summary>
    public static nn.Module<Tensor, Tensor> DiscriminatorLogit(int hidden = 32) =>
        nn.Sequential(
            ("fc0", nn.Linear(1, hidden)), ("act0", nn.LeakyReLU(0.01)),
            ("fc1", nn.Linear(hidden, hidden)), ("act1", nn.LeakyReLU(0.01)),
            ("fc2", nn.Linear(hidden, 1)));

    /// <summary>Evaluates D(x) = σ(logit(x)) on a grid of points, without building a graph.</summary>
    public static double[] Evaluate(nn.Module<Tensor, Tensor> discriminatorLogit, double[] grid)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var x = tensor(grid.Select(v => (float)v).ToArray()).reshape(-1, 1);
        return discriminatorLogit.forward(x).sigmoid().flatten().data<float>().Select(v => (double)v).ToArray();
    }

    /// <summary>Evenly spaced points from <paramref name="min"/> to <paramref name="max"/> inclusive.</summary>
    public static double[] Grid(double min, double max, int points)
    {
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "a grid needs at least 2 points");
        if (!(max > min)) throw new ArgumentException($"grid maximum ({max}) must exceed its minimum ({min})");
        return Enumerable.Range(0, points).Select(i => min + (max - min) * i / (points - 1)).ToArray();
    }

    /// <summary>
    /// A Gaussian kernel density estimate of samples on a grid (Silverman's bandwidth), so a generator's
    /// distribution can be drawn next to the real density.
    /// </summary>
    public static double[] KernelDensity(Tensor samples, double[] grid)
    {
        using var scope = NewDisposeScope();
        var s = samples.flatten().to(float64);
        long n = s.shape[0];
        if (n < 2) throw new ArgumentException("a density estimate needs at least 2 samples");
        double std = s.std().item<double>();
        double h = System.Math.Max(1.06 * std * System.Math.Pow(n, -0.2), 1e-3);
        var x = tensor(grid, float64).reshape(-1, 1);
        var z = (x - s.reshape(1, -1)) / h;
        var density = (-0.5 * z * z).exp().mean([1]) / (h * System.Math.Sqrt(2 * System.Math.PI));
        return density.data<double>().ToArray();
    }
}
