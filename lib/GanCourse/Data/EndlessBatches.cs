using static TorchSharp.torch;

namespace GanCourse.Data;

/// <summary>
/// Mini-batches of a data tensor without end: a fresh random order each time an epoch's batches are
/// used up (the last partial batch is dropped, as <see cref="ShuffledBatches"/> does). For training
/// loops that count generator steps rather than epochs, such as a critic that takes five real batches
/// per generator step.
/// </summary>
public sealed class EndlessBatches : IDisposable
{
    readonly ShuffledBatches batches;
    int next;

    /// <param name="data">Rows to batch, e.g. images <c>[N, 784]</c>.</param>
    /// <param name="batchSize">Rows per batch.</param>
    public EndlessBatches(Tensor data, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        batches = new ShuffledBatches(data, batchSize);
        next = batches.Count;   // the first call shuffles
    }

    /// <summary>Rows per batch.</summary>
    public int BatchSize => batches.BatchSize;

    /// <summary>Full batches per epoch.</summary>
    public int BatchesPerEpoch => batches.Count;

    /// <summary>Batches handed out so far.</summary>
    public long Drawn { get; private set; }

    /// <summary>
    /// The next batch (a new tensor owned by the caller's dispose scope); reshuffles with
    /// <paramref name="generator"/> when an epoch's batches are used up.
    /// </summary>
    public Tensor Next(long count, Generator generator)
    {
        if (count != BatchSize)
            throw new ArgumentException($"these batches hold {BatchSize} rows; {count} were asked for.", nameof(count));
        if (next == batches.Count)
        {
            batches.Shuffle(generator);
            next = 0;
        }
        Drawn++;
        return batches[next++];
    }

    public void Dispose() => batches.Dispose();
}
