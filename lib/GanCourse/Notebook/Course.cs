using System.Reflection;
using System.Runtime.CompilerServices;
using GanCourse.Charts;
using TorchSharpLoading;
using GanCourse.Notebook;
using GanCourse.Training;
using TorchSharp;

namespace GanCourse;

/// <summary>The first call of every course notebook.</summary>
public static class Course
{
    static readonly Lock Gate = new();
    static torch.Device? device;

    /// <summary>The device <see cref="Setup"/> chose (CUDA when available, else the CPU).</summary>
    public static torch.Device Device =>
        device ?? throw new InvalidOperationException("Call GanCourse.Course.Setup() first: it chooses the device.");

    /// <summary>
    /// Prepares a notebook: makes TorchSharp's native library loadable (before any tensor) with idle
    /// OpenMP threads sleeping rather than spinning when the machine is busy (<see cref="OpenMpWaitPolicy"/>), lets Plotly.NET use
    /// the kernel's FSharp.Core (before any chart), seeds TorchSharp, sets its thread count, chooses the
    /// device, registers the chart and image display formatters, and starts a new page for plotly.js
    /// (the next chart carries the library). Prints a
    /// short report and returns it. Calling it again is harmless: it re-seeds and re-applies settings.
    /// </summary>
    /// <param name="seed">Seed for TorchSharp's generators; the same seed and thread count give the same results.</param>
    /// <param name="threads">TorchSharp's intra-op threads; null keeps TorchSharp's default (one per core).</param>
    public static SetupReport Setup(int seed = 0, int? threads = null)
    {
        if (threads is < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be at least 1 (or null for TorchSharp's default).");

        lock (Gate)
        {
            // What the library's initializer did before anything could touch TorchSharp (see LibraryInitializer).
            var nativeFix = TorchSharpNative.EnsureLoadable();
            // Must run before the first chart: in the kernel, Plotly.NET's FSharp.Core 10.1 request would fail once and for all.
            FSharpCoreBinding.Install();
            var report = ConfigureTorch(seed, threads, nativeFix);
            NotebookDisplay.Register();
            PlotlyJs.IncludeAgain();
            Console.Out.WriteLine(report);
            Console.Out.Flush();
            return report;
        }
    }

    // Kept out of Setup so that no TorchSharp member is touched before EnsureLoadable has run.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static SetupReport ConfigureTorch(int seed, int? threads, string nativeFix)
    {
        ComputeDevice.Seed(seed);
        if (threads is { } count) torch.set_num_threads(count);
        device = ComputeDevice.Select(out var deviceLine);
        return new SetupReport(
            VersionOf(typeof(Course).Assembly),
            VersionOf(typeof(torch).Assembly),
            PlotlyJs.Version,
            deviceLine,
            torch.get_num_threads(),
            seed,
            nativeFix);
    }

    static string VersionOf(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The SDK appends "+<commit>" to informational versions; the report only needs the release.
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
