using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>
/// The unbiased MMD² with the cubic polynomial kernel k(x, y) = (xᵀy / d + 1)³ on d features: the
/// formula of the kernel inception distance (KID; Bińkowski et al. 2018, "Demystifying MMD GANs").
/// </summary>
/// <remarks>
/// KID computes it on Inception's features; the course computes it on a digit classifier's
/// (<see cref="FeatureNetwork"/>), so the numbers are not comparable with published KID values. The
/// estimator leaves the diagonals k(xᵢ, xᵢ) out, so it is unbiased: its expectation is the true MMD², 0 for a
/// perfect generator at any sample size, and a single estimate may dip below 0. Unlike the Fréchet
/// distance it assumes no Gaussian shape and needs no more samples than features; the sets may differ in size.
/// Published KID averages the estimate over random subsets of 1,000; here it is the one estimate over the
/// whole sets, computed in row blocks of the kernel matrix so memory stays bounded.
/// </remarks>
public static class PolynomialMmd
{
    /// <summary>
    /// The unbiased MMD² between <paramref name="real"/> <c>[n, d]</c> and <paramref name="generated"/>
    /// <c>[m, d]</c> (features; n, m ≥ 2), on the inputs' device in float64.
    /// </summary>
    public static double UnbiasedSquared(Tensor real, Tensor generated)
    {
        using var scope = NewDisposeScope();
        var (x, y) = Features.PreparePair(real, generated, 2, "the unbiased MMD");
        return UnbiasedSquared(x, y, OffDiagonalMean(x));
    }

    /// <summary>The estimate from prepared sets, with the real set's own mean kernel given (it is shared by several comparisons).</summary>
    internal static double UnbiasedSquared(Tensor x, Tensor y, double realOffDiagonalMean) =>
        realOffDiagonalMean + OffDiagonalMean(y) - 2 * KernelSum(x, y) / (x.shape[0] * (double)y.shape[0]);

    /// <summary>The mean of k(xᵢ, xⱼ) over i ≠ j.</summary>
    internal static double OffDiagonalMean(Tensor x)
    {
        using var scope = NewDisposeScope();
        var n = (double)x.shape[0];
        var diagonal = Kernel(x.square().sum(1), x.shape[1]).sum().item<double>();
        return (KernelSum(x, x) - diagonal) / (n * (n - 1));
    }

    static double KernelSum(Tensor a, Tensor b)
    {
        double total = 0;
        PairwiseDistances.ForEachProductBlock(a, b, (_, products) => total += Kernel(products, a.shape[1]).sum().item<double>());
        return total;
    }

    static Tensor Kernel(Tensor innerProducts, long dimension) => innerProducts.div(dimension).add_(1).pow_(3);
}
