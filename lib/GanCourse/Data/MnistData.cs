using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Data;

/// <summary>Where MNIST images come from.</summary>
public enum MnistSource
{
    /// <summary>The first of: a folder named in <c>MNIST_DIR</c>, the download cache; else the embedded subset, with a notice.</summary>
    Auto,
    /// <summary>A folder holding the IDX files (the <c>folder</c> argument or <c>MNIST_DIR</c>).</summary>
    Folder,
    /// <summary>The per-user download cache, without downloading.</summary>
    Cache,
    /// <summary>The per-user download cache, downloading what is missing first.</summary>
    Download,
    /// <summary>The 10,000 real MNIST digits built into the library.</summary>
    Embedded,
}

/// <summary>
/// MNIST images and labels as tensors: <see cref="Images"/> is float32 <c>[N, 784]</c> scaled to [−1, 1]
/// as the lecture does, <c>(v/255 − 0.5)/0.5</c>; <see cref="Labels"/> is int64 <c>[N]</c>.
/// <see cref="Message"/> says which source was used. The object owns its tensors, independent of any
/// dispose scope it was created in; dispose it to free them.
/// </summary>
public sealed class MnistData : IDisposable
{
    internal MnistData(Tensor images, Tensor labels, MnistSource source, MnistSplit? split, string? location, string description, string message)
    {
        Images = images;
        Labels = labels;
        Source = source;
        Split = split;
        Location = location;
        Description = description;
        Message = message;
    }

    /// <summary>Images, float32 <c>[N, 784]</c>, each row a 28×28 image row-major, pixels in [−1, 1].</summary>
    public Tensor Images { get; }

    /// <summary>Digit labels 0–9, int64 <c>[N]</c>.</summary>
    public Tensor Labels { get; }

    /// <summary>Number of images N.</summary>
    public int Count => (int)Images.shape[0];

    /// <summary>The source actually used: <see cref="MnistSource.Folder"/>, <see cref="MnistSource.Cache"/> or <see cref="MnistSource.Embedded"/>.</summary>
    public MnistSource Source { get; }

    /// <summary>The split read; null for the embedded subset, which has none.</summary>
    public MnistSplit? Split { get; }

    /// <summary>Folder the files were read from; null for the embedded subset.</summary>
    public string? Location { get; }

    /// <summary>What the data is, e.g. "MNIST train, 60,000 images".</summary>
    public string Description { get; }

    /// <summary>One line saying which source was used (a notice when it fell back to the embedded subset).</summary>
    public string Message { get; }

    /// <summary>True when these are the full MNIST files rather than the embedded subset.</summary>
    public bool IsFullDataset => Source != MnistSource.Embedded;

    /// <summary>How many images of each digit the set holds: element d counts label d (0–9).</summary>
    public int[] DigitCounts()
    {
        using var scope = NewDisposeScope();
        return [.. Labels.cpu().bincount(null, minlength: 10).data<long>().ToArray().Select(n => (int)n)];
    }

    /// <summary>Rows <paramref name="start"/> … <paramref name="start"/>+<paramref name="count"/>−1 as a new data set (copies).</summary>
    public MnistData Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"rows {start}..{start + count - 1} are outside 0..{Count - 1}.");
        var description = $"{Description}, rows {start:N0}–{start + count - 1:N0}";
        using var scope = NewDisposeScope();
        return new MnistData(Images.narrow(0, start, count).clone().DetachFromDisposeScope(), Labels.narrow(0, start, count).clone().DetachFromDisposeScope(),
            Source, Split, Location, description, description + ".");
    }

    public override string ToString() => Message;

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }

    /// <summary>Validates and converts IDX content to tensors.</summary>
    internal static MnistData FromIdx(IdxImages images, byte[] labels, string imagesName, string labelsName,
        MnistSource source, MnistSplit? split, string? location, string description, string message)
    {
        if (images.Rows != 28 || images.Columns != 28)
            throw new IdxFormatException(imagesName, $"holds {images.Rows}x{images.Columns} images; MNIST images are 28x28.");
        if (labels.Length != images.Count)
            throw new IdxFormatException(labelsName, $"holds {labels.Length:N0} labels but {Path.GetFileName(imagesName)} holds {images.Count:N0} images; the two files do not belong together.");
        int bad = Array.FindIndex(labels, l => l > 9);
        if (bad >= 0)
            throw new IdxFormatException(labelsName, $"label #{bad} is {labels[bad]}, not a digit 0-9.");

        using var scope = NewDisposeScope();
        var raw = tensor(images.Pixels, [images.Count, images.PixelsPerImage], ScalarType.Byte);
        // Same arithmetic as torchvision's ToTensor + Normalize(0.5, 0.5): float32 v/255, then (x − 0.5)/0.5.
        var scaled = raw.to_type(ScalarType.Float32).div_(255f).sub_(0.5f).div_(0.5f);
        var labelTensor = tensor(Array.ConvertAll(labels, l => (long)l), [labels.Length]);
        // The data set owns its tensors (dispose it to free them), whatever dispose scope it was loaded in.
        return new MnistData(scaled.DetachFromDisposeScope(), labelTensor.DetachFromDisposeScope(),
            source, split, location, description, message);
    }
}
