using System.Diagnostics;
using TorchSharp;

namespace GanCourse.Benchmarks;

/// <summary>Resident memory and live TorchSharp tensors at two points of a run, and the difference.</summary>
public sealed record MemoryGrowth(long LiveTensorsBefore, long LiveTensorsAfter, double GrowthMegabytes)
{
    /// <summary>One reading: TorchSharp's live tensor count and the process's resident set size (RSS) in bytes.</summary>
    public sealed record Reading(long LiveTensors, long ResidentBytes);

    /// <summary>
    /// Reads the live tensor count before any collection, so a tensor the step forgot to dispose shows up
    /// even though a finalizer would free it later, and the RSS after a full collection, so it measures
    /// native memory the run keeps, not garbage awaiting the collector.
    /// </summary>
    public static Reading Read()
    {
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return new Reading(live, process.WorkingSet64);
    }

    public static MemoryGrowth Between(Reading before, Reading after) =>
        new(before.LiveTensors, after.LiveTensors, (after.ResidentBytes - before.ResidentBytes) / 1048576.0);
}
