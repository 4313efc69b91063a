using System.Text.Json.Nodes;
using GanCourse.Tests.Data;
using GanCourse.Training;
using static GanCourse.Tests.Training.TrainingData;

namespace GanCourse.Tests.Training;

/// <summary>Checkpoints of several runs in one folder, and damaged checkpoints (issue 12).</summary>
[Collection(SeededTrainingCollection.Name)]
public class CheckpointRunTests : IDisposable
{
    readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    static readonly TrainingOptions Base = new() { SampleEpochs = [1] };

    /// <summary>Trains a run into the temp folder the way notebook 04 does: Fit (saving), then SaveCheckpoint.</summary>
    (string Run, string Saved) NotebookRun(int epochs, int every)
    {
        using var trainer = Trainer(Base with { Epochs = epochs, CheckpointDirectory = temp.Path, CheckpointEvery = every });
        trainer.Fit(Small);
        return (trainer.RunId, trainer.SaveCheckpoint());
    }

    static string[] Names(IEnumerable<string> folders) => [.. folders.Select(f => $"{Path.GetFileName(Path.GetDirectoryName(f))}/{Path.GetFileName(f)}")];

    [Fact]
    public void A_shorter_second_run_keeps_its_checkpoint_and_is_the_one_resumed()
    {
        // The issue's reproduction, scaled down: a longer run (checkpoints 4 and 5 kept), then a 3-epoch run.
        var (longRun, _) = NotebookRun(epochs: 5, every: 2);
        var (shortRun, saved) = NotebookRun(epochs: 3, every: 3);

        Assert.NotEqual(longRun, shortRun);
        Assert.Equal(Path.Combine(temp.Path, shortRun, "epoch-0003"), saved);
        Assert.True(CheckpointFiles.IsIntact(saved), "the folder SaveCheckpoint returned exists and is complete");
        // Retention looked only at each run's own checkpoints: nothing of the longer run was pruned or overwritten.
        Assert.Equal([$"{longRun}/epoch-0004", $"{longRun}/epoch-0005", $"{shortRun}/epoch-0003"], Names(Checkpoints.List(temp.Path)));
        Assert.Equal(saved, Checkpoints.Latest(temp.Path));

        using var resumed = Trainer(Base with { Epochs = 4, CheckpointDirectory = temp.Path, CheckpointEvery = 1 });
        var log = new StringWriter();
        Assert.Equal(3, resumed.ResumeFrom(temp.Path, log));
        Assert.Equal(shortRun, resumed.RunId);
        Assert.Equal(saved, resumed.ResumedFrom!.Folder);
        Assert.Equal(
            $"Resumed from {saved} (epoch 3 of {shortRun}, saved {resumed.ResumedFrom.SavedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC), " +
            $"the most recently written of 3 checkpoints in 2 runs in {temp.Path}.", log.ToString().Trim());

        // The resumed run continues its own series; the other run is still untouched.
        resumed.Fit(Small);
        Assert.Equal([$"{longRun}/epoch-0004", $"{longRun}/epoch-0005", $"{shortRun}/epoch-0003", $"{shortRun}/epoch-0004"],
            Names(Checkpoints.List(temp.Path)));
    }

    [Fact]
    public void Newest_means_most_recently_written_within_a_run_too()
    {
        // Resuming from an earlier checkpoint and saving again makes that one the newest, whatever its epoch.
        using (var trainer = Trainer(Base with { Epochs = 3, CheckpointDirectory = temp.Path, CheckpointEvery = 1, CheckpointsToKeep = 3 }))
            trainer.Fit(Small);
        var first = Checkpoints.Find(temp.Path)[0];
        Assert.Equal(1, first.Epoch);

        using var again = Trainer(Base with { Epochs = 3, CheckpointsToKeep = 3 });
        again.ResumeFrom(first.Folder, TextWriter.Null);
        Assert.Equal(first.Folder, again.SaveCheckpoint(temp.Path));

        Assert.Equal([2, 3, 1], Checkpoints.Find(temp.Path).Select(c => c.Epoch));
        Assert.Equal(first.Folder, Checkpoints.Latest(temp.Path));
    }

    [Fact]
    public void A_corrupt_newest_checkpoint_names_the_next_good_one_of_its_run()
    {
        var (run, _) = NotebookRun(epochs: 4, every: 2);
        var older = Path.Combine(temp.Path, run, "epoch-0002");
        var newest = Path.Combine(temp.Path, run, "epoch-0004");
        var damaged = Path.Combine(newest, "generator.bin");
        File.WriteAllBytes(damaged, [1, 2, 3]);

        using var trainer = Trainer(Base with { Epochs = 4 });
        foreach (var path in new[] { temp.Path, newest })
        {
            var e = Assert.Throws<CheckpointException>(() => trainer.ResumeFrom(path, TextWriter.Null));
            Assert.Contains($"{damaged} is corrupt", e.Message);
            Assert.Contains($"The next good checkpoint of this run is {older} (epoch 2 of {run}", e.Message);
            Assert.Contains($"ResumeFrom(\"{older}\")", e.Message);
            Assert.Equal(0, trainer.CompletedEpochs);
        }
        Assert.Equal(2, trainer.ResumeFrom(older, TextWriter.Null));
    }

    [Fact]
    public void A_corrupt_only_checkpoint_of_the_newest_run_points_to_another_run_or_says_there_is_none()
    {
        var (firstRun, firstSaved) = NotebookRun(epochs: 2, every: 2);
        var (_, secondSaved) = NotebookRun(epochs: 1, every: 1);
        File.WriteAllText(Path.Combine(secondSaved, "checkpoint.json"), "{ not json");

        using var trainer = Trainer(Base with { Epochs = 2 });
        var e = Assert.Throws<CheckpointException>(() => trainer.ResumeFrom(temp.Path, TextWriter.Null));
        Assert.Contains($"{Path.Combine(secondSaved, "checkpoint.json")} is corrupt", e.Message);
        Assert.Contains($"the newest good checkpoint of another run is {firstSaved} (epoch 2 of {firstRun}", e.Message);

        File.Delete(Path.Combine(firstSaved, "samples.bin"));
        e = Assert.Throws<CheckpointException>(() => trainer.ResumeFrom(temp.Path, TextWriter.Null));
        Assert.Contains($"No other intact checkpoint was found in {temp.Path}.", e.Message);
    }

    [Fact]
    public void Checkpoints_without_a_run_folder_or_identifier_are_still_found_and_resumed()
    {
        // Written straight into the checkpoint folder, with no run or time in the manifest.
        var (_, saved) = NotebookRun(epochs: 2, every: 2);
        var loose = Path.Combine(temp.Path, "epoch-0002");
        Directory.Move(saved, loose);
        var manifestPath = Path.Combine(loose, "checkpoint.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest.Remove("run");
        manifest.Remove("savedAt");
        File.WriteAllText(manifestPath, manifest.ToJsonString());

        var found = Assert.Single(Checkpoints.Find(temp.Path));
        Assert.Equal((loose, (string?)null, 2), (found.Folder, found.Run, found.Epoch));

        using var trainer = Trainer(Base with { Epochs = 3, CheckpointDirectory = temp.Path });
        var ownRun = trainer.RunId;
        Assert.Equal(2, trainer.ResumeFrom(temp.Path, TextWriter.Null));
        Assert.Equal(ownRun, trainer.RunId);
        trainer.Fit(Small);
        Assert.Equal([loose, Path.Combine(temp.Path, ownRun, "epoch-0003")], Checkpoints.List(temp.Path));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Checkpoints_of_the_earlier_gan_trainer_are_listed_and_refused_with_the_reason(int format)
    {
        var (_, saved) = NotebookRun(epochs: 1, every: 1);
        var manifestPath = Path.Combine(saved, "checkpoint.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        manifest["format"] = format;
        manifest.Remove("parts");
        File.WriteAllText(manifestPath, manifest.ToJsonString());

        Assert.Equal(saved, Assert.Single(Checkpoints.Find(temp.Path)).Folder);
        using var trainer = Trainer(Base with { Epochs = 2 });
        var e = Assert.Throws<CheckpointException>(() => trainer.ResumeFrom(saved, TextWriter.Null));
        Assert.Contains($"written by the GAN trainer of an earlier course version (format {format})", e.Message);
        Assert.Contains("Train again", e.Message);
        Assert.Equal(0, trainer.CompletedEpochs);
    }
}
