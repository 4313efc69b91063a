namespace NotebookRunner.Running;

/// <summary>A path with every symbolic link on the way resolved, as realpath(3) gives it; parts that do not exist yet are kept as they are.</summary>
static class RealPath
{
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var resolved = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(resolved, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            // A link's target may itself contain links: resolve it again from the top, with a bound against cycles.
            for (int hops = 0; info.Exists && info.LinkTarget is { } target && hops < 40; hops++)
            {
                next = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(resolved, target));
                next = Of(next);
                info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            }
            resolved = next;
        }
        return resolved;
    }
}
