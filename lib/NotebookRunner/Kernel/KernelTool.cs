using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookRunner.Kernel;

/// <summary>
/// The pinned .NET Interactive kernel: the local tool manifest (<c>.config/dotnet-tools.json</c>) that pins
/// Microsoft.dotnet-interactive, and how to start it the way VS Code Polyglot Notebooks does.
/// </summary>
static class KernelTool
{
    public const string PackageId = "microsoft.dotnet-interactive";

    /// <summary>
    /// The folder whose tool manifest pins the kernel: the first one above the notebook's folder, else the
    /// first above the runner itself (its build output lies inside the repository that pins the kernel).
    /// </summary>
    public static string? FindManifestFolder(string notebookFolder) =>
        FindAbove(notebookFolder) ?? FindAbove(AppContext.BaseDirectory);

    /// <summary>The kernel version a manifest pins, or null when it pins none.</summary>
    public static string? PinnedVersion(string manifestFolder)
    {
        foreach (var path in ManifestPaths(manifestFolder))
        {
            if (!File.Exists(path)) continue;
            try
            {
                var tools = JsonNode.Parse(File.ReadAllText(path))?["tools"]?.AsObject();
                var entry = tools?.FirstOrDefault(t => string.Equals(t.Key, PackageId, StringComparison.OrdinalIgnoreCase)).Value;
                if (entry?["version"]?.GetValue<string>() is { } version) return version;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or IOException)
            {
                // Not a manifest we can read; the search goes on above it.
            }
        }
        return null;
    }

    /// <summary>
    /// <c>dotnet interactive stdio --working-dir &lt;notebook folder&gt;</c>, started in the manifest's folder so
    /// that the SDK finds the pinned tool. Telemetry and the first-run banner are off: a headless run
    /// should send nothing and print nothing but events.
    /// </summary>
    public static ProcessStartInfo StdioStartInfo(string manifestFolder, string notebookFolder)
    {
        var info = DotnetHost.StartInfo(DotnetHost.Path, manifestFolder, ["interactive", "stdio", "--working-dir", notebookFolder]);
        info.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        return info;
    }

    /// <summary>True when the SDK's message says the local tool is pinned but not restored yet.</summary>
    public static bool NeedsRestore(IEnumerable<string> stderr) =>
        stderr.Any(l => l.Contains("dotnet tool restore", StringComparison.Ordinal));

    /// <summary>Runs <c>dotnet tool restore</c> in the manifest's folder; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RestoreAsync(string manifestFolder, CancellationToken cancellation)
    {
        var info = DotnetHost.StartInfo(DotnetHost.Path, manifestFolder, ["tool", "restore"]);
        info.RedirectStandardInput = false;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        var stdout = await process.StandardOutput.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        return (process.ExitCode, (stdout + await stderr).Trim());
    }

    static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir != null; dir = dir.Parent)
        {
            if (PinnedVersion(dir.FullName) != null) return dir.FullName;
        }
        return null;
    }

    static IEnumerable<string> ManifestPaths(string folder) =>
        [Path.Combine(folder, ".config", "dotnet-tools.json"), Path.Combine(folder, "dotnet-tools.json")];
}
