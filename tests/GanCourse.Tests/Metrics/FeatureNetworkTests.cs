using GanCourse.Data;
using GanCourse.Metrics;
using TorchSharp;
using Xunit.Abstractions;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

[Collection(GanCourse.Tests.Training.SeededTrainingCollection.Name)]
public sealed class FeatureNetworkTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>A recipe that trains in about a second, for the tests of the cache's mechanics.</summary>
    static readonly FeatureRecipe Small = new(TrainCount: 640, TestCount: 200, Epochs: 1, Seed: 5, LearningRate: 3e-3, Features: 16);

    readonly string folder = Path.Combine(Path.GetTempPath(), $"gancourse-feature-cache-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    static float[][] Weights(FeatureNetwork network) => Flatten(network.Classifier);

    /// <summary>The next numbers the random generator draws.</summary>
    static float[] NextDraws()
    {
        using var draws = torch.rand(16);
        return draws.data<float>().ToArray();
    }

    (FeatureNetwork Network, string Log) Load(FeatureRecipe recipe, string? cache = null)
    {
        var log = new StringWriter();
        var network = FeatureNetwork.Load(recipe, log, cache ?? folder);
        output.WriteLine(log.ToString());
        return (network, log.ToString());
    }

    [Fact]
    public void The_first_load_trains_a_judge_of_real_digits_that_classifies_unseen_ones_well_and_caches_it()
    {
        var network = TrainedFeatures.Network;
        output.WriteLine(TrainedFeatures.FirstLog);

        Assert.False(network.FromCache);
        Assert.Equal(64, network.Dimension);
        Assert.False(network.Classifier.training);
        Assert.InRange(network.TestAccuracy, 0.95, 1);
        Assert.True(File.Exists(network.CachePath));
        Assert.Equal(TrainedFeatures.Folder, Path.GetDirectoryName(network.CachePath));
        Assert.Single(TrainedFeatures.FirstLog.TrimEnd().Split('\n'));
        Assert.StartsWith("Feature network: trained a digit classifier's 64 hidden features (trained on the embedded real digits 0–7,499, 3 epochs, seed 1; accuracy ", TrainedFeatures.FirstLog);
        Assert.Contains("on digits 7,500–9,999; not Inception) in ", TrainedFeatures.FirstLog);
        Assert.EndsWith($", cached in {network.CachePath}.", TrainedFeatures.FirstLog.TrimEnd());
    }

    [Fact]
    public void The_second_load_reads_the_same_weights_from_the_cache_and_both_ways_leave_the_random_generator_alike()
    {
        var first = TrainedFeatures.Network;
        manual_seed(11);

        var log = new StringWriter();
        using var second = FeatureNetwork.Load(log, TrainedFeatures.Folder);

        var afterCached = NextDraws();
        Assert.True(second.FromCache);
        Assert.Equal(first.CachePath, second.CachePath);
        Assert.Equal($"Feature network: a digit classifier's 64 hidden features (trained on the embedded real digits 0–7,499, 3 epochs, seed 1; " +
            $"accuracy {first.TestAccuracy:F3} on digits 7,500–9,999; not Inception), loaded from {first.CachePath}.", log.ToString().TrimEnd());
        Assert.Equal(first.TestAccuracy, second.TestAccuracy);
        Assert.Equal(Weights(first), Weights(second));
        Assert.False(second.Classifier.training);
        var images = All.Images.narrow(0, 9000, 100);
        Assert.Equal(first.Features(images).data<double>().ToArray(), second.Features(images).data<double>().ToArray());

        // Training leaves the generator as loading from the cache does, from the same state before.
        manual_seed(11);
        var (trained, _) = Load(Small);
        Assert.False(trained.FromCache);
        Assert.Equal(afterCached, NextDraws());
    }

    [Theory]
    [InlineData("truncated", "truncated: ")]
    [InlineData("flipped", "its checksum does not match its contents")]
    [InlineData("foreign", "not a feature network file")]
    [InlineData("empty", "0 bytes, shorter than its header")]
    public void A_damaged_cache_file_is_named_in_one_line_and_trained_again(string damage, string reason)
    {
        var (original, _) = Load(Small);
        var path = original.CachePath!;
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]); break;
            case "flipped": bytes[^10] ^= 0x40; File.WriteAllBytes(path, bytes); break;
            case "foreign": File.WriteAllText(path, "PK\u0003\u0004 some other file that happens to sit here"); break;
            default: File.WriteAllBytes(path, []); break;
        }

        var (retrained, log) = Load(Small);

        Assert.Single(log.TrimEnd().Split('\n'));
        Assert.StartsWith($"Feature network: the cache file {path} is damaged ({reason}", log);
        Assert.Contains("), so trained a digit classifier's 16 hidden features", log);
        Assert.EndsWith($"cached in {path}.", log.TrimEnd());
        Assert.False(retrained.FromCache);
        Assert.Equal(Weights(original), Weights(retrained));   // same seed, same weights
        var (reloaded, _) = Load(Small);
        Assert.True(reloaded.FromCache);
        Assert.Equal(Weights(original), Weights(reloaded));
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_written_still_gives_a_trained_network_and_says_so()
    {
        Directory.CreateDirectory(folder);
        var blocked = Path.Combine(folder, "a-file");
        File.WriteAllText(blocked, "");

        var (network, log) = Load(Small, Path.Combine(blocked, "cache"));

        Assert.Null(network.CachePath);
        Assert.False(network.FromCache);
        Assert.Contains(" s, not cached (", log);
        Assert.Equal([200, 16], network.Features(All.Images.narrow(0, 0, 200)).shape);
    }

    [Fact]
    public void The_cache_key_changes_with_the_architecture_the_recipe_and_the_training_digits_only()
    {
        var key = Small.Key(All);

        Assert.Equal(key, Small.Key(All));
        Assert.Equal(16, key.Length);
        Assert.NotEqual(key, (Small with { Features = 32 }).Key(All));
        Assert.NotEqual(key, (Small with { Seed = 6 }).Key(All));
        Assert.NotEqual(key, (Small with { Epochs = 2 }).Key(All));
        Assert.NotEqual(key, (Small with { LearningRate = 1e-3 }).Key(All));
        Assert.NotEqual(key, (Small with { TrainCount = 700 }).Key(All));
        Assert.NotEqual(key, FeatureRecipe.Default.Key(All));

        using var changed = All.Slice(0, All.Count);
        changed.Images[10, 300] = tensor(0.5f);
        Assert.NotEqual(key, Small.Key(changed));
        using var changedLabel = All.Slice(0, All.Count);
        changedLabel.Labels[3] = tensor((changedLabel.Labels[3].item<long>() + 1) % 10);
        Assert.NotEqual(key, Small.Key(changedLabel));
        using var changedTest = All.Slice(0, All.Count);
        changedTest.Images[5000, 300] = tensor(0.5f);   // a digit it does not train on
        Assert.Equal(key, Small.Key(changedTest));
    }
}
