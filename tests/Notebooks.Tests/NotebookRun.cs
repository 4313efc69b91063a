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
        var watch = Stopwatch.StartNew();
        (ExitCode, Output) = Run("dotnet",
            [Runner, "notebooks", "--out", OutDir, "--html", "--slides", "--param", "quick=true", "--param", $"checkpointDir={CheckpointDir}", "--cell-timeout", "600"]);
        Seconds = watch.Elapsed.TotalSeconds;
    }

    public string RepoRoot { get; }
    public string OutDir { get; }
    public string CheckpointDir { get; }
    public int ExitCode { get; }
    public string Output { get; }
    public double Seconds { get; }

    /// <summary>The Release build of the runner, as the README tells users to build it.</summary>
    string Runner => System.IO.Path.Combine(RepoRoot, "lib", "NotebookRunner", "bin", "Release", "net10.0", "NotebookRunner.dll");

    /// <summary>This run's checkpoint folder as a parameter, for a notebook that declares one (a single notebook refuses parameters it does not declare; only notebook 04 keeps checkpoints).</summary>
    string[] CheckpointParameter(string notebookText) =>
        notebookText.Contains("string checkpointDir", StringComparison.Ordinal) ? ["--param", $"checkpointDir={CheckpointDir}"] : [];

    public ExecutedNotebook Executed(string name) => new(System.IO.Path.Combine(OutDir, name));

    /// <summary>
    /// A notebook written next to the course's (in artifacts/, so that "../lib" and course.csx resolve as they
    /// do from notebooks/), executed quick through the same runner into <paramref name="outDir"/>; the
    /// source copy is removed afterwards. Returns the runner's exit code, its output and the executed copy.
    /// </summary>
    public (int ExitCode, string Output, ExecutedNotebook? Executed) RunVariant(System.Text.Json.Nodes.JsonObject notebook, string outDir)
    {
        var artifacts = System.IO.Path.Combine(RepoRoot, "artifacts");
        Directory.CreateDirectory(artifacts);
        CopySetupScriptTo(artifacts);
        var source = System.IO.Path.Combine(artifacts, $"variant-{Guid.NewGuid():N}.ipynb");
        File.WriteAllText(source, notebook.ToJsonString());
        try
        {
            var (code, output) = Run("dotnet", [Runner, source, "--out", outDir, "--param", "quick=true", .. CheckpointParameter(notebook.ToJsonString()), "--cell-timeout", "600"]);
            var executed = System.IO.Path.Combine(outDir, System.IO.Path.GetFileName(source));
            return (code, output, File.Exists(executed) ? new ExecutedNotebook(executed) : null);
        }
        finally
        {
            File.Delete(source);
        }
    }

    /// <summary>
    /// Every course notebook, executed through the same runner into <paramref name="outDir"/> with the given
    /// <c>name=value</c> parameters (and this run's checkpoint folder). Returns the runner's exit code and output.
    /// </summary>
    public (int ExitCode, string Output) RunCourse(string outDir, params string[] parameters)
    {
        return Run("dotnet", [Runner, "notebooks", "--out", outDir, .. parameters.SelectMany(p => new[] { "--param", p }),
            "--param", $"checkpointDir={CheckpointDir}", "--cell-timeout", "600"]);
    }

    /// <summary>
    /// One course notebook from notebooks/, executed through the same runner into <paramref name="outDir"/>
    /// with the given <c>name=value</c> parameters (and this run's checkpoint folder where the notebook keeps
    /// checkpoints). Returns the runner's exit code, its output and the executed copy.
    /// </summary>
    public (int ExitCode, string Output, ExecutedNotebook? Executed) RunCourseNotebook(string name, string outDir, params string[] parameters)
    {
        var source = System.IO.Path.Combine(RepoRoot, "notebooks", name);
        var (code, output) = Run("dotnet", [Runner, source, "--out", outDir, .. parameters.SelectMany(p => new[] { "--param", p }), .. CheckpointParameter(File.ReadAllText(source)), "--cell-timeout", "600"]);
        var executed = System.IO.Path.Combine(outDir, name);
        return (code, output, File.Exists(executed) ? new ExecutedNotebook(executed) : null);
    }

    /// <summary>Puts the notebooks' setup script next to notebooks written elsewhere at the same depth (artifacts/).</summary>
    public void CopySetupScriptTo(string folder) =>
        File.Copy(System.IO.Path.Combine(RepoRoot, "notebooks", "course.csx"), System.IO.Path.Combine(folder, "course.csx"), overwrite: true);

    /// <summary>The handout page written for a notebook ("01-the-gan-game.ipynb" → its .html).</summary>
    public string PagePath(string name) => System.IO.Path.Combine(OutDir, System.IO.Path.ChangeExtension(name, ".html"));

    /// <summary>The slide deck written for a notebook ("01-the-gan-game.ipynb" → its .slides.html).</summary>
    public string DeckPath(string name) => System.IO.Path.Combine(OutDir, System.IO.Path.ChangeExtension(name, ".slides.html"));

    void Build(string project)
    {
        var (code, output) = Run("dotnet", ["build", "-c", "Release", "--nologo", "-v", "q", project]);
        if (code != 0) throw new InvalidOperationException($"dotnet build -c Release {project} failed:\n{output}");
    }

    (int Code, string Output) Run(string file, string[] arguments) => TestProcess.Run(file, arguments, RepoRoot);

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

/// <summary>
/// The tests that execute notebooks: one after the other, so that no two kernels compete for the cores. The
/// runner's run (<see cref="NotebookRun"/>) is made before any test; Jupyter's (<see cref="JupyterRun"/>) runs
/// a notebook when a test first asks for it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NotebookRunCollection : ICollectionFixture<NotebookRun>, ICollectionFixture<JupyterRun>
{
    public const string Name = "executed notebooks";
}
