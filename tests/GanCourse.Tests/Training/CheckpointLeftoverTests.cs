using System.Diagnostics;
using GanCourse.Tests.Data;
using GanCourse.Training;
using static GanCourse.Tests.Training.TrainingData;

namespace GanCourse.Tests.Training;

/// <summary>Leftovers of interrupted checkpoint writes: cleaned up by the next save, never a live writer's (issue 12).</summary>
[Collection(SeededTrainingCollection.Name)]
public class CheckpointLeftoverTests : IDisposable
{
    readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    static readonly TrainingOptions Base = new() { Epochs = 1, SampleEpochs = [] };

    static string Id() => Guid.NewGuid().ToString("N");

    /// <summary>What a writer killed at that point leaves: a folder, and its lock file (no longer locked by anyone).</summary>
    string Leftover(string runFolder, string name, string kind, string id, bool withLock = true, string? copyOf = null)
    {
        Directory.CreateDirectory(runFolder);
        var folder = Path.Combine(runFolder, $".{name}.{kind}-{id}");
        if (copyOf != null) CopyFolder(copyOf, folder);
        else
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, "generator.bin"), new byte[1000]);
        }
        if (withLock) File.WriteAllText(Path.Combine(runFolder, $".{name}.lock-{id}"), "{}");
        return folder;
    }

    static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    static string[] Hidden(string folder) =>
        [.. Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Where(n => n!.StartsWith('.')).Order()!];

    string SaveOnce()
    {
        using var trainer = Trainer(Base);
        return trainer.SaveCheckpoint(temp.Path);
    }

    [Fact]
    public void Leftovers_of_dead_writers_are_removed_by_the_next_save_in_any_run_folder()
    {
        var deadRun = Path.Combine(temp.Path, "run-20240101-000000-00000000");
        var partial = Leftover(deadRun, "epoch-0003", "partial", Id());
        var orphanLock = Path.Combine(deadRun, $".epoch-0004.lock-{Id()}");
        File.WriteAllText(orphanLock, "");
        var deleting = Leftover(temp.Path, "epoch-0001", "deleting", Id(), withLock: false);

        var saved = SaveOnce();

        Assert.False(Directory.Exists(partial));
        Assert.False(File.Exists(orphanLock));
        Assert.False(Directory.Exists(deleting));
        Assert.Empty(Hidden(deadRun));
        Assert.Empty(Hidden(temp.Path));
        Assert.Empty(Hidden(Path.GetDirectoryName(saved)!));
    }

    [Fact]
    public void A_writer_killed_between_the_two_renames_loses_nothing()
    {
        // Killed after moving the old epoch-0000 aside and before renaming the new one into place.
        var source = SaveOnce();
        var run = Path.Combine(temp.Path, "run-20240101-000000-22222222");
        var id = Id();
        var old = Leftover(run, "epoch-0000", "old", id, copyOf: source);
        var incomplete = Leftover(run, "epoch-0000", "partial", id);

        SaveOnce();

        var restored = Path.Combine(run, "epoch-0000");
        Assert.True(CheckpointFiles.IsIntact(restored), "the previous checkpoint was put back under its name");
        Assert.False(Directory.Exists(old));
        Assert.False(Directory.Exists(incomplete));
        Assert.Empty(Hidden(run));
    }

    [Fact]
    public void A_complete_temporary_folder_is_published_instead_of_deleted()
    {
        // Killed after the last file and the manifest were written, before the rename.
        var source = SaveOnce();
        var run = Path.Combine(temp.Path, "run-20240101-000000-33333333");
        Leftover(run, "epoch-0000", "partial", Id(), copyOf: source);

        SaveOnce();

        Assert.True(CheckpointFiles.IsIntact(Path.Combine(run, "epoch-0000")));
        Assert.Empty(Hidden(run));
    }

    [Fact]
    public void A_live_writer_in_this_process_keeps_its_folder_until_it_is_gone()
    {
        var run = Path.Combine(temp.Path, "run-20240101-000000-11111111");
        var id = Id();
        var partial = Leftover(run, "epoch-0002", "partial", id, withLock: false);
        var lockPath = Path.Combine(run, $".epoch-0002.lock-{id}");
        using (new FileStream(lockPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
        {
            SaveOnce();
            Assert.True(Directory.Exists(partial), "a locked writer's folder is left alone");
        }
        SaveOnce();
        Assert.False(Directory.Exists(partial));
        Assert.False(File.Exists(lockPath));
    }

    [Fact]
    public void Leftovers_without_a_lock_file_are_removed_only_once_untouched_for_a_while()
    {
        // Earlier library versions wrote .partial- folders without a lock, directly in the checkpoint folder.
        var partial = Leftover(temp.Path, "epoch-0010", "partial", Id(), withLock: false);

        SaveOnce();
        Assert.True(Directory.Exists(partial), "a fresh leftover may belong to a writer still at work");

        var longAgo = DateTime.UtcNow - CheckpointLeftovers.UnlockedAge - TimeSpan.FromMinutes(1);
        File.SetLastWriteTimeUtc(Path.Combine(partial, "generator.bin"), longAgo);
        Directory.SetLastWriteTimeUtc(partial, longAgo);
        SaveOnce();
        Assert.False(Directory.Exists(partial));
    }

    [Fact]
    public void A_writer_killed_mid_write_leaves_nothing_behind_after_the_next_save_and_a_live_one_finishes()
    {
        using var killed = ChildProcesses.Start(ChildProcesses.CheckpointWriter, temp.Path);
        using var live = ChildProcesses.Start(ChildProcesses.CheckpointWriter, temp.Path);
        try
        {
            var killedPartial = MidWrite(killed);
            var livePartial = MidWrite(live);
            killed.Kill(entireProcessTree: true);
            Assert.True(killed.WaitForExit(60_000));
            Assert.True(Directory.Exists(killedPartial), "the kill left the temporary folder behind");
            var killedRun = Path.GetDirectoryName(killedPartial)!;
            Assert.Equal(2, Hidden(killedRun).Length);   // the .partial- folder and its lock file

            var saved = SaveOnce();

            Assert.Empty(Hidden(killedRun));
            Assert.True(Directory.Exists(livePartial), "the live writer's folder is left alone");

            live.StandardInput.WriteLine();
            var finished = live.StandardOutput.ReadLine();
            Assert.True(live.WaitForExit(120_000));
            Assert.Equal(0, live.ExitCode);
            var liveFolder = finished!["saved ".Length..];
            Assert.True(CheckpointFiles.IsIntact(liveFolder), $"the live writer completed {liveFolder}");

            Assert.Equal(new[] { liveFolder, saved }.Order(), Checkpoints.List(temp.Path).Order());
            foreach (var folder in new[] { temp.Path }.Concat(Directory.GetDirectories(temp.Path)))
                Assert.Empty(Hidden(folder));
        }
        finally
        {
            foreach (var child in new[] { killed, live })
                if (!child.HasExited) child.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Waits until the child reports that it is in the middle of a checkpoint; returns its temporary folder.</summary>
    static string MidWrite(Process child)
    {
        var line = Task.Run(child.StandardOutput.ReadLine);
        if (!line.Wait(TimeSpan.FromMinutes(3)) || line.Result is not { } text || !text.StartsWith("writing ", StringComparison.Ordinal))
            throw new Xunit.Sdk.XunitException($"the child did not start writing: {(line.IsCompleted ? line.Result : "(no output)")} {child.StandardError.ReadToEnd()}");
        var folder = Path.GetDirectoryName(text["writing ".Length..])!;
        Assert.Contains(".partial-", folder);
        return folder;
    }
}
