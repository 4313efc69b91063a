namespace GanCourse.Tests;

static class TestPaths
{
    /// <summary>The NuGet global packages folder this machine restores into.</summary>
    public static string Packages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public static string PackageFile(string id, string version, string relative) =>
        Path.Combine(Packages, id.ToLowerInvariant(), version, relative);

    /// <summary>The repository root (the folder holding global.json).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(Path.Combine(dir.FullName, "global.json"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }
}
