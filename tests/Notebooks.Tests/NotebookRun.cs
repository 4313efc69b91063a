using System.Diagnostics;

namespace Notebooks.Tests;

/// <summary>
/// Runs every course notebook once with quick=true through the headless runner, exactly as the README's
/// main-job command does (with --html and --slides, so the handout pages and slide decks come from the
/// same run), and keeps the executed copies, pages and decks for the tests of this collection.
/// </summary>
public sealed class NotebookRun : IDisposable
{
    public NotebookRun()
    {
        RepoRoot = FindRepoRoot();
        OutDir = Directory.CreateTempSubdirectory("executed-notebooks-").FullName;
        CheckpointDir = System.IO.Path.Combine(OutDir, "checkpoints");

        // The notebooks reference the Release build of the library, as the README tells users to build it.
        Build("lib/GanCourse");
        Build("lib/NotebookRunner");
        var runner = System.IO.Path.Combine(RepoRoot, "lib", "NotebookRunner", "bin", "Release", "net10.0", "NotebookRunner.dll");
        var watch = Stopwatch.StartNew();
        (ExitCode, Output) = Run("dotnet",
            [runner, "notebooks", "--out", OutDir, "--html", "--slides", "--param", "quick=true", "--param", $"checkpointDir={CheckpointDir}", "--cell-timeout", "600"]);
        Seconds = watch.Elapsed.TotalSeconds;
    }

    public string RepoRoot { get; }
    public string OutDir { get; }
    public string CheckpointDir { get; }
    public int ExitCode { get; }
    public string Output { get; }
    public double Seconds { get; }

    public ExecutedNotebook Executed(string name) => new(System.IO.Path.Combine(OutDir, name));

    /// <summary>The handout page written for a notebook ("01-the-gan-game.ipynb" → its .html).</summary>
    public string PagePath(string name) => System.IO.Path.Combine(OutDir, System.IO.Path.ChangeExtension(name, ".html"));

    /// <summary>The slide deck written for a notebook ("01-the-gan-game.ipynb" → its .slides.html).</summary>
    public string DeckPath(string name) => System.IO.Path.Combine(OutDir, System.IO.Path.ChangeExtension(name, ".slides.html"));

    void Build(string project)
    {
        var (code, output) = Run("dotnet", ["build", "-c", "Release", "--nologo", "-v", "q", project]);
        if (code != 0) throw new InvalidOperationException($"dotnet build -c Release {project} failed:\n{output}");
    }

    (int Code, string Output) Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    internal static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(System.IO.Path.Combine(dir.FullName, "global.json"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public void Dispose()
    {
        try { Directory.Delete(OutDir, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class NotebookRunCollection : ICollectionFixture<NotebookRun>
{
    public const string Name = "executed notebooks";
}
