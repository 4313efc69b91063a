using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace NotebookRunner.NuGet;

/// <summary>Reads what NuGet wrote to <c>obj/project.assets.json</c>.</summary>
static class AssetsFile
{
    /// <summary>The errors NuGet logged into the file (NU1101 and friends), as "NU1101: message" lines.</summary>
    public static IReadOnlyList<string> Errors(JsonObject assets) =>
        (assets["logs"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(log => (string?)log["level"] == "Error")
            .Select(log => $"{(string?)log["code"]}: {(string?)log["message"]}")
            .ToList();

    /// <summary>The assemblies and native libraries of every package in the restore graph.</summary>
    /// <exception cref="InvalidDataException">The file lacks what a successful restore writes.</exception>
    public static RestoredPackages Read(JsonObject assets, bool fromCache)
    {
        var packageFolders = (assets["packageFolders"] as JsonObject)?.Select(p => p.Key).ToList()
            ?? throw new InvalidDataException("project.assets.json has no packageFolders");
        var target = (assets["targets"] as JsonObject)?.FirstOrDefault(t => !t.Key.Contains('/')).Value as JsonObject
            ?? throw new InvalidDataException("project.assets.json has no target framework");
        var libraries = assets["libraries"] as JsonObject ?? [];
        var ridChain = RuntimeIdentifierChain();

        var compile = new List<string>();
        var runtime = new List<string>();
        var native = new List<string>();
        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in target)
        {
            if (value is not JsonObject library || (string?)library["type"] != "package") continue;
            var slash = key.IndexOf('/');
            versions[key[..slash]] = key[(slash + 1)..];
            var folder = PackageFolder(packageFolders, (string?)libraries[key]?["path"]);
            if (folder == null) continue;

            compile.AddRange(Assets(library["compile"]).Select(a => Path.Combine(folder, a)));
            var ridRuntime = BestRidAssets(library["runtimeTargets"], "runtime", ridChain);
            runtime.AddRange((ridRuntime.Count > 0 ? ridRuntime : Assets(library["runtime"]).ToList()).Select(a => Path.Combine(folder, a)));
            native.AddRange(BestRidAssets(library["runtimeTargets"], "native", ridChain).Select(a => Path.Combine(folder, a)));
        }
        return new RestoredPackages(compile, runtime, native, versions, fromCache);
    }

    /// <summary>True when every package folder the file points at still exists (the NuGet cache may have been cleared).</summary>
    public static bool PackagesPresent(JsonObject assets)
    {
        var packageFolders = (assets["packageFolders"] as JsonObject)?.Select(p => p.Key).ToList();
        if (packageFolders == null) return false;
        return (assets["libraries"] as JsonObject ?? [])
            .Where(l => (string?)l.Value?["type"] == "package")
            .All(l => PackageFolder(packageFolders, (string?)l.Value?["path"]) != null);
    }

    static string? PackageFolder(IEnumerable<string> roots, string? relative) =>
        relative == null ? null : roots.Select(r => Path.Combine(r, relative)).FirstOrDefault(Directory.Exists);

    /// <summary>Asset paths, without NuGet's "_._" placeholders for "nothing here".</summary>
    static IEnumerable<string> Assets(JsonNode? group) =>
        (group as JsonObject ?? []).Select(a => a.Key).Where(a => !a.EndsWith("/_._", StringComparison.Ordinal));

    /// <summary>The assets of the given type for the most specific runtime identifier that has any.</summary>
    static List<string> BestRidAssets(JsonNode? runtimeTargets, string assetType, IReadOnlyList<string> ridChain)
    {
        var candidates = (runtimeTargets as JsonObject ?? [])
            .Where(a => (string?)a.Value?["assetType"] == assetType && !a.Key.EndsWith("/_._", StringComparison.Ordinal))
            .Select(a => (Path: a.Key, Rid: (string?)a.Value?["rid"]))
            .ToList();
        foreach (var rid in ridChain)
        {
            var matching = candidates.Where(c => c.Rid == rid).Select(c => c.Path).ToList();
            if (matching.Count > 0) return matching;
        }
        return [];
    }

    /// <summary>This machine's runtime identifier and its portable fallbacks: linux-x64, linux, unix, any.</summary>
    public static IReadOnlyList<string> RuntimeIdentifierChain()
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        var os = rid.Split('-')[0];
        var chain = new List<string> { rid };
        if (os != rid) chain.Add(os);
        if (!OperatingSystem.IsWindows()) chain.Add("unix");
        chain.Add("any");
        return chain;
    }
}
