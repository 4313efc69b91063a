using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GanCourse.Training;

/// <summary>
/// Writing a checkpoint safely, and cleaning up after writes that were interrupted (a killed kernel, a
/// crash, a power cut).
/// </summary>
/// <remarks>
/// A writer first creates <c>.epoch-0012.lock-ID</c> and holds it open with an exclusive lock, then writes
/// into <c>.epoch-0012.partial-ID</c> and renames that to <c>epoch-0012</c> (an existing <c>epoch-0012</c>
/// is moved aside to <c>.epoch-0012.old-ID</c> for the swap). Old checkpoints are renamed to
/// <c>.epoch-0004.deleting-ID</c> before they are deleted, so a half-deleted checkpoint never looks like a
/// checkpoint.
/// <para>
/// Every save first cleans up leftovers in the checkpoint folder and its run folders, but only those of
/// writers that are gone. The operating system releases a file lock when its process ends, however it
/// ends, so a lock that can be taken means its writer is gone; a live writer's files, in this process or
/// another, are never touched. The lock file also records the writer's process id, host and start time;
/// where file locks are not enforced (e.g. <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>), a writer process
/// still running on this host counts as live. Leftovers without a lock file come from library versions
/// before these locks; nothing says whether their writer lives, so they are removed only once untouched
/// for <see cref="UnlockedAge"/> (a checkpoint takes seconds to write).
/// </para>
/// <para>
/// Nothing committed is lost: a leftover <c>.old-</c> folder whose checkpoint name is free again (the
/// writer died between the two renames) is put back, and a complete <c>.partial-</c> folder (all files
/// present with the recorded hashes) whose name is free is published instead of deleted.
/// </para>
/// </remarks>
static partial class CheckpointLeftovers
{
    /// <summary>How long a leftover without a lock file must be untouched before it counts as abandoned.</summary>
    public static readonly TimeSpan UnlockedAge = TimeSpan.FromMinutes(10);

    const string PartialKind = "partial", OldKind = "old", DeletingKind = "deleting", LockKind = "lock";

    [GeneratedRegex(@"^\.(?<name>epoch-\d+)\.(?<kind>partial|old|deleting|lock)-(?<id>[0-9a-f]{32})$")]
    private static partial Regex LeftoverName();

    /// <summary>One checkpoint being written: its temporary folder, the name for the swap, and the held lock.</summary>
    public sealed class Write : IDisposable
    {
        readonly FileStream held;

        internal Write(string folder, string name)
        {
            var id = Guid.NewGuid().ToString("N");
            Temp = Path.Combine(folder, $".{name}.{PartialKind}-{id}");
            Old = Path.Combine(folder, $".{name}.{OldKind}-{id}");
            // Created and locked before the temporary folder exists, so whoever sees the folder also sees the lock.
            held = new FileStream(Path.Combine(folder, $".{name}.{LockKind}-{id}"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
                bufferSize: 1, FileOptions.DeleteOnClose);
            JsonSerializer.Serialize(held, WriterProcess.Current);
            held.Flush();
        }

        public string Temp { get; }
        public string Old { get; }

        /// <summary>Releases and removes the lock file.</summary>
        public void Dispose() => held.Dispose();
    }

    /// <summary>Starts writing checkpoint <paramref name="name"/> in <paramref name="folder"/>: takes the writer lock.</summary>
    public static Write Begin(string folder, string name) => new(folder, name);

    /// <summary>Renames a checkpoint away and deletes it; if that fails part-way, the next clean-up finishes it.</summary>
    public static void Delete(string checkpoint)
    {
        var doomed = Path.Combine(Path.GetDirectoryName(checkpoint)!, $".{Path.GetFileName(checkpoint)}.{DeletingKind}-{Guid.NewGuid():N}");
        try
        {
            Directory.Move(checkpoint, doomed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        TryDeleteFolder(doomed);
    }

    /// <summary>Cleans up abandoned leftovers in <paramref name="directory"/> and in each run folder inside it.</summary>
    public static void CleanUp(string directory)
    {
        if (!Directory.Exists(directory)) return;
        CleanFolder(directory);
        foreach (var sub in Directory.EnumerateDirectories(directory))
            if (!Path.GetFileName(sub).StartsWith('.')) CleanFolder(sub);
    }

    static void CleanFolder(string folder)
    {
        var groups = Directory.EnumerateFileSystemEntries(folder, ".epoch-*")
            .Select(path => (Path: path, Match: LeftoverName().Match(Path.GetFileName(path))))
            .Where(e => e.Match.Success)
            .GroupBy(e => (Name: e.Match.Groups["name"].Value, Id: e.Match.Groups["id"].Value), e => (e.Path, Kind: e.Match.Groups["kind"].Value));
        foreach (var group in groups)
        {
            var entries = group.ToList();
            foreach (var (path, _) in entries.Where(e => e.Kind == DeletingKind)) TryDeleteFolder(path);
            var folders = entries.Where(e => e.Kind is PartialKind or OldKind).ToList();
            var lockPath = Path.Combine(folder, $".{group.Key.Name}.{LockKind}-{group.Key.Id}");
            using var claim = Claim.Take(lockPath, folders.Select(f => f.Path));
            if (claim is null) continue;

            var final = Path.Combine(folder, group.Key.Name);
            // The partial first: if complete it is the newer of the two; the old one is then redundant.
            foreach (var (path, kind) in folders.OrderBy(f => f.Kind == PartialKind ? 0 : 1))
            {
                bool keep = !Directory.Exists(final) && (kind == OldKind || CheckpointFiles.IsIntact(path));
                if (!keep) TryDeleteFolder(path);
                else
                {
                    try { Directory.Move(path, final); }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
                }
            }
        }
    }

    static void TryDeleteFolder(string path)
    {
        try { Directory.Delete(path, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>The lock of a dead writer, taken so that no other clean-up works on the same leftovers meanwhile.</summary>
    sealed class Claim : IDisposable
    {
        readonly FileStream? stream;
        readonly string path;

        Claim(FileStream? stream, string path) => (this.stream, this.path) = (stream, path);

        /// <summary>The claim, or null when the writer may still be at work.</summary>
        public static Claim? Take(string lockPath, IEnumerable<string> folders)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return folders.All(f => SinceLastWrite(f) > UnlockedAge) ? new Claim(null, lockPath) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;  // locked: its writer is alive
            }
            if (WriterProcess.Read(stream)?.IsRunningHere() == true)
            {
                stream.Dispose();
                return null;
            }
            return new Claim(stream, lockPath);
        }

        public void Dispose()
        {
            if (stream is null) return;
            stream.Dispose();
            try { File.Delete(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    static TimeSpan SinceLastWrite(string folder)
    {
        try
        {
            var last = Directory.GetLastWriteTimeUtc(folder);
            foreach (var file in Directory.EnumerateFiles(folder))
                if (File.GetLastWriteTimeUtc(file) is var t && t > last) last = t;
            return DateTime.UtcNow - last;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>Who holds a lock file: recorded so a clean-up can also tell a live writer where locks are not enforced.</summary>
    sealed record WriterProcess(int ProcessId, string Host, long StartedUtcTicks)
    {
        static readonly Lazy<WriterProcess> current = new(() =>
        {
            using var self = Process.GetCurrentProcess();
            return new WriterProcess(Environment.ProcessId, Environment.MachineName, self.StartTime.ToUniversalTime().Ticks);
        });

        public static WriterProcess Current => current.Value;

        public static WriterProcess? Read(FileStream stream)
        {
            try { return JsonSerializer.Deserialize<WriterProcess>(stream); }
            catch (Exception e) when (e is JsonException or IOException) { return null; }
        }

        /// <summary>True when this process still runs on this host (the same id and start time, so not a reused id).</summary>
        public bool IsRunningHere()
        {
            if (Host != Environment.MachineName) return false;
            try
            {
                using var process = Process.GetProcessById(ProcessId);
                return Math.Abs(process.StartTime.ToUniversalTime().Ticks - StartedUtcTicks) < TimeSpan.TicksPerSecond;
            }
            catch (ArgumentException)
            {
                return false;  // no such process
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                return true;  // cannot tell: keep its files
            }
        }
    }
}
