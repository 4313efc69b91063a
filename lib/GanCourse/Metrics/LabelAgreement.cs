using GanCourse.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>
/// How often a classifier's label equals the expected one.
/// </summary>
/// <param name="Count">Images judged.</param>
/// <param name="Agreeing">Images whose predicted class is the expected one.</param>
/// <param name="PerClass">For each expected class k: the share of its images predicted as k (NaN for a class with no images).</param>
/// <param name="ImagesPerClass">How many images each expected class had.</param>
/// <param name="Confusions">The disagreements: (expected, predicted, how many images), most frequent first.</param>
public sealed record AgreementScore(int Count, int Agreeing, IReadOnlyList<double> PerClass, IReadOnlyList<int> ImagesPerClass,
    IReadOnlyList<(int Expected, int Predicted, int Count)> Confusions)
{
    /// <summary>Agreeing / Count: accuracy on real test images, "agreement" on generated ones.</summary>
    public double Share => Count == 0 ? double.NaN : (double)Agreeing / Count;
}

/// <summary>
/// Scores images against expected labels with a trained classifier. On real test digits with their
/// true labels the share is the classifier's test accuracy; on generated digits with the labels they were
/// asked to show it is the <i>agreement</i>: how often an independent judge sees the requested digit.
/// Read the two side by side: agreement cannot be trusted beyond the judge's own accuracy.
/// </summary>
public static class LabelAgreement
{
    /// <summary>
    /// The classifier's predicted class per image (argmax of its outputs), int64 <c>[N]</c> on the CPU;
    /// eval mode, no gradients, in batches of <paramref name="batchSize"/>; the model's mode is restored after.
    /// </summary>
    public static Tensor Predict(nn.Module<Tensor, Tensor> classifier, Tensor images, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (images.dim() < 2)
            throw new ArgumentException($"Expected a batch of images [N, ...], got [{string.Join(", ", images.shape)}].", nameof(images));
        return Batched.Run(classifier, images, batchSize, batch =>
        {
            var scores = classifier.forward(batch);
            if (scores.dim() != 2)
                throw new ArgumentException($"The classifier should output one score per class, [batch, classes]; it gives [{string.Join(", ", scores.shape)}].", nameof(classifier));
            return scores.argmax(1);
        }, () => empty(0, ScalarType.Int64));
    }

    /// <summary>Classifies <paramref name="images"/> and compares with <paramref name="expected"/> (int64 <c>[N]</c>, classes 0 … <paramref name="classes"/> − 1).</summary>
    public static AgreementScore Score(nn.Module<Tensor, Tensor> classifier, Tensor images, Tensor expected, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (expected.dim() != 1 || expected.dtype != ScalarType.Int64)
            throw new ArgumentException($"Expected labels as int64 [N], got {expected.dtype} [{string.Join(", ", expected.shape)}].", nameof(expected));
        if (images.dim() >= 1 && images.shape[0] != expected.shape[0])
            throw new ArgumentException($"There are {images.shape[0]} images but {expected.shape[0]} expected labels.", nameof(expected));
        using var predicted = Predict(classifier, images);
        using var wanted = expected.cpu();
        return Compare(predicted.data<long>().ToArray(), wanted.data<long>().ToArray(), classes);
    }

    /// <summary>The agreement of predicted with expected classes, overall and per expected class.</summary>
    public static AgreementScore Compare(IReadOnlyList<long> predicted, IReadOnlyList<long> expected, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);
        if (predicted.Count != expected.Count)
            throw new ArgumentException($"{predicted.Count} predictions for {expected.Count} expected labels.", nameof(predicted));
        var hits = new int[classes];
        var counts = new int[classes];
        var confusions = new Dictionary<(int, int), int>();
        for (int i = 0; i < expected.Count; i++)
        {
            var k = expected[i];
            if (k < 0 || k >= classes)
                throw new ArgumentException($"Expected label #{i} is {k}, outside 0 … {classes - 1}.", nameof(expected));
            counts[k]++;
            if (predicted[i] == k) hits[k]++;
            else confusions[((int)k, (int)predicted[i])] = confusions.GetValueOrDefault(((int)k, (int)predicted[i])) + 1;
        }
        var perClass = Enumerable.Range(0, classes).Select(k => counts[k] == 0 ? double.NaN : (double)hits[k] / counts[k]).ToArray();
        var ranked = confusions.OrderByDescending(c => c.Value).ThenBy(c => c.Key).Select(c => (c.Key.Item1, c.Key.Item2, c.Value)).ToArray();
        return new AgreementScore(expected.Count, hits.Sum(), perClass, counts, ranked);
    }
}
