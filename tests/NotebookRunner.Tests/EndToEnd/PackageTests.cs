using TestSupport;
using System.IO.Compression;
using System.Reflection;
using System.Runtime.InteropServices;
using NotebookRunner.Tests.Support;
using static NotebookRunner.Tests.Support.Executed;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.EndToEnd;

/// <summary>`#r "nuget: ..."` restored by the kernel: failures, substituted versions, local sources, native libraries, TorchSharp.</summary>
public sealed class PackageTests : IDisposable
{
    readonly TestFolder folder = new();

    [Fact]
    public void Restoring_a_package_that_does_not_exist_fails_the_cell_with_nugets_reason()
    {
        Write(folder["nb.ipynb"], Code("#r \"nuget: NotebookRunner.Tests.No.Such.Package, 1.0.0\"\nConsole.WriteLine(\"unreachable\");"), Code("1"));
        var run = RunnerProcess.Run(folder.Path, "nb.ipynb", "--out", "out");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("[   1/2] restore error", run.Stderr);
        // The reason is on the console, not only in the executed copy.
        Assert.Contains("error NU1101: Unable to find package NotebookRunner.Tests.No.Such.Package", run.Stderr);
        Assert.Contains("FAILED: cell 1 could not restore its packages", run.Stderr);
        var cell = Load(folder["out/nb.ipynb"]).Cells[0];
        var error = Error(cell)!;
        Assert.Equal("PackageRestoreError", error["ename"]!.GetValue<string>());
        Assert.Contains("NU1101", error["evalue"]!.GetValue<string>());
        Assert.Equal("", Stream(cell, "stdout"));
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void A_package_version_nuget_substitutes_is_reported()
    {
        // The package source serves Humanizer.Core 2.14.1 but not 2.14.0, so NuGet takes the next version up.
        Write(folder["nb.ipynb"], Code("#r \"nuget: Humanizer.Core, 2.14.0\"\ntypeof(Humanizer.StringHumanizeExtensions).Assembly.GetName().Version.ToString()"));
        var run = RunnerProcess.Run(folder.Path, "nb.ipynb", "--out", "out");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("warning: cell 1 asks for Humanizer.Core 2.14.0; the kernel restored 2.14.1 instead", run.Stderr);
        Assert.Contains("Humanizer.Core, 2.14.1", Data(OfType(Load(folder["out/nb.ipynb"]).Cells[0], "display_data")[0], "text/html"));
    }

    [Fact]
    public void A_package_from_a_local_source_brings_its_native_library()
    {
        var zlib = new[] { "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/aarch64-linux-gnu/libz.so.1", "/usr/lib/libz.so.1" }
            .FirstOrDefault(File.Exists);
        Assert.True(zlib != null, "this test needs zlib (libz.so.1), which every Linux system has");

        // A package whose managed code calls into a native library shipped under runtimes/<rid>/native.
        var managed = TestAssemblies.Compile("NbRunner.NativeProbe", """
            using System.Runtime.InteropServices;
            namespace NativeProbe
            {
                public static class Zlib
                {
                    [DllImport("nbrunnerprobe")] static extern System.IntPtr zlibVersion();
                    public static string Version() => Marshal.PtrToStringAnsi(zlibVersion())!;
                }
            }
            """, folder["build/NbRunner.NativeProbe.dll"]);
        Directory.CreateDirectory(folder["feed"]);
        using (var package = ZipFile.Open(folder["feed/nbrunner.nativeprobe.1.0.0.nupkg"], ZipArchiveMode.Create))
        {
            using (var nuspec = new StreamWriter(package.CreateEntry("NbRunner.NativeProbe.nuspec").Open()))
                nuspec.Write("""
                    <?xml version="1.0" encoding="utf-8"?>
                    <package>
                      <metadata>
                        <id>NbRunner.NativeProbe</id>
                        <version>1.0.0</version>
                        <authors>notebook runner tests</authors>
                        <description>Calls a native library from runtimes/rid/native.</description>
                      </metadata>
                    </package>
                    """);
            package.CreateEntryFromFile(managed, "lib/net8.0/NbRunner.NativeProbe.dll");
            package.CreateEntryFromFile(zlib, $"runtimes/{RuntimeInformation.RuntimeIdentifier}/native/libnbrunnerprobe.so");
        }

        Write(folder["nb.ipynb"], Code($"#i \"nuget: {folder["feed"]}\"\n#r \"nuget: NbRunner.NativeProbe, 1.0.0\"\nNativeProbe.Zlib.Version()"));
        var environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = folder["packages"], // keeps the test package out of the user's NuGet cache
        };
        var run = RunnerProcess.Run(folder.Path, ["nb.ipynb", "--out", "out"], environment);

        Assert.True(run.ExitCode == 0, run.ToString());
        var version = Data(OfType(Load(folder["out/nb.ipynb"]).Cells[0], "execute_result")[0], "text/plain");
        Assert.Matches(@"^1\.\d+\.\d+", version);
    }

    [Fact]
    public void TorchSharp_and_the_course_library_work_as_in_the_course_notebooks()
    {
        var library = CourseLibrary();
        var relative = Path.GetRelativePath(folder.Path, library);
        Write(folder["torch.ipynb"],
            Code($"#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"{relative}\"\nConsole.WriteLine(TorchSharpLoading.TorchSharpNative.EnsureLoadable());"),
            Code("TorchSharp.torch.ones(3).sum().item<float>()"));
        var run = RunnerProcess.Run(folder.Path, "torch.ipynb", "--out", "out");

        Assert.True(run.ExitCode == 0, run.ToString());
        var executed = Load(folder["out/torch.ipynb"]);
        Assert.Contains("TorchSharp native:", Stream(executed.Cells[0], "stdout"));
        Assert.Contains("<pre>3</pre>", Data(OfType(executed.Cells[1], "execute_result")[0], "text/html"));
        Nbformat.AssertValid(folder["out/torch.ipynb"]);
    }

    [Fact]
    public void Plotly_charts_draw_offline_in_the_kernel_even_with_Plotly_NET_Interactive_loaded()
    {
        var relative = Path.GetRelativePath(folder.Path, CourseLibrary());
        Write(folder["charts.ipynb"],
            Code($"#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"nuget: Plotly.NET, 6.0.0\"\n#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n#r \"{relative}\"\nGanCourse.Course.Setup();"),
            Code("GanCourse.Charts.Plot.Lines([0.0, 1.0], [(\"course\", new[] { 1.0, 2.0 })], \"a course chart\")"),
            // The package's kernel extension registers its own GenericChart formatter, which loads plotly.js from a CDN.
            Code("#r \"nuget: Plotly.NET.Interactive, 6.0.0\""),
            Code("Plotly.NET.CSharp.Chart.Line<double, double, string>(x: new[] { 0.0, 1.0 }, y: new[] { 1.0, 2.0 }, Name: \"student\")"));
        var run = RunnerProcess.Run(folder.Path, "charts.ipynb", "--out", "out");

        Assert.True(run.ExitCode == 0, run.ToString());
        var executed = Load(folder["out/charts.ipynb"]);
        var course = Data(OfType(executed.Cells[1], "execute_result")[0], "text/html")!;
        Assert.Contains("data-gancourse-plotly", course);
        Assert.Contains("class=\"gancourse-plot\"", course);
        Assert.Contains("Plotly.NET.Interactive.dll", string.Concat(OfType(executed.Cells[2], "display_data").Select(o => Data(o, "text/plain") ?? "")));
        var student = Data(OfType(executed.Cells[3], "execute_result")[0], "text/html")!;
        Assert.Contains("class=\"gancourse-plot\"", student);
        Assert.Contains("\"name\":\"student\"", student);
        Assert.DoesNotContain("data-gancourse-plotly", student);   // plotly.js came with the first chart already
        Assert.DoesNotContain("https://", student);
    }

    /// <summary>GanCourse.dll as built for this test run (the test project builds it first).</summary>
    static string CourseLibrary()
    {
        var configuration = typeof(PackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root != null && !File.Exists(Path.Combine(root.FullName, "global.json"))) root = root.Parent;
        var path = Path.Combine(root!.FullName, "lib", "GanCourse", "bin", configuration, "net10.0", "GanCourse.dll");
        Assert.True(File.Exists(path), $"the course library was not built: {path}");
        return path;
    }

    public void Dispose() => folder.Dispose();
}
