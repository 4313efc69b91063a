using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>The course's scores of one set of generated images (notebook 05): MMD with its real-vs-real baseline, and the 1-NN test.</summary>
/// <param name="Generated">MMD of the generated images against the reference set.</param>
/// <param name="Baseline">MMD of held-out real images against the same reference: what a perfect generator would score.</param>
/// <param name="NearestNeighbour">1-NN two-sample test of held-out real against generated images (ideal ≈ 0.5).</param>
public sealed record SampleQualityScore(MmdScore Generated, MmdScore Baseline, NearestNeighbourScore NearestNeighbour);

/// <summary>
/// Scores generated images the way notebook 05 does, in one call, so that two generators are compared on
/// exactly the same footing: <see cref="Mmd.WithBaseline"/> against a reference set, and
/// <see cref="OneNearestNeighbour.Score"/> of the held-out real images against the generated ones.
/// Use as many held-out real as generated images, disjoint from the reference and from the training data.
/// </summary>
public static class SampleQuality
{
    /// <summary>All images <c>[N, 784]</c> on the [−1, 1] scale.</summary>
    public static SampleQualityScore Score(Tensor reference, Tensor heldOutReal, Tensor generated)
    {
        var mmd = Mmd.WithBaseline(reference, generated, heldOutReal);
        return new SampleQualityScore(mmd[0], mmd[1], OneNearestNeighbour.Score(heldOutReal, generated));
    }
}
