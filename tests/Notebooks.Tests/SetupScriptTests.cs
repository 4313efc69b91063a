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

    /// <summary>
    /// A notebook of the setup cell and one that prints where the library came from (or <paramref name="next"/>),
    /// run by the course's runner with <paramref name="environment"/> added to its (and so its kernel's) environment.
    /// </summary>
    (int Code, string Output, ExecutedNotebook Executed) RunSetupNotebook(Dictionary<string, string>? environment = null, string? next = null)
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
            ["cells"] = new JsonArray(Code(first), Code(next ?? "Console.WriteLine(typeof(GanCourse.Course).Assembly.Location);")),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" } },
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
        };
        File.WriteAllText(Path.Combine(notebooks, "setup.ipynb"), notebook.ToJsonString());
        var runner = Path.Combine(run.RepoRoot, "lib", "NotebookRunner", "bin", "Release", "net10.0", "NotebookRunner.dll");
        var (code, output) = TestProcess.Run("dotnet", [runner, Path.Combine(notebooks, "setup.ipynb"), "--out", Path.Combine(repository.FullName, "out")], run.RepoRoot, environment);
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

    // The TorchSharp build the first cell chooses. Each test runs its own kernel, since a kernel loads one
    // libtorch for good. GANCOURSE_NVIDIA_PROBE names the file read instead of /proc/driver/nvidia/version,
    // so a driver is simulated here and hidden on a machine that has one.

    /// <summary>What /proc/driver/nvidia/version holds on a machine with NVIDIA's driver 550.54.15.</summary>
    string SimulatedDriver()
    {
        var file = Path.Combine(repository.FullName, "nvidia-version");
        File.WriteAllText(file, "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 22:23:56 UTC 2024\nGCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n");
        return file;
    }

    const string ComputeOnTorchSharp = "Console.WriteLine($\"sum={TorchSharp.torch.ones(3).sum().item<float>()} on {GanCourse.Course.Device.type}\");";

    /// <summary>The text of every output of the notebook (streams, displays, errors), one line each.</summary>
    static string[] OutputLines(ExecutedNotebook executed) => [.. executed.Outputs.SelectMany(Texts).SelectMany(text => text.Split('\n'))];

    static IEnumerable<string> Texts(JsonObject output) =>
        output["text"] is { } text ? [ExecutedNotebook.Join(text)]
        : output["data"] is JsonObject data ? data.Select(d => ExecutedNotebook.Join(d.Value))
        : [output.ToJsonString()];

    [Fact]
    public void With_a_driver_the_cell_tries_the_cuda_build_and_carries_on_with_the_cpu_build_in_one_line()
    {
        Build("Release", DateTime.UtcNow);

        var (code, output, executed) = RunSetupNotebook(new() { ["GANCOURSE_NVIDIA_PROBE"] = SimulatedDriver(), ["GANCOURSE_DEVICE"] = "" }, ComputeOnTorchSharp);

        // This machine's package source serves no CUDA package (the project's machines do not); where one does, the CUDA build loads instead.
        Assert.True(code == 0, output);
        Assert.Empty(executed.OutputsOfType("error"));
        var attempt = Assert.Single(OutputLines(executed), l => l.Contains("CUDA build (TorchSharp-cuda-linux"));
        Assert.Matches(@"^TorchSharp: the CUDA build \(TorchSharp-cuda-linux 0\.107\.0, for NVIDIA driver 550\.54\.15\) could not be restored \(NU1101: [^\n]+\); carrying on with the CPU build\.$", attempt);
        Assert.Contains("TorchSharp: CPU build: the CUDA build could not be restored (NU1101).\nDevice: CPU", executed.Stdout);
        Assert.DoesNotContain(OutputLines(executed), l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));   // no stack trace
        Assert.Contains("sum=3 on CPU", executed.Stdout);                                                            // the next cell computes on the CPU build
        if (executed.Stdout.Contains("using a patched copy"))
            Assert.Contains("torchsharp-cpu (TorchSharp-cpu)", executed.Stdout);   // the native fix pairs its copy with the CPU build's libtorch
    }

    [Fact]
    public void Without_a_driver_nothing_is_tried_and_the_report_says_why()
    {
        Build("Release", DateTime.UtcNow);

        var (code, output, executed) = RunSetupNotebook(
            new() { ["GANCOURSE_NVIDIA_PROBE"] = Path.Combine(repository.FullName, "no-driver"), ["GANCOURSE_DEVICE"] = "" }, ComputeOnTorchSharp);

        Assert.True(code == 0, output);
        Assert.Empty(executed.OutputsOfType("error"));
        Assert.Contains("TorchSharp: CPU build (no NVIDIA driver found).\nDevice: CPU, ", executed.Stdout);
        // Besides the report's two lines, nothing in the cell speaks of CUDA: no attempt, no message.
        Assert.DoesNotContain(OutputLines(executed).Where(l => !l.StartsWith("TorchSharp: CPU build (no NVIDIA driver found).") && !l.StartsWith("Device: CPU, ")),
            l => l.Contains("cuda", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("sum=3 on CPU", executed.Stdout);
    }

    [Fact]
    public void Gancourse_device_cpu_keeps_the_cpu_build_on_a_machine_with_a_driver()
    {
        Build("Release", DateTime.UtcNow);

        var (code, output, executed) = RunSetupNotebook(new() { ["GANCOURSE_NVIDIA_PROBE"] = SimulatedDriver(), ["GANCOURSE_DEVICE"] = "cpu" }, ComputeOnTorchSharp);

        Assert.True(code == 0, output);
        Assert.Empty(executed.OutputsOfType("error"));
        Assert.Contains("TorchSharp: CPU build (GANCOURSE_DEVICE=cpu).\nDevice: CPU (GANCOURSE_DEVICE=cpu).", executed.Stdout);
        Assert.DoesNotContain(OutputLines(executed).Where(l => !l.StartsWith("Device: CPU, ")), l => l.Contains("cuda", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("sum=3 on CPU", executed.Stdout);
    }
}
