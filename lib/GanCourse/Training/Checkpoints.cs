using System.Globalization;
using System.Security.Cryptography;
using static GanCourse.Training.CheckpointFiles;

namespace GanCourse.Training;

/// <summary>
/// Checkpoints of a <see cref="TrainingLoop"/>. Each run (one loop, or a loop resumed from one of the
/// run's checkpoints) writes into its own folder, <c>run-20250612-143005-1a2b3c4d/</c>, one folder per
/// checkpoint, <c>epoch-0010/</c>, holding every part's weights and optimizer state, the samples and
/// <c>checkpoint.json</c> (run, time of writing, settings, parts, history and the SHA-256 of every file).
/// Retention and "newest" look at the current run only, so another run in the same folder is never
/// pruned or overwritten. A checkpoint is written into a temporary folder and renamed into place when
/// complete; leftovers of interrupted writes are cleaned up by the next save (see
/// <see cref="CheckpointLeftovers"/>).
/// </summary>
public static class Checkpoints
{
    const string FolderPrefix = "epoch-", RunPrefix = "run-";

    /// <summary>Test seam: called with each file's path right after it is written into the temporary folder.</summary>
    internal static Action<string>? FileWritten;

    /// <summary>
    /// Every checkpoint in <paramref name="directory"/>: those in its run folders, and those directly in it
    /// (written before runs had folders, or when <paramref name="directory"/> is a run folder); ordered by
    /// the time they were written, oldest first. Empty when there are none.
    /// </summary>
    public static IReadOnlyList<CheckpointInfo> Find(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        var runFolders = Directory.EnumerateDirectories(directory)
            .Where(d => !Path.GetFileName(d).StartsWith('.') && EpochOf(d) < 0);
        return [.. CheckpointFolders(directory).Concat(runFolders.SelectMany(CheckpointFolders))
            .Select(Describe)
            .OrderBy(c => c.SavedAt).ThenBy(c => c.Epoch).ThenBy(c => c.Folder, StringComparer.Ordinal)];
    }

    /// <summary>The checkpoint folders of <see cref="Find"/>, oldest first.</summary>
    public static IReadOnlyList<string> List(string directory) => [.. Find(directory).Select(c => c.Folder)];

    /// <summary>The most recently written checkpoint in <paramref name="directory"/> (the newest of the most recently written run), or null.</summary>
    public static string? Latest(string directory) => Find(directory).LastOrDefault()?.Folder;

    static IEnumerable<string> CheckpointFolders(string directory) =>
        Directory.EnumerateDirectories(directory, FolderPrefix + "*")
            .Where(d => EpochOf(d) >= 0 && File.Exists(Path.Combine(d, ManifestFile)));

    /// <summary>What a checkpoint folder says about itself; a damaged manifest still yields its folder, run folder and file time.</summary>
    static CheckpointInfo Describe(string folder)
    {
        var manifestTime = new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(folder, ManifestFile)), TimeSpan.Zero);
        try
        {
            var manifest = ReadManifest(folder);
            return new CheckpointInfo(folder, ValidRunId(manifest.Run), EpochOf(folder), manifest.SavedAt ?? manifestTime);
        }
        catch (CheckpointException)
        {
            var parent = Path.GetFileName(Path.GetDirectoryName(folder));
            return new CheckpointInfo(folder, ValidRunId(parent), EpochOf(folder), manifestTime);
        }
    }

    static int EpochOf(string folder)
    {
        var name = Path.GetFileName(folder);
        return name.StartsWith(FolderPrefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(FolderPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : -1;
    }

    /// <summary>A fresh run identifier: start time (UTC) and 32 random bits, e.g. <c>run-20250612-143005-1a2b3c4d</c>.</summary>
    internal static string NewRunId() =>
        $"{RunPrefix}{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";

    /// <summary>The identifier if it can name a folder safely (it comes from a file that may have been edited), else null.</summary>
    static string? ValidRunId(string? id) =>
        id is { Length: > 4 and <= 64 } && id.StartsWith(RunPrefix, StringComparison.Ordinal) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? id : null;

    internal static string Save(TrainingLoop loop, string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
            throw new ArgumentException("The checkpoint folder is empty; name a folder.", nameof(directory));
        Directory.CreateDirectory(directory);
        CheckpointLeftovers.CleanUp(directory);

        var parts = PartFiles.Of(loop.Parts);
        var runFolder = Path.Combine(directory, loop.RunId);
        Directory.CreateDirectory(runFolder);
        var name = $"{FolderPrefix}{loop.CompletedEpochs:D4}";
        var final = Path.Combine(runFolder, name);
        Write(loop, parts, runFolder, name, description: null);
        Prune(runFolder, loop.RunId, loop.Options.CheckpointsToKeep, written: final);
        return final;
    }

    /// <summary>
    /// Writes the loop's state into <paramref name="parent"/>/<paramref name="name"/> through a temporary
    /// folder that is renamed into place when complete, replacing a folder of that name; returns the folder.
    /// </summary>
    static string Write(TrainingLoop loop, IReadOnlyList<PartFiles> parts, string parent, string name, string? description)
    {
        var final = Path.Combine(parent, name);
        using var write = CheckpointLeftovers.Begin(parent, name);
        Directory.CreateDirectory(write.Temp);
        try
        {
            WriteState(loop, parts, write.Temp);
            var files = parts.SelectMany(p => p.Files).Append(SamplesFile);
            var manifest = new CheckpointManifest(Format, loop.RunId, DateTimeOffset.UtcNow, loop.CompletedEpochs, CheckpointSettings.Of(loop),
                [.. parts.Select(p => p.Describe())], [.. loop.History.Epochs], files.ToDictionary(f => f, f => Sha256(Path.Combine(write.Temp, f))), description);
            WriteManifest(write.Temp, manifest);
            Publish(write.Temp, final, write.Old);
            return final;
        }
        finally
        {
            if (Directory.Exists(write.Temp)) Directory.Delete(write.Temp, recursive: true);
        }
    }

    /// <summary>The parts with their weights alone: what trained weights hold.</summary>
    static IReadOnlyList<PartFiles> WeightsOnly(TrainingLoop loop) => PartFiles.Of(loop.Parts.Select(p => p with { Optimizer = null }));

    internal static string SaveTrained(TrainingLoop loop, string folder, string description)
    {
        if (string.IsNullOrWhiteSpace(folder))
            throw new ArgumentException("The folder for the trained weights is empty; name a folder.", nameof(folder));
        if (loop.CompletedEpochs == 0)
            throw new InvalidOperationException("Nothing is trained yet: save trained weights after Fit.");
        var full = Path.GetFullPath(folder);
        var parent = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{folder} has no parent folder; name a folder inside one.", nameof(folder));
        Directory.CreateDirectory(parent);
        return Write(loop, WeightsOnly(loop), parent, Path.GetFileName(full), description);
    }

    /// <summary>
    /// Restores the weights and history of trained weights (or of a checkpoint, without its optimizer state)
    /// from <paramref name="folder"/>; raises <see cref="CheckpointException"/> saying why it cannot, with the
    /// networks unchanged.
    /// </summary>
    internal static Restored LoadTrained(TrainingLoop loop, string folder)
    {
        if (string.IsNullOrWhiteSpace(folder)) throw new CheckpointException("no folder was given");
        if (!File.Exists(Path.Combine(folder, ManifestFile)))
            throw new CheckpointException(Directory.Exists(folder) ? $"{folder} holds no {ManifestFile}" : $"{folder} does not exist");
        var manifest = Verify(folder);
        var differences = manifest.Settings.Differences(CheckpointSettings.Of(loop));
        if (differences.Count > 0)
            throw new CheckpointException($"{folder} was trained with other settings ({string.Join("; ", differences)})");
        static string Names(IEnumerable<string> parts) => string.Join(", ", parts);
        var saved = manifest.Parts.Select(p => $"{p.Name} ({p.Module})").ToList();
        var here = loop.Parts.Select(p => $"{p.Name} ({p.Module.GetType().Name})").ToList();
        if (!saved.SequenceEqual(here))
            throw new CheckpointException($"{folder} holds other networks: {Names(saved)} there, {(here.Count == 0 ? "none" : Names(here))} here");
        var made = manifest.Description is { Length: > 0 } d ? $" ({d})" : "";
        return Restore(WeightsOnly(loop), manifest, new CheckpointInfo(folder, manifest.Run, manifest.Epoch, manifest.SavedAt ?? DateTimeOffset.MinValue),
            $"Loaded trained weights from {folder}: {manifest.Epoch} epochs, seed {manifest.Settings.Seed}{made}.");
    }

    /// <summary>Puts the state of checkpoint <paramref name="from"/> into <paramref name="parts"/> and returns its history and samples.</summary>
    static Restored Restore(IReadOnlyList<PartFiles> parts, CheckpointManifest manifest, CheckpointInfo from, string description)
    {
        var samples = ReadSamples(Path.Combine(from.Folder, SamplesFile));
        RestoreState(parts, from.Folder);
        return new Restored(new TrainingHistory { Epochs = [.. manifest.Epochs], Samples = samples }, manifest.Settings.DataRows, from, description);
    }

    static void WriteState(TrainingLoop loop, IReadOnlyList<PartFiles> parts, string folder)
    {
        void Written(string file) => FileWritten?.Invoke(Path.Combine(folder, file));
        foreach (var part in parts)
        {
            part.Save(folder);
            foreach (var file in part.Files) Written(file);
        }
        WriteSamples(Path.Combine(folder, SamplesFile), loop.History.Samples);
        Written(SamplesFile);
    }

    /// <summary>Renames the complete temporary folder into place; an existing checkpoint of that name is swapped out, and put back if the swap fails.</summary>
    static void Publish(string temp, string final, string old)
    {
        if (!Directory.Exists(final))
        {
            Directory.Move(temp, final);
            return;
        }
        Directory.Move(final, old);
        try
        {
            Directory.Move(temp, final);
        }
        catch
        {
            Directory.Move(old, final);
            throw;
        }
        try { Directory.Delete(old, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }  // the next clean-up removes it
    }

    /// <summary>Keeps the newest <paramref name="keep"/> checkpoints of this run, always including the one just written.</summary>
    static void Prune(string runFolder, string run, int keep, string written)
    {
        var older = Find(runFolder).Where(c => c.Run == run && !SamePath(c.Folder, written)).ToList();
        foreach (var stale in older.SkipLast(keep - 1))
            CheckpointLeftovers.Delete(stale.Folder);
    }

    static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    /// <summary>What a checkpoint gave back; <see cref="Description"/> is one line saying which checkpoint was taken and why.</summary>
    internal sealed record Restored(TrainingHistory History, int? DataRows, CheckpointInfo Checkpoint, string Description);

    internal static Restored Load(TrainingLoop loop, string path)
    {
        var (chosen, why) = Resolve(path);
        CheckpointManifest manifest;
        try
        {
            manifest = Verify(chosen.Folder);
        }
        catch (CheckpointException e)
        {
            throw new CheckpointException($"{e.Message} {NextGood(path, chosen)}", e);
        }
        var differences = manifest.Settings.Differences(CheckpointSettings.Of(loop) with { DataRows = manifest.Settings.DataRows });
        var parts = PartFiles.Of(loop.Parts);
        var saved = manifest.Parts.Select(p => p.ToString()).ToList();
        var here = parts.Select(p => p.Describe().ToString()).ToList();
        if (!saved.SequenceEqual(here))
            differences.Add($"parts {string.Join(", ", saved)} there, {(here.Count == 0 ? "none" : string.Join(", ", here))} here");
        if (differences.Count > 0)
            throw new CheckpointException($"{chosen.Folder} was made by another run setup ({string.Join("; ", differences)}). Resume with the same networks, optimizers and TrainingOptions.");

        return Restore(parts, manifest, chosen, $"Resumed from {chosen}{why}.");
    }

    /// <summary>The checkpoint <paramref name="path"/> names, or the newest one in it, with a note on the choice.</summary>
    static (CheckpointInfo Checkpoint, string Why) Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new CheckpointException("No checkpoint given: the path is empty.");
        if (IsCheckpointFolder(path)) return (Describe(path), "");
        if (!Directory.Exists(path)) throw new CheckpointException($"No checkpoint at {path}: the folder does not exist.");
        var all = Find(path);
        if (all.Count == 0)
            throw new CheckpointException($"No checkpoint in {path} (expected run folders of {FolderPrefix}NNNN checkpoints, or a folder with {ManifestFile}).");
        int runs = all.Select(c => c.Run ?? "").Distinct().Count();
        return (all[^1], all.Count == 1 ? "" :
            $", the most recently written of {all.Count} checkpoints in {runs} run{(runs == 1 ? "" : "s")} in {path}");
    }

    /// <summary>A folder that is meant to be one checkpoint: it has a manifest, or an epoch-NNNN name (then a missing manifest is reported as such).</summary>
    static bool IsCheckpointFolder(string path) =>
        File.Exists(Path.Combine(path, ManifestFile)) || (Directory.Exists(path) && EpochOf(path) >= 0);

    /// <summary>The sentence naming the next good checkpoint after <paramref name="failed"/>: its own run first, then any other.</summary>
    static string NextGood(string requested, CheckpointInfo failed)
    {
        var roots = new List<string>();
        if (IsCheckpointFolder(requested))
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(requested))!;
            roots.Add(parent);
            if (Path.GetFileName(parent).StartsWith(RunPrefix, StringComparison.Ordinal) && Path.GetDirectoryName(parent) is { } above) roots.Add(above);
        }
        else roots.Add(requested);
        var others = roots.SelectMany(Find)
            .DistinctBy(c => Path.GetFullPath(c.Folder))
            .Where(c => !SamePath(c.Folder, failed.Folder))
            .OrderByDescending(c => c.SavedAt)
            .ToList();
        var sameRun = others.FirstOrDefault(c => c.Run == failed.Run && IsIntact(c.Folder));
        if (sameRun != null)
            return $"The next good checkpoint of this run is {sameRun}; resume from it with ResumeFrom(\"{sameRun.Folder}\").";
        var otherRun = others.FirstOrDefault(c => c.Run != failed.Run && IsIntact(c.Folder));
        return otherRun != null
            ? $"No other checkpoint of {failed.RunLabel} is intact; the newest good checkpoint of another run is {otherRun}: ResumeFrom(\"{otherRun.Folder}\") starts from that run instead."
            : $"No other intact checkpoint was found in {string.Join(" or ", roots)}.";
    }

    /// <summary>Loads every part's state; if any does not fit, puts the previous ones back so the loop stays usable.</summary>
    static void RestoreState(IReadOnlyList<PartFiles> parts, string folder)
    {
        using var backup = new MemoryStream();
        using (var writer = new BinaryWriter(backup, System.Text.Encoding.UTF8, leaveOpen: true))
            foreach (var part in parts) part.Save(writer);
        string current = "";
        try
        {
            foreach (var part in parts) part.Load(folder, file => current = file);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            backup.Position = 0;
            using var reader = new BinaryReader(backup);
            foreach (var part in parts) part.Load(reader);
            throw new CheckpointException($"{Path.Combine(folder, current)} does not fit this run's networks (were they built with other sizes?): {e.Message.Split('\n')[0]}", e);
        }
    }
}
