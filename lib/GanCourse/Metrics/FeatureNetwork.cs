using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using GanCourse.Data;
using GanCourse.Models;
using GanCourse.Training;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharpLoading;
using static TorchSharp.torch;

namespace GanCourse.Metrics;

/// <summary>
/// The feature space of the course's Fréchet distance, kernel MMD and precision/recall: the 64 hidden
/// units of a <see cref="DigitClassifier"/> trained on real digits. GAN papers use Inception (FID, KID) or
/// VGG-16 (precision/recall) trained on ImageNet; those weights are not available offline, so the course
/// uses this judge instead, and its scores are not comparable with published numbers. The judge has seen
/// real digits only, never generated ones: the embedded MNIST digits 0–7,499 (the ones notebooks 06–08
/// train their GANs on), and its accuracy is measured on digits 7,500–9,999.
/// </summary>
/// <remarks>
/// <see cref="Load(TextWriter?, string?)"/> trains it once (a few seconds per epoch on a CPU, with a fixed seed) and caches the
/// weights in the course's cache folder, so each notebook loads the same network in a fraction of a second.
/// The cache file is named by a hash of everything the weights depend on: the architecture, the training
/// recipe and the training digits; changing any of them trains a new network.
/// </remarks>
public sealed class FeatureNetwork : IDisposable
{
    internal FeatureNetwork(Sequential classifier, double testAccuracy, string message, bool fromCache, string? cachePath)
    {
        Classifier = classifier;
        TestAccuracy = testAccuracy;
        Message = message;
        FromCache = fromCache;
        CachePath = cachePath;
        Dimension = (int)((Linear)classifier.named_children().Last().module).in_features;
        classifier.eval();
    }

    /// <summary>The trained classifier (on the CPU, in eval mode); its last layer maps the features to the ten digit scores.</summary>
    public Sequential Classifier { get; }

    /// <summary>Features per image (64).</summary>
    public int Dimension { get; }

    /// <summary>The classifier's accuracy on the embedded digits 7,500–9,999, which it was not trained on.</summary>
    public double TestAccuracy { get; }

    /// <summary>One line: what the network is, and whether it was loaded from the cache or trained (and cached) now.</summary>
    public string Message { get; }

    /// <summary>True when the weights came from the cache file.</summary>
    public bool FromCache { get; }

    /// <summary>The cache file, or null when none was used.</summary>
    public string? CachePath { get; }

    /// <summary>
    /// The features of <paramref name="images"/> (<c>[N, 784]</c> on the [−1, 1] scale): <c>[N, 64]</c>,
    /// float64 on the CPU (<see cref="DigitClassifier.Features"/>).
    /// </summary>
    public Tensor Features(Tensor images) => DigitClassifier.Features(Classifier, images);

    /// <summary>
    /// The feature network: loaded from the cache when it holds one for this architecture and recipe, else
    /// trained (3 epochs of <see cref="DigitClassifier.Train"/> on the embedded digits 0–7,499, seed 1, on
    /// the CPU) and cached. Writes <see cref="Message"/> to <paramref name="log"/> (default: the console). A
    /// damaged cache file is reported in that line and replaced. TorchSharp's random generator ends in the
    /// same state whether the network was cached or trained (reseeded from one number drawn before), so a
    /// notebook draws the same numbers either way (on a GPU machine training also reseeds the CUDA
    /// generator: seed after this call).
    /// </summary>
    /// <param name="log">Where the one line goes; <see cref="TextWriter.Null"/> silences it.</param>
    /// <param name="cacheDirectory">Folder of the cache file; default <c>feature-network/</c> in the course's cache folder (<c>~/.cache/gan-course</c>, or GANCOURSE_CACHE).</param>
    public static FeatureNetwork Load(TextWriter? log = null, string? cacheDirectory = null) =>
        Load(FeatureRecipe.Default, log, cacheDirectory);

    internal static FeatureNetwork Load(FeatureRecipe recipe, TextWriter? log, string? cacheDirectory)
    {
        log ??= Console.Out;
        // Creating a network draws its initial weights, and training reseeds: both change what the notebook
        // draws next, and differently with and without a cache file. One number drawn first seeds the
        // generator afterwards, so both ways end in the same state.
        long next = torch.randint(long.MaxValue, [1], dtype: ScalarType.Int64).item<long>();
        try
        {
            var network = LoadOrTrain(recipe, cacheDirectory ?? Path.Combine(TorchSharpNative.CacheRoot(), "feature-network"));
            log.WriteLine(network.Message);
            return network;
        }
        finally
        {
            torch.manual_seed(next);
        }
    }

    static FeatureNetwork LoadOrTrain(FeatureRecipe recipe, string folder)
    {
        using var data = EmbeddedMnist.Load();
        var path = Path.Combine(folder, $"digit-features-{recipe.Key(data)}.bin");
        string? damage = null;
        if (File.Exists(path))
        {
            var loaded = recipe.Create();
            try
            {
                var accuracy = FeatureCacheFile.Read(path, loaded);
                return new FeatureNetwork(loaded, accuracy, $"Feature network: {recipe.Describe(accuracy)}, loaded from {path}.", true, path);
            }
            catch (InvalidDataException e)
            {
                loaded.Dispose();
                damage = $"the cache file {path} is damaged ({e.Message}), so ";
            }
        }
        var clock = Stopwatch.StartNew();
        var (classifier, testAccuracy) = recipe.Train(data);
        string? cached = path;
        string where;
        try
        {
            FeatureCacheFile.Write(path, classifier, testAccuracy);
            where = $"cached in {path}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            (cached, where) = (null, $"not cached ({e.Message})");
        }
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Feature network: {damage}trained {recipe.Describe(testAccuracy)} in {clock.Elapsed.TotalSeconds:F1} s, {where}.");
        return new FeatureNetwork(classifier, testAccuracy, message, false, cached);
    }

    public void Dispose() => Classifier.Dispose();
}

/// <summary>How the feature network is built and trained; <see cref="Key"/> names its cache file.</summary>
sealed record FeatureRecipe(int TrainCount, int TestCount, int Epochs, long Seed, double LearningRate, int Features)
{
    /// <summary>Bump when training changes in a way neither the recipe nor the architecture shows (the loss, the optimizer, the batch size).</summary>
    const int Version = 1;

    /// <summary>3 epochs on the embedded digits 0–7,499, tested on 7,500–9,999: what notebook 08's judge does.</summary>
    public static FeatureRecipe Default { get; } = new(7_500, 2_500, 3, 1, DigitClassifier.DefaultLearningRate, DigitClassifier.DefaultFeatures);

    public Sequential Create() => DigitClassifier.Create(features: Features);

    /// <summary>Hex of a 128-bit hash of the architecture (layer names, types, shapes, sizes), this recipe and the training digits.</summary>
    public string Key(MnistData data)
    {
        var hash = new XxHash128();
        using (var model = Create())
            hash.Append(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{Version} {TrainCount} {TestCount} {Epochs} {Seed} {LearningRate:R} {Features}\n{ModelSummary.Of(model, 784)}")));
        using var scope = NewDisposeScope();
        hash.Append(data.Images.narrow(0, 0, TrainCount).contiguous().bytes);
        hash.Append(data.Labels.narrow(0, 0, TrainCount).contiguous().bytes);
        return Convert.ToHexString(hash.GetCurrentHash()).ToLowerInvariant()[..16];
    }

    public string Describe(double accuracy) => string.Create(CultureInfo.InvariantCulture,
        $"a digit classifier's {Features} hidden features (trained on the embedded real digits 0–{TrainCount - 1:N0}, " +
        $"{Epochs} epochs, seed {Seed}; accuracy {accuracy:F3} on digits {TrainCount:N0}–{TrainCount + TestCount - 1:N0}; not Inception)");

    /// <summary>A classifier trained on the CPU from seeded initial weights, and its held-out accuracy; reseeds the global generator.</summary>
    public (Sequential Classifier, double Accuracy) Train(MnistData data)
    {
        ComputeDevice.Seed(Seed);
        var classifier = Create();
        DigitClassifier.Train(classifier, data.Images.narrow(0, 0, TrainCount), data.Labels.narrow(0, 0, TrainCount), Epochs, Seed, LearningRate);
        var test = LabelAgreement.Score(classifier, data.Images.narrow(0, TrainCount, TestCount), data.Labels.narrow(0, TrainCount, TestCount));
        return (classifier, test.Share);
    }
}
