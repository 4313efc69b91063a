using System.Reflection;
using System.Runtime.CompilerServices;
using GanCourse.Charts;
using GanCourse.Notebook;
using GanCourse.Training;
using TorchSharp;
using TorchSharpLoading;

namespace GanCourse;

/// <summary>The setup call of every course notebook.</summary>
public static class Course
{
    static readonly Lock Gate = new();

    /// <summary>Where the notebooks put networks and data: CUDA when available, else the CPU (<see cref="ComputeDevice.Default"/>).</summary>
    public static torch.Device Device => ComputeDevice.Default;

    /// <summary>
    /// Prepares a notebook: lets Plotly.NET use the kernel's FSharp.Core (before any chart), seeds
    /// TorchSharp, sets its thread count, chooses the device, registers the chart, image, table and progress
    /// displays, makes every <see cref="TrainingLoop"/> show its progress in place, and starts a new page for
    /// plotly.js (the next chart carries the library). TorchSharp's native library was made loadable when
    /// this library loaded (<see cref="TorchSharpNative"/>). Prints a short report and returns it. Calling it
    /// again is harmless: it re-seeds and re-applies the settings.
    /// </summary>
    /// <param name="seed">Seed for TorchSharp's generators; the same seed and thread count give the same results.</param>
    /// <param name="threads">TorchSharp's intra-op threads; null keeps TorchSharp's default (one per core).</param>
    public static SetupReport Setup(int seed = 0, int? threads = null)
    {
        if (threads is < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be at least 1 (or null for TorchSharp's default).");

        lock (Gate)
        {
            // Must run before the first chart: in the kernel, Plotly.NET's FSharp.Core 10.1 request would fail once and for all.
            FSharpCoreBinding.Install();
            var report = ConfigureTorch(seed, threads, TorchSharpNative.EnsureLoadable());
            NotebookDisplay.Register();
            TrainingLoop.DefaultProgress = () => new ProgressDisplay();
            PlotlyJs.IncludeAgain();
            Console.Out.WriteLine(report);
            Console.Out.Flush();
            return report;
        }
    }

    // Kept out of Setup so that no TorchSharp member is touched before the native library is known to load.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static SetupReport ConfigureTorch(int seed, int? threads, string nativeFix)
    {
        ComputeDevice.Seed(seed);
        if (threads is { } count) torch.set_num_threads(count);
        return new SetupReport(
            VersionOf(typeof(Course).Assembly),
            FolderOf(typeof(Course).Assembly),
            VersionOf(typeof(torch).Assembly),
            TorchSharpBuild(),
            PlotlyJs.Version,
            ComputeDevice.DefaultReport,
            torch.get_num_threads(),
            seed,
            nativeFix);
    }

    /// <summary>AppContext data where the notebooks' setup script (notebooks/course.csx) leaves its one line on the TorchSharp build it chose.</summary>
    public const string TorchSharpBuildKey = "GanCourse.TorchSharpBuild";

    /// <summary>
    /// Which TorchSharp build runs and why: the line the notebooks' setup script chose, else (a program or
    /// test built with its own package reference) CUDA when libtorch's CUDA library is beside TorchSharp.
    /// </summary>
    static string TorchSharpBuild()
    {
        if (AppContext.GetData(TorchSharpBuildKey) is string chosen && chosen.Trim() != "") return chosen;
        var folder = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        var cuda = !string.IsNullOrEmpty(folder) && Directory.Exists(folder)
            && Directory.EnumerateFiles(folder, "*torch_cuda*", SearchOption.AllDirectories).Any();
        return $"TorchSharp: {(cuda ? "CUDA" : "CPU")} build (the one this program references).";
    }

    static string FolderOf(Assembly assembly)
    {
        var folder = Path.GetDirectoryName(assembly.Location);
        if (string.IsNullOrEmpty(folder)) return "memory";
        // From a notebook's folder the library is "../lib/GanCourse/bin/…"; from farther away the full path reads better.
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), folder);
        int up = relative.Split(Path.DirectorySeparatorChar).TakeWhile(part => part == "..").Count();
        return up <= 2 && !Path.IsPathRooted(relative) ? relative : folder;
    }

    static string VersionOf(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The SDK appends "+<commit>" to informational versions; the report only needs the release.
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
