namespace NotebookRunner.Tests.Support;

/// <summary>Processes of a test's runs still alive, found in Linux's /proc.</summary>
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

    /// <summary>True while process <paramref name="pid"/> runs; a zombie waiting to be reaped has ended.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            // "pid (comm) S ...": the state follows the last ')', as comm may hold anything.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Kills those of <paramref name="pids"/> still alive, with what they started: what a failed test left running.</summary>
    public static void EndAll(IEnumerable<int> pids)
    {
        foreach (var pid in pids.Where(IsAlive))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // It ended meanwhile.
            }
        }
    }
}
