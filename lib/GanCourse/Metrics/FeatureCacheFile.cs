using System.IO.Hashing;
using System.Text;
using TorchSharp.Modules;

namespace GanCourse.Metrics;

/// <summary>
/// The feature network's cache file: a tag, the payload's length and XxHash128, then the payload (the
/// held-out accuracy and TorchSharp's state dict). The hash finds truncated or altered files before
/// TorchSharp reads a single weight; the file is written atomically.
/// </summary>
static class FeatureCacheFile
{
    static readonly byte[] Tag = Encoding.ASCII.GetBytes("GANCOURSE-FEATURES-1\n");
    const int HashSize = 16;
    static readonly int HeaderSize = Tag.Length + sizeof(long) + HashSize;

    public static void Write(string path, Sequential classifier, double accuracy)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(accuracy);
            classifier.save(writer);
        }
        var bytes = payload.ToArray();
        Shared.AtomicFile.Write(path, stream =>
        {
            stream.Write(Tag);
            stream.Write(BitConverter.GetBytes((long)bytes.Length));
            stream.Write(XxHash128.Hash(bytes));
            stream.Write(bytes);
        });
    }

    /// <summary>Loads the weights into <paramref name="classifier"/> and returns the accuracy stored with them.</summary>
    /// <exception cref="InvalidDataException">The file is truncated, altered, or not a feature network file; the message says which.</exception>
    public static double Read(string path, Sequential classifier)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new InvalidDataException($"unreadable: {e.Message}", e); }
        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, Tag.Length).SequenceEqual(Tag))
            throw new InvalidDataException(bytes.Length < Tag.Length ? $"{bytes.Length} bytes, shorter than its header" : "not a feature network file");
        var length = BitConverter.ToInt64(bytes, Tag.Length);
        var payload = bytes.AsSpan(HeaderSize);
        if (payload.Length != length)
            throw new InvalidDataException($"truncated: {payload.Length:N0} of {length:N0} bytes of weights");
        if (!XxHash128.Hash(payload).AsSpan().SequenceEqual(bytes.AsSpan(Tag.Length + sizeof(long), HashSize)))
            throw new InvalidDataException("its checksum does not match its contents");
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, HeaderSize, bytes.Length - HeaderSize), Encoding.UTF8);
            var accuracy = reader.ReadDouble();
            classifier.load(reader);
            return accuracy;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"its weights do not fit the network: {e.Message}", e);
        }
    }
}
