using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Data;

/// <summary>
/// Mini-batches of a data tensor in a fresh random order each epoch: one seeded <c>randperm</c> per
/// epoch and an <c>index_select</c> per batch, with no per-item loader. The last partial batch is
/// dropped, as in the lecture (60,000 images at batch size 64 give 937 batches).
/// </summary>
/// <example>
/// <code>
/// using var batches = new ShuffledBatches(data.Images, batchSize: 64);
/// batches.Shuffle();
/// for (int i = 0; i &lt; batches.Count; i++) { using var scope = torch.NewDisposeScope(); var x = batches[i]; ... }
/// </code>
/// </example>
sealed class ShuffledBatches : IDisposable
{
    readonly Tensor data;
    Tensor? order;

    /// <param name="data">Rows to batch, e.g. images <c>[N, 784]</c>; batches come out on its device.</param>
    /// <param name="batchSize">Rows per batch.</param>
    public ShuffledBatches(Tensor data, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (data.shape[0] < batchSize)
            throw new ArgumentException($"{data.shape[0]} rows are fewer than one batch of {batchSize}.", nameof(data));
        this.data = data;
        BatchSize = batchSize;
        Count = CountFor(data.shape[0], batchSize);
    }

    /// <summary>Full batches per epoch: ⌊N / batch size⌋.</summary>
    public static int CountFor(long rows, int batchSize) => (int)(rows / batchSize);

    public int BatchSize { get; }

    /// <summary>Full batches per epoch.</summary>
    public int Count { get; }

    /// <summary>Draws a new order for the next epoch from <paramref name="generator"/> (which must live on the data's device), or from the global generator.</summary>
    public void Shuffle(Generator? generator = null)
    {
        order?.Dispose();
        order = randperm(data.shape[0], device: data.device, generator: generator).DetachFromDisposeScope();
    }

    /// <summary>Batch <paramref name="index"/> of the current order, a new tensor owned by the caller's dispose scope.</summary>
    public Tensor this[int index] => Select(data, index);

    /// <summary>
    /// The same rows as batch <paramref name="index"/>, taken from <paramref name="companion"/>, a tensor
    /// with one row per data row on the same device (e.g. the labels of the images).
    /// </summary>
    public Tensor Of(Tensor companion, int index)
    {
        ArgumentNullException.ThrowIfNull(companion);
        if (companion.dim() == 0 || companion.shape[0] != data.shape[0])
            throw new ArgumentException($"The companion tensor has {(companion.dim() == 0 ? 0 : companion.shape[0])} rows; the batched data has {data.shape[0]}.", nameof(companion));
        return Select(companion, index);
    }

    Tensor Select(Tensor source, int index)
    {
        if (order is null) throw new InvalidOperationException("Call Shuffle before taking batches.");
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        using var rows = order.narrow(0, (long)index * BatchSize, BatchSize);
        return source.index_select(0, rows);
    }

    public void Dispose() => order?.Dispose();
}
