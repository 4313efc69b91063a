namespace NotebookRunner.Tests.Support;

/// <summary>Kernel processes still alive for a test's folder, found by their command line (Linux /proc).</summary>
static class KernelProcesses
{
    /// <summary>Process ids whose command line is a kernel started with --working-dir under <paramref name="folder"/>.</summary>
    public static List<int> Under(string folder)
    {
        var found = new List<int>();
        if (!OperatingSystem.IsLinux()) return found;
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                var at = Array.IndexOf(args, "--working-dir");
                if (args.Contains("stdio") && at >= 0 && at + 1 < args.Length && args[at + 1].StartsWith(folder, StringComparison.Ordinal))
                    found.Add(pid);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }
}
