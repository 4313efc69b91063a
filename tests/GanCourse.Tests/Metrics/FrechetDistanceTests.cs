using GanCourse.Metrics;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

public class FrechetDistanceTests
{
    /// <summary>n correlated Gaussian samples in d dimensions, x = z·mixing + shift, from their own generator.</summary>
    static Tensor Correlated(int n, int d, ulong seed, double shift = 0)
    {
        var random = new torch.Generator(seed);
        var mixing = randn(d, d, dtype: ScalarType.Float64, generator: random);
        return randn(n, d, dtype: ScalarType.Float64, generator: random).matmul(mixing) + shift;
    }

    static Matrix<double> ToMatrix(Tensor t)
    {
        var (rows, columns) = ((int)t.shape[0], (int)t.shape[1]);
        var values = t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        return Matrix<double>.Build.Dense(rows, columns, (i, j) => values[i * columns + j]);
    }

    static Tensor ToTensor(Matrix<double> m) => tensor(m.ToRowMajorArray(), [m.RowCount, m.ColumnCount], ScalarType.Float64);

    static (Vector<double> Mean, Matrix<double> Covariance) Fit(Matrix<double> x)
    {
        var mean = x.ColumnSums() / x.RowCount;
        var centred = x - Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (_, j) => mean[j]);
        return (mean, centred.TransposeThisAndMultiply(centred) / (x.RowCount - 1));
    }

    /// <summary>
    /// The principal square root of a matrix with positive eigenvalues by the Denman–Beavers iteration,
    /// an algorithm that shares nothing with the library's eigendecompositions.
    /// </summary>
    static Matrix<double> DenmanBeavers(Matrix<double> a)
    {
        var y = a;
        var z = Matrix<double>.Build.DenseIdentity(a.RowCount);
        for (int i = 0; i < 100; i++)
        {
            var next = (y + z.Inverse()) / 2;
            z = (z + y.Inverse()) / 2;
            var change = (next - y).FrobeniusNorm();
            y = next;
            if (change < 1e-14 * y.FrobeniusNorm()) break;
        }
        return y;
    }

    [Fact]
    public void The_distance_and_its_matrix_square_root_match_independent_computations_with_MathNet()
    {
        var x = Correlated(400, 6, 1);
        var y = Correlated(300, 6, 2, shift: 0.7);
        var (muX, sigmaX) = Fit(ToMatrix(x));
        var (muY, sigmaY) = Fit(ToMatrix(y));
        var product = sigmaX * sigmaY;

        // (Σ₁Σ₂)^{1/2} itself, by an iteration on the non-symmetric product …
        var root = DenmanBeavers(product);
        Assert.True((root * root - product).FrobeniusNorm() < 1e-9 * product.FrobeniusNorm());
        // … and its trace from the product's (general, complex) eigenvalues.
        var eigenvalues = product.Evd().EigenValues;
        Assert.All(eigenvalues, v => Assert.True(v.Real > 0 && System.Math.Abs(v.Imaginary) < 1e-9 * v.Magnitude));
        var traceOfRoot = eigenvalues.Select(System.Numerics.Complex.Sqrt).Sum(v => v.Real);
        Assert.Equal(traceOfRoot, root.Trace(), 1e-9 * traceOfRoot);

        Assert.Equal(traceOfRoot, FrechetDistance.TraceOfSquareRootOfProduct(ToTensor(sigmaX), ToTensor(sigmaY)), 1e-9 * traceOfRoot);
        var expected = (muX - muY).DotProduct(muX - muY) + sigmaX.Trace() + sigmaY.Trace() - 2 * traceOfRoot;
        Assert.Equal(expected, FrechetDistance.Squared(x, y), 1e-9 * expected);
        Assert.Equal(expected, FrechetDistance.Squared(x.to_type(ScalarType.Float32), y.to_type(ScalarType.Float32)), 1e-4 * expected);
    }

    [Fact]
    public void The_symmetric_square_root_matches_MathNet_SVD_and_survives_a_singular_matrix()
    {
        var (_, sigma) = Fit(ToMatrix(Correlated(200, 5, 3)));
        var svd = sigma.Svd();
        var expected = svd.U * Matrix<double>.Build.DiagonalOfDiagonalVector(svd.S.PointwiseSqrt()) * svd.U.Transpose();

        var root = ToMatrix(FrechetDistance.SymmetricSquareRoot(ToTensor(sigma)));

        Assert.True((root - expected).FrobeniusNorm() < 1e-10 * expected.FrobeniusNorm());
        Assert.True((root * root - sigma).FrobeniusNorm() < 1e-10 * sigma.FrobeniusNorm());
        // Rank 2 in 5 dimensions: round-off puts eigenvalues at ±1e-16, which are clamped rather than turned into NaN.
        var thin = Correlated(5, 2, 4);
        var singular = ToMatrix(thin.t().matmul(thin)).DiagonalStack(Matrix<double>.Build.Dense(3, 3));
        var singularRoot = ToMatrix(FrechetDistance.SymmetricSquareRoot(ToTensor(singular)));
        Assert.True((singularRoot * singularRoot - singular).FrobeniusNorm() < 1e-8 * singular.FrobeniusNorm());
    }

    [Fact]
    public void Covariances_with_common_eigenvectors_give_the_closed_form_sum_of_squared_root_differences()
    {
        // Σ₁ = R diag(a) Rᵀ and Σ₂ = R diag(b) Rᵀ commute, so d² = ‖μ₁ − μ₂‖² + Σᵢ (√aᵢ − √bᵢ)².
        var rotation = Matrix<double>.Build.Random(4, 4, new MathNet.Numerics.Distributions.Normal(0, 1, new Random(5))).QR().Q;
        double[] a = [4, 1, 0.25, 9], b = [1, 1, 2.25, 0.01];
        double[] muA = [1, 2, 3, 4], muB = [0, 2, 5, 4];
        Tensor Covariance(double[] values) => ToTensor(rotation * Matrix<double>.Build.DiagonalOfDiagonalArray(values) * rotation.Transpose());
        var first = new GaussianFit(tensor(muA), Covariance(a));
        var second = new GaussianFit(tensor(muB), Covariance(b));

        var expected = muA.Zip(muB, (p, q) => (p - q) * (p - q)).Sum() + a.Zip(b, (p, q) => System.Math.Pow(System.Math.Sqrt(p) - System.Math.Sqrt(q), 2)).Sum();

        Assert.Equal(expected, FrechetDistance.Squared(first, second), 1e-10);
        Assert.Equal(expected, FrechetDistance.Squared(second, first), 1e-10);
    }

    [Fact]
    public void A_set_is_at_distance_zero_from_itself_and_a_shift_by_v_adds_the_squared_length_of_v()
    {
        var x = Correlated(300, 8, 6);
        var y = Correlated(250, 8, 7);
        var v = tensor(new[] { 0.5, -1, 2, 0, 0, 0.25, 3, -0.5 });
        var squaredLength = v.square().sum().item<double>();

        var self = FrechetDistance.Squared(x, x);
        Assert.InRange(self, 0, 1e-9);
        Assert.Equal(squaredLength, FrechetDistance.Squared(x, x + v), 1e-9 * squaredLength);
        Assert.Equal(FrechetDistance.Squared(x, y), FrechetDistance.Squared(y, x), 1e-9);
        Assert.True(FrechetDistance.Squared(x, y) > 1);
    }

    [Fact]
    public void Sets_with_no_more_samples_than_features_and_other_bad_input_are_refused_with_both_numbers()
    {
        var features = Correlated(200, 64, 8);
        string Message(Action a) => Assert.Throws<ArgumentException>(a).Message;

        Assert.Equal("generated has 64 samples of 64 features; a covariance of 64 features needs at least 65 samples " +
            "(several times more for a stable estimate), so score more images. (Parameter 'generated')",
            Message(() => FrechetDistance.Squared(features, features.narrow(0, 0, 64))));
        Assert.Contains("real has 10 samples of 64 features", Message(() => FrechetDistance.Squared(features.narrow(0, 0, 10), features)));
        Assert.True(double.IsFinite(FrechetDistance.Squared(features, features.narrow(0, 0, 65))));
        Assert.Contains("real has 64 features per sample but generated has 63", Message(() => FrechetDistance.Squared(features, features.narrow(1, 0, 63))));
        var withNaN = features.clone();
        withNaN[3, 5] = tensor(double.NaN);
        Assert.Contains("generated contains NaN or infinite values", Message(() => FrechetDistance.Squared(features, withNaN)));
        Assert.Contains("real has 0 sample(s)", Message(() => FrechetDistance.Squared(features.narrow(0, 0, 0), features)));
        Assert.Contains("real is a scalar", Message(() => FrechetDistance.Squared(tensor(1.0), features)));
        Assert.Throws<ArgumentNullException>(() => FrechetDistance.Squared(null!, features));
    }
}
