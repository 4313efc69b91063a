using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using NotebookRunner.Planning;
using TestSupport;

namespace Notebooks.Tests;

/// <summary>
/// Every course notebook executed with quick=true through Jupyter's own client, as a lecturer runs them once
/// Polyglot Notebooks is gone: the kernel that <c>dotnet interactive jupyter install</c> registers (the one
/// JupyterLab and VS Code's Jupyter extension start) runs each notebook under <c>jupyter nbconvert --to notebook
/// --execute</c>, one nbconvert process per notebook, and the executed copies are kept for the tests of this
/// collection. <see cref="CourseNotebookTests"/> checks them exactly as it checks the runner's copies.
/// </summary>
/// <remarks>
/// <para>
/// A fixture of the runner's collection (<see cref="NotebookRunCollection"/>): the tests of one collection run
/// one after the other, so nbconvert and the runner never compete for the cores, and <see cref="NotebookRun"/>
/// has built the Release library (which the notebooks' <c>#load "course.csx"</c> references) and restored the
/// pinned kernel before any test starts. Nothing runs when the fixture is made: a notebook is executed the
/// first time a test asks for it, so a filtered run pays only for the notebooks it checks.
/// </para>
/// <para>
/// What Jupyter's client does differently from the runner, by design of the kernel's Jupyter front end
/// (Microsoft.DotNet.Interactive.Jupyter): a displayed value is a <c>display_data</c> message whose transient
/// <c>display_id</c> is the value's id, and its updates are <c>update_display_data</c> messages with that id,
/// which nbclient applies to the output already there (so a progress line stays one output); every compiler
/// warning of a cell is written to the cell's stderr; the first cell also shows the kernel's bootstrap script
/// (it looks for the kernel's HTTP API from the browser); and the notebook's <c>language_info</c> is the
/// kernel's (<c>C#</c>, not <c>polyglot-notebook</c>).
/// </para>
/// </remarks>
public sealed class JupyterRun : IDisposable
{
    /// <summary>Per cell, as the runner's --cell-timeout in <see cref="NotebookRun"/>.</summary>
    const int CellTimeoutSeconds = 600;

    readonly ConcurrentDictionary<string, Lazy<JupyterResult>> results = new();
    readonly Lazy<string> kernels;
    readonly List<string> sources = [];

    public JupyterRun()
    {
        RepoRoot = NotebookRun.FindRepoRoot();
        Work = Directory.CreateTempSubdirectory("jupyter-run-").FullName;
        CheckpointDir = Path.Combine(Work, "checkpoints");
        kernels = new(RegisterKernel);
    }

    public string RepoRoot { get; }

    /// <summary>Where the kernel is registered (JUPYTER_PATH) and the executed copies are written.</summary>
    public string Work { get; }

    /// <summary>The checkpointDir parameter given to the notebooks that declare one.</summary>
    public string CheckpointDir { get; }

    /// <summary>nbconvert's result for a notebook ("01-the-gan-game.ipynb"), executing it on first use.</summary>
    public JupyterResult Result(string name) =>
        results.GetOrAdd(name, n => new Lazy<JupyterResult>(() => Execute(n))).Value;

    /// <summary>The copy nbconvert executed; fails with nbconvert's output when there is none.</summary>
    public ExecutedNotebook Executed(string name)
    {
        var result = Result(name);
        if (result.ExitCode != 0 || !File.Exists(result.Path))
            throw new InvalidOperationException($"nbconvert did not execute {name} (exit code {result.ExitCode}):\n{result.Output}");
        return new ExecutedNotebook(result.Path);
    }

    JupyterResult Execute(string name)
    {
        var spec = kernels.Value;
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot, "notebooks", name)))!.AsObject();
        // The copy runs from artifacts/, so the weights a notebook ships (notebooks/trained/<its name>) are named in full.
        InjectParameters(notebook, new()
        {
            ["quick"] = "true",
            ["checkpointDir"] = CheckpointDir,
            ["trainedDir"] = Path.Combine(RepoRoot, "notebooks", "trained", Path.GetFileNameWithoutExtension(name)),
        });

        // Next to the notebooks' folder, with the setup script beside it, so that "../lib" resolves from the
        // kernel's working directory (nbconvert starts the kernel in the notebook's folder) as from notebooks/.
        var artifacts = Path.Combine(RepoRoot, "artifacts");
        Directory.CreateDirectory(artifacts);
        File.Copy(Path.Combine(RepoRoot, "notebooks", "course.csx"), Path.Combine(artifacts, "course.csx"), overwrite: true);
        var source = Path.Combine(artifacts, $"jupyter-{Guid.NewGuid():N}-{name}");
        lock (sources) sources.Add(source);
        File.WriteAllText(source, notebook.ToJsonString());
        var executed = Path.Combine(Work, "executed");
        try
        {
            var watch = Stopwatch.StartNew();
            var (code, output) = TestProcess.Run("/usr/bin/jupyter",
                ["nbconvert", "--to", "notebook", "--execute", source,
                 "--output-dir", executed, "--output", Path.GetFileNameWithoutExtension(name),
                 "--ExecutePreprocessor.kernel_name=.net-csharp",
                 $"--ExecutePreprocessor.timeout={CellTimeoutSeconds}",
                 // The kernel's start (and its first package restore) on busy cores can pass nbclient's default of 60 s.
                 "--ExecutePreprocessor.startup_timeout=300"],
                artifacts,
                new Dictionary<string, string> { ["JUPYTER_PATH"] = spec, ["JUPYTER_RUNTIME_DIR"] = Path.Combine(Work, "runtime") });
            return new JupyterResult(name, code, output, Path.Combine(executed, name), watch.Elapsed.TotalSeconds);
        }
        finally
        {
            File.Delete(source);
        }
    }

    /// <summary>
    /// Registers the .NET kernels where only these tests look, as <c>dotnet interactive jupyter install</c> does
    /// for a user, with the kernel's HTTP helpers on loopback; returns the folder to put on JUPYTER_PATH.
    /// </summary>
    string RegisterKernel()
    {
        DebianPackages.Require("jupyter-nbconvert", "Jupyter's nbconvert runs the notebooks through Jupyter's client");
        DebianPackages.Require("python3-nbclient", "nbconvert executes notebooks with nbclient");
        var path = Path.Combine(Work, "jupyter");
        var kernelsDir = Path.Combine(path, "kernels");
        Directory.CreateDirectory(kernelsDir);
        var (code, output) = TestProcess.Run("dotnet", ["interactive", "jupyter", "install", "--path", kernelsDir], RepoRoot, limit: TimeSpan.FromMinutes(5));
        var spec = Path.Combine(kernelsDir, ".net-csharp", "kernel.json");
        if (code != 0 || !File.Exists(spec))
            throw new InvalidOperationException($"dotnet interactive jupyter install failed (exit code {code}):\n{output}");
        var json = JsonNode.Parse(File.ReadAllText(spec))!.AsObject();
        json["argv"]!.AsArray().Add("--http-local-only");
        File.WriteAllText(spec, json.ToJsonString());
        return path;
    }

    /// <summary>
    /// Puts a cell after the one tagged <c>parameters</c> that assigns <paramref name="values"/>, as papermill does,
    /// written by the runner's own code for --param (so both clients get the same assignments); a value whose
    /// parameter the notebook does not declare is left out, and every notebook must declare <c>quick</c>.
    /// </summary>
    static void InjectParameters(JsonObject notebook, Dictionary<string, string> values)
    {
        var cells = notebook["cells"]!.AsArray();
        var index = cells.Select((c, i) => (c, i)).First(p => p.c!["metadata"]?["tags"]?.AsArray().Any(t => (string?)t == ParameterCell.Tag) == true).i;
        var declared = ParameterCell.Declarations(ExecutedNotebook.Source(cells[index]!.AsObject()));
        if (!declared.Any(d => d.Name == "quick")) throw new InvalidOperationException("the parameters cell declares no quick");
        var assignments = values
            .Select(v => declared.LastOrDefault(d => d.Name == v.Key) is { } d
                ? d.Assignment(v.Value, out var problem) ?? throw new InvalidOperationException(problem)
                : null)
            .OfType<string>();
        var lines = new[] { "// Parameters injected by the tests (as papermill does)" }.Concat(assignments).ToArray();
        cells.Insert(index + 1, new JsonObject
        {
            ["cell_type"] = "code", ["execution_count"] = null, ["id"] = "injected-parameters",
            ["metadata"] = new JsonObject
            {
                ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
                ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
                ["tags"] = new JsonArray(ParameterCell.InjectedTag),
            },
            ["outputs"] = new JsonArray(),
            ["source"] = new JsonArray(lines.Select((l, i) => (JsonNode?)(i < lines.Length - 1 ? l + "\n" : l)).ToArray()),
        });
    }

    public void Dispose()
    {
        lock (sources) foreach (var source in sources) File.Delete(source);
        try { Directory.Delete(Work, recursive: true); } catch (IOException) { }
    }
}

/// <summary>One notebook executed by nbconvert: its exit code and output, where the executed copy went, and how long it took.</summary>
public sealed record JupyterResult(string Name, int ExitCode, string Output, string Path, double Seconds);

/// <summary>Which client executed a notebook: the course's runner (<see cref="NotebookRun"/>) or Jupyter's nbconvert (<see cref="JupyterRun"/>).</summary>
public enum NotebookClient { Runner, Jupyter }
