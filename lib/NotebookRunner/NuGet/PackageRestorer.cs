using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookRunner.Processes;

namespace NotebookRunner.NuGet;

/// <summary>
/// Restores NuGet packages the way the Polyglot kernel does: a generated project, <c>dotnet restore</c>,
/// then <c>project.assets.json</c>. Each package set gets its own folder under the cache, so a second
/// run with the same packages skips the restore.
/// </summary>
public sealed class PackageRestorer(string cacheFolder, Action<string> log)
{
    static readonly TimeSpan LockWait = TimeSpan.FromMinutes(10);

    /// <summary>The folder for restore projects: $NOTEBOOK_RUNNER_CACHE, else $XDG_CACHE_HOME/notebook-runner, else ~/.cache/notebook-runner.</summary>
    public static string DefaultCacheFolder()
    {
        var custom = Environment.GetEnvironmentVariable("NOTEBOOK_RUNNER_CACHE");
        if (!string.IsNullOrWhiteSpace(custom)) return Path.GetFullPath(custom);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "notebook-runner");
    }

    /// <summary>Restores the packages (with their dependencies) for this runtime.</summary>
    /// <param name="sources">Extra package sources from <c>#i "nuget: ..."</c>, on top of the user's NuGet configuration.</param>
    /// <exception cref="PackageRestoreException">NuGet could not restore them; the message says why.</exception>
    public async Task<RestoredPackages> RestoreAsync(IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources, CancellationToken cancellation)
    {
        var framework = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var folder = Path.Combine(cacheFolder, "nuget", CacheKey(packages, sources, framework));
        Directory.CreateDirectory(folder);
        var assetsPath = Path.Combine(folder, "obj", "project.assets.json");
        var described = string.Join(", ", packages);

        await using var _ = await LockFolderAsync(folder, cancellation);
        if (!packages.Any(p => p.IsFloating) && TryReadValid(assetsPath) is { } cached)
        {
            log($"NuGet packages from cache: {described}");
            return AssetsFile.Read(cached, fromCache: true);
        }

        log($"restoring NuGet packages: {described}");
        var clock = Stopwatch.StartNew();
        File.WriteAllText(Path.Combine(folder, "restore.csproj"), ProjectFile(packages, sources, framework));
        if (File.Exists(assetsPath)) File.Delete(assetsPath);
        var (exitCode, output) = await RunRestoreAsync(folder, cancellation);

        var assets = File.Exists(assetsPath) ? JsonNode.Parse(await File.ReadAllTextAsync(assetsPath, cancellation)) as JsonObject : null;
        var errors = assets == null ? [] : AssetsFile.Errors(assets);
        if (errors.Count > 0 || exitCode != 0 || assets == null)
        {
            if (File.Exists(assetsPath)) File.Delete(assetsPath);
            var reasons = errors.Count > 0 ? errors : ErrorLines(output);
            throw new PackageRestoreException($"NuGet restore of {described} failed:\n" + string.Join("\n", reasons));
        }
        log($"restored NuGet packages in {clock.Elapsed.TotalSeconds:0.0} s");
        return AssetsFile.Read(assets, fromCache: false);
    }

    static JsonObject? TryReadValid(string assetsPath)
    {
        try
        {
            if (!File.Exists(assetsPath)) return null;
            var assets = JsonNode.Parse(File.ReadAllText(assetsPath)) as JsonObject;
            return assets != null && AssetsFile.Errors(assets).Count == 0 && AssetsFile.PackagesPresent(assets) ? assets : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    static string CacheKey(IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources, string framework)
    {
        var text = new StringBuilder().AppendLine(framework).AppendLine(RuntimeInformation.RuntimeIdentifier);
        foreach (var p in packages.OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase))
            text.Append(p.Id.ToLowerInvariant()).Append('|').AppendLine(p.Version);
        foreach (var s in sources.Order(StringComparer.Ordinal)) text.Append("source|").AppendLine(s);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16].ToLowerInvariant();
    }

    static string ProjectFile(IReadOnlyList<PackageRequest> packages, IReadOnlyList<string> sources, string framework)
    {
        var references = string.Concat(packages.Select(p =>
            $"\n    <PackageReference Include=\"{SecurityElement.Escape(p.Id)}\" Version=\"{SecurityElement.Escape(p.ProjectVersion)}\" />"));
        var extraSources = sources.Count == 0 ? "" :
            $"\n    <RestoreAdditionalProjectSources>{SecurityElement.Escape(string.Join(';', sources))}</RestoreAdditionalProjectSources>";
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <!-- Generated by the notebook runner to restore a notebook's #r "nuget: ..." packages. -->
              <PropertyGroup>
                <TargetFramework>{framework}</TargetFramework>
                <NuGetAudit>false</NuGetAudit>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>{extraSources}
              </PropertyGroup>
              <ItemGroup>{references}
              </ItemGroup>
            </Project>

            """;
    }

    static async Task<(int ExitCode, string Output)> RunRestoreAsync(string folder, CancellationToken cancellation)
    {
        // The project may sit below a repository with its own Directory.*.props (central versions, ...),
        // which must not apply to it.
        string[] arguments =
        [
            "restore", "restore.csproj", "--nologo", "-v:q",
            "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false",
        ];
        var info = DotnetHost.StartInfo(DotnetHost.Path, folder, arguments);
        using var process = Process.Start(info) ?? throw new PackageRestoreException("could not start dotnet restore");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        try
        {
            await process.WaitForExitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    static IEnumerable<string> ErrorLines(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).ToList();
        return errors.Count > 0 ? errors : lines.TakeLast(10);
    }

    /// <summary>One restore per package set at a time, across processes (parallel test runs, two runners).</summary>
    static async Task<FileStream> LockFolderAsync(string folder, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(folder + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellation);
            }
        }
    }
}
