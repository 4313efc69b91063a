using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Benchmarks;

/// <summary>Resident memory and live TorchSharp tensors before and after a number of training steps.</summary>
public sealed record MemoryGrowth(long LiveTensorsBefore, long LiveTensorsAfter, double GrowthMegabytes)
{
    /// <summary>
    /// Runs <paramref name="iterations"/> steps between two readings of the resident set size (RSS) and of
    /// the live tensor count. The count is read before any collection, so a tensor the step forgot to
    /// dispose shows up there even though a finalizer would free it later; the RSS is read after a full
    /// collection, so it measures native memory the step keeps, not garbage awaiting the collector.
    /// </summary>
    public static MemoryGrowth Over(int iterations, Action<int> steps, Action wait)
    {
        var (liveBefore, rssBefore) = Reading();
        steps(iterations);
        wait();
        var (liveAfter, rssAfter) = Reading();
        return new MemoryGrowth(liveBefore, liveAfter, (rssAfter - rssBefore) / 1048576.0);
    }

    static (long Live, long Rss) Reading()
    {
        long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (live, process.WorkingSet64);
    }
}
