using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>
/// The Fréchet distance between Gaussian fits of two sets of features, the formula of the Fréchet
/// inception distance (FID; Heusel et al. 2017, "GANs trained by a two time-scale update rule converge
/// to a local Nash equilibrium"):
/// d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^{1/2}), the squared 2-Wasserstein distance between
/// N(μ₁, Σ₁) and N(μ₂, Σ₂). Like FID, it reports d², and 0 means equal means and covariances.
/// </summary>
/// <remarks>
/// FID computes it on the 2048 pool features of an Inception network trained on ImageNet. The course has
/// no Inception weights offline, so it uses a digit classifier's features (<see cref="FeatureNetwork"/>):
/// the same formula in another feature space, so the numbers are not comparable with published FID values.
/// Σ₁Σ₂ is not symmetric, so its square root is taken through the symmetric matrix Σ₁^{1/2} Σ₂ Σ₁^{1/2},
/// which has the same eigenvalues: Tr (Σ₁Σ₂)^{1/2} = Σᵢ √λᵢ(Σ₁^{1/2} Σ₂ Σ₁^{1/2}). Both square roots come
/// from symmetric eigendecompositions (<c>torch.linalg.eigh</c>) in float64; eigenvalues that round-off
/// pushes slightly below 0 are set to 0, and so is a d² of −1e-12. Covariances use N − 1 as numpy's
/// <c>cov</c> does. The estimate is biased upwards at small N; compare with a real-vs-real baseline of the
/// same size (<c>FeatureQuality</c> gives one).
/// </remarks>
public static class FrechetDistance
{
    /// <summary>
    /// d² between Gaussian fits of <paramref name="real"/> <c>[n, d]</c> and <paramref name="generated"/>
    /// <c>[m, d]</c> (features, e.g. <see cref="FeatureNetwork.Features"/>). Each set needs at least d + 1
    /// samples, or its covariance cannot be full rank; several times d gives a stable estimate.
    /// </summary>
    public static double Squared(Tensor real, Tensor generated)
    {
        using var scope = NewDisposeScope();
        var (x, y) = Features.PreparePair(real, generated, 2, Covariance);
        return Squared(GaussianFit.Of(RequireMoreSamplesThanFeatures(x, nameof(real))), GaussianFit.Of(RequireMoreSamplesThanFeatures(y, nameof(generated))));
    }

    /// <summary>d² between two fitted Gaussians.</summary>
    internal static double Squared(GaussianFit a, GaussianFit b)
    {
        using var scope = NewDisposeScope();
        var meanTerm = (a.Mean - b.Mean).square().sum().item<double>();
        var traces = (a.Covariance.trace() + b.Covariance.trace()).item<double>();
        return Math.Max(0, meanTerm + traces - 2 * TraceOfSquareRootOfProduct(a.Covariance, b.Covariance));
    }

    /// <summary>Tr (Σ₁Σ₂)^{1/2} for symmetric positive semi-definite Σ₁, Σ₂, through Σ₁^{1/2} Σ₂ Σ₁^{1/2}.</summary>
    internal static double TraceOfSquareRootOfProduct(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        var root = SymmetricSquareRoot(first);
        var sandwich = Symmetrize(root.matmul(second).matmul(root));
        return linalg.eigvalsh(sandwich).clamp_min(0).sqrt().sum().item<double>();
    }

    /// <summary>The symmetric positive semi-definite square root S of a symmetric matrix A (S S = A), eigenvalues below 0 set to 0.</summary>
    internal static Tensor SymmetricSquareRoot(Tensor matrix)
    {
        using var scope = NewDisposeScope();
        var (values, vectors) = linalg.eigh(Symmetrize(matrix));
        var root = (vectors * values.clamp_min(0).sqrt().unsqueeze(0)).matmul(vectors.t());
        return root.MoveToOuterDisposeScope();
    }

    /// <summary>(A + Aᵀ)/2: removes the round-off asymmetry that eigh would otherwise silently ignore half of.</summary>
    static Tensor Symmetrize(Tensor matrix) => (matrix + matrix.t()) / 2;

    const string Covariance = "a covariance";

    /// <summary>A validated float64 feature matrix with more samples than features.</summary>
    internal static Tensor Prepare(Tensor samples, string name) => RequireMoreSamplesThanFeatures(Features.Prepare(samples, name, 2, Covariance), name);

    static Tensor RequireMoreSamplesThanFeatures(Tensor x, string name)
    {
        var (count, dimension) = (x.shape[0], x.shape[1]);
        if (count <= dimension)
            throw new ArgumentException(
                $"{name} has {count} samples of {dimension} features; a covariance of {dimension} features needs at least {dimension + 1} samples " +
                "(several times more for a stable estimate), so score more images.", name);
        return x;
    }
}

/// <summary>The mean <c>[d]</c> and covariance <c>[d, d]</c> (N − 1 in the denominator) of a float64 feature matrix, in the caller's dispose scope.</summary>
sealed record GaussianFit(Tensor Mean, Tensor Covariance)
{
    public static GaussianFit Of(Tensor features)
    {
        var mean = features.mean([0]);
        var centred = features - mean.unsqueeze(0);
        return new GaussianFit(mean, centred.t().matmul(centred) / (features.shape[0] - 1));
    }
}
