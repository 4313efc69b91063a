using TorchSharp;

namespace GanCourse.Training;

/// <summary>
/// TorchSharp's intra-op thread count for one block of work, restored afterwards.
/// </summary>
/// <remarks>
/// The course's small networks (the 1-D toys, the ring's 128-unit layers, a 784–256–256 critic on
/// batches of 64) hand each operation so little work that a second OpenMP thread costs more to wake than
/// it saves, and on shared cores it also waits for the other thread's turn; one thread leaves the other
/// core to whoever shares the machine. Larger convolutional models (notebooks 07, 08) keep the default.
/// The count is set on the calling thread, which is where TorchSharp runs the block's operations.
/// </remarks>
static class TorchThreads
{
    /// <summary>
    /// Uses <paramref name="threads"/> intra-op threads until the result is disposed; null changes nothing.
    /// </summary>
    /// <example><code>using (TorchThreads.Use(1)) loop.Fit(step);</code></example>
    public static IDisposable Use(int? threads)
    {
        if (threads is not { } count) return Restore.Nothing;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(threads));
        var previous = torch.get_num_threads();
        if (previous == count) return Restore.Nothing;
        torch.set_num_threads(count);
        return new Restore(previous);
    }

    sealed class Restore(int previous) : IDisposable
    {
        public static readonly IDisposable Nothing = new Restore(0);
        bool done = previous == 0;

        public void Dispose()
        {
            if (done) return;
            done = true;
            torch.set_num_threads(previous);
        }
    }
}
