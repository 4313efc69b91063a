using System.Text.Json.Nodes;
using TestSupport;

namespace Notebooks.Tests;

/// <summary>
/// The course through Jupyter's own client: the kernel that `dotnet interactive jupyter install` registers
/// (the one JupyterLab and VS Code's Jupyter extension start) executes a course notebook with nbconvert,
/// as a Jupyter user would run it once Polyglot Notebooks is gone.
/// </summary>
/// <remarks>
/// In the collection of the runner's notebook run: that fixture builds the Release library the notebook's
/// <c>#r</c> names before this test starts, and the two do not compete for the cores.
/// </remarks>
[Collection(NotebookRunCollection.Name)]
public sealed class JupyterClientTests(NotebookRun run) : IDisposable
{
    readonly string work = Directory.CreateTempSubdirectory("jupyter-client-").FullName;
    string? copy;

    [Fact]
    public void Nbconvert_executes_a_course_notebook_in_the_registered_dotnet_kernel()
    {
        DebianPackages.Require("jupyter-nbconvert", "Jupyter's nbconvert runs a notebook through Jupyter's client");
        DebianPackages.Require("python3-nbclient", "nbconvert executes notebooks with nbclient");

        // Register the kernel where only this test looks, as `dotnet interactive jupyter install` does for a user.
        var kernels = Path.Combine(work, "kernels");
        Directory.CreateDirectory(kernels);
        var install = Run("dotnet", ["interactive", "jupyter", "install", "--path", kernels], run.RepoRoot);
        Assert.True(install.Code == 0, install.Output);
        var spec = Path.Combine(kernels, ".net-csharp", "kernel.json");
        Assert.True(File.Exists(spec), install.Output);
        // The kernel's HTTP helpers stay on loopback in a test.
        var json = JsonNode.Parse(File.ReadAllText(spec))!.AsObject();
        json["argv"]!.AsArray().Add("--http-local-only");
        File.WriteAllText(spec, json.ToJsonString());

        // Notebook 01 with quick = true injected after its parameters cell, as papermill does, next to the
        // notebooks' folder (with the setup script beside it) so that its #load "course.csx" finds the library.
        var notebook = JsonNode.Parse(File.ReadAllText(Path.Combine(run.RepoRoot, "notebooks", "01-the-gan-game.ipynb")))!.AsObject();
        var cells = notebook["cells"]!.AsArray();
        var parameters = cells.Select((c, i) => (c, i)).First(p => p.c!["metadata"]?["tags"]?.AsArray().Any(t => (string?)t == "parameters") == true).i;
        cells.Insert(parameters + 1, new JsonObject
        {
            ["cell_type"] = "code", ["execution_count"] = null, ["id"] = "injected-parameters",
            ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" }, ["tags"] = new JsonArray("injected-parameters") },
            ["outputs"] = new JsonArray(), ["source"] = new JsonArray("quick = true;"),
        });
        var artifacts = Path.Combine(run.RepoRoot, "artifacts");
        Directory.CreateDirectory(artifacts);
        run.CopySetupScriptTo(artifacts);
        copy = Path.Combine(artifacts, $"jupyter-{Guid.NewGuid():N}.ipynb");
        File.WriteAllText(copy, notebook.ToJsonString());
        var executed = Path.Combine(work, "executed.ipynb");

        var convert = Run("/usr/bin/jupyter",
            ["nbconvert", "--to", "notebook", "--execute", copy, "--output", executed,
             "--ExecutePreprocessor.kernel_name=.net-csharp", "--ExecutePreprocessor.timeout=900"],
            artifacts, new() { ["JUPYTER_PATH"] = work });

        Assert.True(convert.Code == 0, convert.Output);
        var nb = new ExecutedNotebook(executed);
        Assert.Empty(nb.OutputsOfType("error"));
        Assert.Contains("TorchSharp native:", nb.Stdout);
        Assert.Matches(@"After \d+ alternating updates: generator mean -?\d\.\d{3} \(target 3\), std \d\.\d{3} \(target 0\.6\)", nb.Stdout);
        var html = nb.Data("text/html").ToList();
        Assert.Equal(1, html.Count(h => h.Contains("data-gancourse-plotly", StringComparison.Ordinal)));
        Assert.True(html.Count(h => h.Contains("class=\"gancourse-plot\"", StringComparison.Ordinal)) >= 3);
        Assert.DoesNotContain(html, h => h.Contains("FileNotFoundException", StringComparison.Ordinal));
    }

    static (int Code, string Output) Run(string file, string[] arguments, string folder, Dictionary<string, string>? environment = null) =>
        TestProcess.Run(file, arguments, folder, environment, TimeSpan.FromMinutes(15));

    public void Dispose()
    {
        if (copy != null) File.Delete(copy);
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
    }
}
