using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>
/// The first cell (`#load "course.csx"`) finds the course library whatever the build: Debug, Release or
/// the newer of both, and where it is not built at all it says in one line which command builds it.
/// Each test lays out a repository of its own (notebooks/ and lib/GanCourse/bin/…) in a temporary folder.
/// </summary>
[Collection(NotebookRunCollection.Name)]
public sealed class SetupScriptTests(NotebookRun run) : IDisposable
{
    readonly DirectoryInfo repository = Directory.CreateTempSubdirectory("course-layout-");

    public void Dispose() => repository.Delete(recursive: true);

    string Release => Path.Combine(run.RepoRoot, "lib", "GanCourse", "bin", "Release", "net10.0");

    /// <summary>A notebook of the setup cell and one that prints where the library came from, run by the course's runner.</summary>
    (int Code, string Output, ExecutedNotebook Executed) RunSetupNotebook()
    {
        var notebooks = Directory.CreateDirectory(Path.Combine(repository.FullName, "notebooks")).FullName;
        File.Copy(Path.Combine(run.RepoRoot, "notebooks", "course.csx"), Path.Combine(notebooks, "course.csx"), overwrite: true);
        var first = ExecutedNotebook.Source(new ExecutedNotebook(Path.Combine(run.RepoRoot, "notebooks", "04-mnist-gan.ipynb")).CodeCells.First());
        JsonObject Code(string source) => new()
        {
            ["cell_type"] = "code", ["execution_count"] = null, ["id"] = Guid.NewGuid().ToString("N")[..8],
            ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
            ["outputs"] = new JsonArray(), ["source"] = source,
        };
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(Code(first), Code("Console.WriteLine(typeof(GanCourse.Course).Assembly.Location);")),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" } },
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
        };
        File.WriteAllText(Path.Combine(notebooks, "setup.ipynb"), notebook.ToJsonString());
        var runner = Path.Combine(run.RepoRoot, "lib", "NotebookRunner", "bin", "Release", "net10.0", "NotebookRunner.dll");
        var (code, output) = TestProcess.Run("dotnet", [runner, Path.Combine(notebooks, "setup.ipynb"), "--out", Path.Combine(repository.FullName, "out")], run.RepoRoot);
        return (code, output, new ExecutedNotebook(Path.Combine(repository.FullName, "out", "setup.ipynb")));
    }

    /// <summary>The Release build's files, copied as the build of <paramref name="configuration"/> into the temporary repository.</summary>
    string Build(string configuration, DateTime time)
    {
        var folder = Directory.CreateDirectory(Path.Combine(repository.FullName, "lib", "GanCourse", "bin", configuration, "net10.0")).FullName;
        foreach (var file in Directory.GetFiles(Release))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        File.SetLastWriteTimeUtc(Path.Combine(folder, "GanCourse.dll"), time);
        return folder;
    }

    [Fact]
    public void An_unbuilt_library_is_one_line_that_names_the_build_command()
    {
        var (code, output, executed) = RunSetupNotebook();

        Assert.Equal(1, code);
        const string Line = "The course library is not built yet: run `dotnet build lib/GanCourse` in a terminal at the repository's root, then run this cell again.";
        Assert.Contains(Line, output);
        var error = Assert.Single(executed.OutputsOfType("error"));
        Assert.Equal([Line], error["traceback"]!.AsArray().Select(l => (string?)l));
        Assert.Single(executed.CodeCells.Skip(1), c => c["execution_count"] is null);   // the next cell did not run
    }

    [Fact]
    public void A_debug_build_alone_is_found()
    {
        var debug = Build("Debug", DateTime.UtcNow);

        var (code, output, executed) = RunSetupNotebook();

        Assert.True(code == 0, output);
        Assert.Contains(Path.Combine(debug, "GanCourse.dll"), executed.Stdout);
        Assert.Contains($"GanCourse 1.0.0 from {Path.Combine("..", "lib", "GanCourse", "bin", "Debug", "net10.0")} · TorchSharp", executed.Stdout);
    }

    [Fact]
    public void Of_a_debug_and_a_release_build_the_newer_is_used()
    {
        Build("Debug", DateTime.UtcNow.AddMinutes(-10));
        var release = Build("Release", DateTime.UtcNow);

        var (code, output, executed) = RunSetupNotebook();

        Assert.True(code == 0, output);
        Assert.Contains(Path.Combine(release, "GanCourse.dll"), executed.Stdout);
    }
}
