using GanCourse.Saved;
using GanCourse.Tests.Data;
using GanCourse.Training;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

/// <summary>
/// Trained weights shipped with a notebook: saved once after a run, loaded instead of training. A folder
/// that cannot be loaded gives one line and null, with the networks untouched, so the notebook trains.
/// </summary>
[Collection(SeededTrainingCollection.Name)]
public class TrainedWeightsTests : IDisposable
{
    readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    static readonly TrainingOptions Two = new() { Epochs = 2, SampleEpochs = [1] };

    string Folder => Path.Combine(temp.Path, "trained", "04-mnist-gan");

    (LectureRun Run, TrainingHistory History) Trained()
    {
        var run = Trainer(Two);
        var history = run.Fit(Small);
        Assert.Equal(Folder, run.Loop.SaveTrained(Folder, "notebook 04, 640 embedded digits"));
        return (run, history);
    }

    [Fact]
    public void Loading_gives_the_trained_networks_and_history_without_training()
    {
        var (trained, history) = Trained();
        using var _ = trained;
        Assert.Equal(
            ["checkpoint.json", "discriminator.bin", "generator.bin", "samples.bin"],
            Directory.GetFiles(Folder).Select(Path.GetFileName).Order());

        using var fresh = Trainer(Two, initSeed: 99);
        Assert.NotEqual(Flatten(trained.Generator), Flatten(fresh.Generator));
        var log = new StringWriter();
        var loaded = fresh.Loop.LoadTrained(Folder, log);

        Assert.NotNull(loaded);
        Assert.Equal(Flatten(trained.Generator, trained.Discriminator), Flatten(fresh.Generator, fresh.Discriminator));
        Assert.Equal(Losses(history), Losses(loaded));
        Assert.Equal(history.Samples.Select(s => s.Epoch), loaded.Samples.Select(s => s.Epoch));
        Assert.Equal(history.Samples[^1].Images.SelectMany(x => x), loaded.Samples[^1].Images.SelectMany(x => x));
        Assert.Equal(2, fresh.Loop.CompletedEpochs);
        var line = Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Loaded trained weights", line);
        Assert.Contains("2 epochs, seed 1 (notebook 04, 640 embedded digits)", line);

        // The loop counts the loaded epochs as done: Fit with the same options trains nothing more.
        Assert.Same(loaded, fresh.Fit(Small));
        Assert.Equal(2, loaded.Epochs.Count);
    }

    [Fact]
    public void Saving_again_replaces_the_weights_and_leaves_no_temporary_folder()
    {
        var (first, _) = Trained();
        using (first) { }
        using var longer = Trainer(Two with { Epochs = 3 });
        longer.Fit(Small);
        longer.Loop.SaveTrained(Folder, "three epochs");
        Assert.Equal([Folder], Directory.GetFileSystemEntries(Path.GetDirectoryName(Folder)!));

        using var fresh = Trainer(Two);
        Assert.Equal(3, fresh.Loop.LoadTrained(Folder, TextWriter.Null)!.Epochs.Count);
    }

    /// <summary>Loads into fresh networks and expects one line containing <paramref name="reason"/>, null, and the networks as they were.</summary>
    static void RefusedWith(string folder, string reason, Func<LectureRun>? build = null)
    {
        using var fresh = build?.Invoke() ?? Trainer(Two, initSeed: 99);
        var before = Flatten(fresh.Generator, fresh.Discriminator);
        var log = new StringWriter();

        Assert.Null(fresh.Loop.LoadTrained(folder, log));

        var line = Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("No trained weights loaded, training instead: ", line);
        Assert.Contains(reason, line);
        Assert.Equal(before, Flatten(fresh.Generator, fresh.Discriminator));
        Assert.Equal(0, fresh.Loop.CompletedEpochs);
    }

    [Fact]
    public void A_missing_folder_or_manifest_is_one_line_and_training()
    {
        RefusedWith(Path.Combine(temp.Path, "nowhere"), "does not exist");
        Directory.CreateDirectory(Folder);
        RefusedWith(Folder, "holds no checkpoint.json");
        RefusedWith("", "no folder was given");
    }

    [Fact]
    public void The_line_says_what_the_caller_does_instead()
    {
        using var fresh = Trainer(Two);
        var log = new StringWriter();
        Assert.Null(fresh.Loop.LoadTrained(Path.Combine(temp.Path, "nowhere"), log, otherwise: "so nothing to compare"));
        Assert.Equal($"No trained weights loaded, so nothing to compare: {Path.Combine(temp.Path, "nowhere")} does not exist.", log.ToString().Trim());
    }

    [Fact]
    public void A_truncated_or_missing_weights_file_is_one_line_and_training()
    {
        Trained().Run.Dispose();
        var weights = Path.Combine(Folder, "generator.bin");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        RefusedWith(Folder, "generator.bin is corrupt");

        File.Delete(weights);
        RefusedWith(Folder, "generator.bin is missing");
    }

    [Fact]
    public void A_damaged_manifest_or_another_format_is_one_line_and_training()
    {
        Trained().Run.Dispose();
        var manifest = Path.Combine(Folder, "checkpoint.json");
        var text = File.ReadAllText(manifest);
        File.WriteAllText(manifest, text.Replace("\"format\": 3", "\"format\": 4"));
        RefusedWith(Folder, "has format 4; this library reads format 3");

        File.WriteAllText(manifest, text[..(text.Length / 2)]);
        RefusedWith(Folder, "checkpoint.json is corrupt");
    }

    [Fact]
    public void Weights_trained_with_another_seed_or_batch_size_are_one_line_and_training()
    {
        Trained().Run.Dispose();
        RefusedWith(Folder, "was trained with other settings (Seed 1 there, 2 here)", () => Trainer(Two with { Seed = 2 }, initSeed: 99));
        RefusedWith(Folder, "(BatchSize 64 there, 32 here)", () => Trainer(Two with { BatchSize = 32 }, initSeed: 99));
    }

    [Fact]
    public void Weights_of_other_networks_are_one_line_and_training()
    {
        Trained().Run.Dispose();
        // Same parts, other sizes: the generator takes 30 noise values instead of 20.
        RefusedWith(Folder, "does not fit this run's networks", () => Trainer(Two, initSeed: 99, noiseSize: 30));

        // Other parts: a critic where the discriminator was.
        using var g = MnistGan.Generator();
        using var critic = MnistGan.Discriminator();
        var loop = new TrainingLoop(Two with { Device = CPU, ShowProgress = false }).Add("generator", g).Add("critic", critic);
        var log = new StringWriter();
        Assert.Null(loop.LoadTrained(Folder, log));
        Assert.Contains("holds other networks: generator (Sequential), discriminator (Sequential) there, generator (Sequential), critic (Sequential) here", log.ToString());
    }

    [Fact]
    public void Saving_before_training_or_into_no_folder_is_refused()
    {
        using var untrained = Trainer(Two);
        Assert.Contains("after Fit", Assert.Throws<InvalidOperationException>(() => untrained.Loop.SaveTrained(Folder, "x")).Message);
        untrained.Fit(Small);
        Assert.Contains("name a folder", Assert.Throws<ArgumentException>(() => untrained.Loop.SaveTrained(" ", "x")).Message);
    }

    [Fact]
    public void Kept_samples_become_a_tensor_of_one_row_each_for_scoring()
    {
        var snapshot = new SampleSnapshot(3, [[1f, 2f], [3f, 4f], [5f, 6f]]);
        using var samples = snapshot.ToTensor();
        Assert.Equal([3L, 2L], samples.shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], samples.data<float>().ToArray());
    }
}
