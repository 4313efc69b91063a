using System.Buffers.Binary;
using System.IO.Compression;

namespace GanCourse.Tests.Data;

/// <summary>Writes small IDX files (raw or gzip'd) for tests.</summary>
static class IdxTestFiles
{
    public static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int k = 0; k < dims.Length; k++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * k), dims[k]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var memory = new MemoryStream();
        using (var gz = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(content);
        return memory.ToArray();
    }

    /// <summary>Deterministic pseudo-random pixels and labels for <paramref name="count"/> 28×28 images.</summary>
    public static (byte[] Pixels, byte[] Labels) Digits(int count, int seed = 1)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 784];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
        return (pixels, labels);
    }

    public static byte[] ImagesIdx(byte[] pixels) => Idx(0x803, [pixels.Length / 784, 28, 28], pixels);
    public static byte[] LabelsIdx(byte[] labels) => Idx(0x801, [labels.Length], labels);

    /// <summary>Writes a split's two files into <paramref name="folder"/>; returns the pixels and labels written.</summary>
    public static (byte[] Pixels, byte[] Labels) WriteSplit(string folder, string prefix, int count, bool gzip, int seed = 1)
    {
        Directory.CreateDirectory(folder);
        var (pixels, labels) = Digits(count, seed);
        var suffix = gzip ? ".gz" : "";
        File.WriteAllBytes(Path.Combine(folder, $"{prefix}-images-idx3-ubyte{suffix}"), gzip ? Gzip(ImagesIdx(pixels)) : ImagesIdx(pixels));
        File.WriteAllBytes(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte{suffix}"), gzip ? Gzip(LabelsIdx(labels)) : LabelsIdx(labels));
        return (pixels, labels);
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("gancourse-test-").FullName;
    public string Path { get; }
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
