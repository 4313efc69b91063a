namespace NotebookRunner.NuGet;

/// <summary>A package a cell asked for with <c>#r "nuget: Id, Version"</c>.</summary>
/// <param name="Version">A version or range as NuGet reads it; empty means the latest stable release.</param>
public sealed record PackageRequest(string Id, string Version)
{
    /// <summary>True when the version can resolve differently from one day to the next.</summary>
    public bool IsFloating => Version.Length == 0 || Version.Contains('*');

    /// <summary>The version as written in the generated project.</summary>
    public string ProjectVersion => Version.Length == 0 ? "*" : Version;

    public override string ToString() => Version.Length == 0 ? Id : $"{Id} {Version}";
}

/// <summary>What a restore made available.</summary>
/// <param name="CompileAssemblies">Assemblies to compile against.</param>
/// <param name="RuntimeAssemblies">Assemblies to load at run time (for this machine's runtime identifier).</param>
/// <param name="NativeLibraries">Native libraries from <c>runtimes/&lt;rid&gt;/native</c>.</param>
/// <param name="Versions">The version each package (including dependencies) resolved to.</param>
/// <param name="FromCache">True when the restore was not run again because an earlier one is still valid.</param>
public sealed record RestoredPackages(
    IReadOnlyList<string> CompileAssemblies,
    IReadOnlyList<string> RuntimeAssemblies,
    IReadOnlyList<string> NativeLibraries,
    IReadOnlyDictionary<string, string> Versions,
    bool FromCache);

/// <summary>A restore that failed; the message lists NuGet's errors, one per line.</summary>
public sealed class PackageRestoreException(string message) : Exception(message);
