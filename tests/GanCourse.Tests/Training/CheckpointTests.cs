using GanCourse.Tests.Data;
using GanCourse.Training;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

[Collection(SeededTrainingCollection.Name)]
public class CheckpointTests : IDisposable
{
    readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    static readonly TrainingOptions Four = new() { Epochs = 4, SampleEpochs = [1, 3] };

    [Fact]
    public void Two_epochs_then_resume_and_two_more_equal_four_straight()
    {
        using var straight = Trainer(Four);
        var expected = straight.Fit(Small);

        string run;
        using (var firstHalf = Trainer(Four with { Epochs = 2, CheckpointDirectory = temp.Path, CheckpointEvery = 2 }))
        {
            firstHalf.Fit(Small);
            run = firstHalf.RunId;
        }
        Assert.Equal([Path.Combine(temp.Path, run, "epoch-0002")], Checkpoints.List(temp.Path));

        // Other initial weights and a disturbed global generator: the checkpoint must restore everything.
        using var resumed = Trainer(Four, initSeed: 99);
        rand(1000).Dispose();
        Assert.Equal(2, resumed.ResumeFrom(temp.Path, TextWriter.Null));
        Assert.Equal(run, resumed.RunId);
        var actual = resumed.Fit(Small);

        Assert.Equal(Losses(expected), Losses(actual));
        // Samples after epochs 1 and 3 (asked for) and 4 (the last); the 2-epoch run also kept its last, epoch 2.
        Assert.Equal([1, 3, 4], expected.Samples.Select(s => s.Epoch));
        Assert.Equal([1, 2, 3, 4], actual.Samples.Select(s => s.Epoch));
        foreach (var sample in expected.Samples)
            Assert.Equal(sample.Images.SelectMany(x => x), actual.Samples.Single(s => s.Epoch == sample.Epoch).Images.SelectMany(x => x));
        foreach (var (a, b) in straight.Generator.parameters().Zip(resumed.Generator.parameters()))
            Assert.True(a.allclose(b, rtol: 0, atol: 0));
    }

    [Fact]
    public void Checkpoints_are_saved_every_n_epochs_and_only_the_newest_are_kept()
    {
        using var trainer = Trainer(Four with { Epochs = 5, CheckpointDirectory = temp.Path, CheckpointEvery = 2, CheckpointsToKeep = 2 });
        trainer.Fit(Small);

        // One run folder. Saved after epochs 2, 4 and the last (5); epoch 2 was pruned. No temporary folders or locks remain.
        var runFolder = Path.Combine(temp.Path, trainer.RunId);
        Assert.Equal([runFolder], Directory.GetFileSystemEntries(temp.Path));
        Assert.Equal(["epoch-0004", "epoch-0005"], Directory.GetFileSystemEntries(runFolder).Select(Path.GetFileName).Order());
        Assert.Equal(Path.Combine(runFolder, "epoch-0005"), Checkpoints.Latest(temp.Path));
        Assert.Equal(
            ["checkpoint.json", "discriminator-optimizer.bin", "discriminator.bin", "generator-optimizer.bin", "generator.bin", "samples.bin"],
            Directory.GetFiles(Path.Combine(runFolder, "epoch-0005")).Select(Path.GetFileName).Order());

        // A second save of the same epoch replaces the folder.
        Assert.Equal(Path.Combine(runFolder, "epoch-0005"), trainer.SaveCheckpoint());
        Assert.Equal(["epoch-0004", "epoch-0005"], Directory.GetFileSystemEntries(runFolder).Select(Path.GetFileName).Order());
    }

    string SavedCheckpoint()
    {
        using var trainer = Trainer(Four with { Epochs = 1, CheckpointDirectory = temp.Path });
        trainer.Fit(Small);
        return Checkpoints.Latest(temp.Path)!;
    }

    [Fact]
    public void A_missing_checkpoint_is_a_clear_error()
    {
        using var trainer = Trainer(Four);
        Assert.Contains("does not exist", Assert.Throws<CheckpointException>(() => trainer.ResumeFrom(Path.Combine(temp.Path, "nowhere"), TextWriter.Null)).Message);
        Assert.Contains("No checkpoint in", Assert.Throws<CheckpointException>(() => trainer.ResumeFrom(temp.Path, TextWriter.Null)).Message);
        Assert.Null(Checkpoints.Latest(temp.Path));
    }

    [Theory]
    [InlineData("generator.bin")]
    [InlineData("discriminator-optimizer.bin")]
    [InlineData("samples.bin")]
    public void A_corrupt_or_missing_file_is_named(string file)
    {
        var folder = SavedCheckpoint();
        var path = Path.Combine(folder, file);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        using var trainer = Trainer(Four);

        var e = Assert.Throws<CheckpointException>(() => trainer.ResumeFrom(folder, TextWriter.Null));
        Assert.Contains(path, e.Message);
        Assert.Contains("corrupt", e.Message);

        File.Delete(path);
        Assert.Contains("missing", Assert.Throws<CheckpointException>(() => trainer.ResumeFrom(folder, TextWriter.Null)).Message);
        Assert.Equal(0, trainer.CompletedEpochs);
    }

    [Fact]
    public void A_damaged_manifest_is_a_clear_error()
    {
        var folder = SavedCheckpoint();
        var manifest = Path.Combine(folder, "checkpoint.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest)[..40]);
        using var trainer = Trainer(Four);

        var e = Assert.Throws<CheckpointException>(() => trainer.ResumeFrom(folder, TextWriter.Null));
        Assert.Contains($"{manifest} is corrupt", e.Message);
    }

    [Fact]
    public void Other_settings_or_other_data_are_refused()
    {
        var folder = SavedCheckpoint();
        using var otherBatch = Trainer(Four with { BatchSize = 32, Seed = 5 });
        var e = Assert.Throws<CheckpointException>(() => otherBatch.ResumeFrom(folder, TextWriter.Null));
        Assert.Contains("Seed 1 there, 5 here", e.Message);
        Assert.Contains("BatchSize 64 there, 32 here", e.Message);

        using var otherParts = new LectureRun(Four);
        var critic = TorchSharp.torch.nn.Linear(784, 1);
        var loop = new TrainingLoop(Four with { Device = CPU }).Add("generator", otherParts.Generator, otherParts.GeneratorOptimizer).Add("critic", critic, TorchSharp.torch.optim.Adam(critic.parameters()));
        Assert.Contains("parts generator (Sequential, Adam), discriminator (Sequential, Adam) there, generator (Sequential, Adam), critic (Linear, Adam) here",
            Assert.Throws<CheckpointException>(() => loop.ResumeFrom(folder, TextWriter.Null)).Message);

        using var trainer = Trainer(Four);
        trainer.ResumeFrom(folder, TextWriter.Null);
        Assert.Contains("640 rows", Assert.Throws<CheckpointException>(() => trainer.Fit(All.Images.narrow(0, 0, 320))).Message);
    }

    [Fact]
    public void Models_of_another_size_are_refused_and_left_as_they_were()
    {
        var folder = SavedCheckpoint();
        using var trainer = Trainer(Four, initSeed: 3, noiseSize: 10);
        var before = trainer.Generator.parameters().Select(p => p.clone().DetachFromDisposeScope()).ToList();

        var e = Assert.Throws<CheckpointException>(() => trainer.ResumeFrom(folder, TextWriter.Null));

        Assert.Contains("generator.bin does not fit", e.Message);
        Assert.All(trainer.Generator.parameters().Zip(before), p => Assert.True(p.First.allclose(p.Second, rtol: 0, atol: 0)));
        Assert.Equal(0, trainer.CompletedEpochs);
        foreach (var t in before) t.Dispose();
    }
}
