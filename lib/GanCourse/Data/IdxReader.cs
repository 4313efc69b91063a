using System.Buffers.Binary;
using System.IO.Compression;

namespace GanCourse.Data;

/// <summary>Images from an IDX image file: <see cref="Count"/> images of <see cref="Rows"/>×<see cref="Columns"/> bytes, row-major.</summary>
sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    public int PixelsPerImage => Rows * Columns;
}

/// <summary>
/// Reads the IDX files MNIST ships in (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, the
/// <c>t10k</c> pair), raw or gzip'd. Everything is validated: magic number, dimensions (at least one item),
/// and that the data length matches the header exactly; problems raise <see cref="IdxFormatException"/>
/// naming the file.
/// </summary>
static class IdxReader
{
    /// <summary>Magic number of an unsigned-byte IDX file with three dimensions (images).</summary>
    public const int ImagesMagic = 0x00000803;
    /// <summary>Magic number of an unsigned-byte IDX file with one dimension (labels).</summary>
    public const int LabelsMagic = 0x00000801;

    // Deflate cannot expand data by more than about 1032:1, so a gzip'd file whose header promises more
    // than that is corrupt; checking first avoids allocating what a damaged header asks for.
    const long MaxDeflateRatio = 1100;

    /// <summary>Reads an IDX image file (raw or .gz).</summary>
    public static IdxImages ReadImages(string path)
    {
        var (dims, data) = Read(path, ImagesMagic);
        return new IdxImages(dims[0], dims[1], dims[2], data);
    }

    /// <summary>Reads an IDX label file (raw or .gz): one byte per item.</summary>
    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic).Data;

    /// <summary>Reads an IDX image file from a stream; <paramref name="name"/> names it in errors.</summary>
    public static IdxImages ReadImages(Stream stream, string name)
    {
        var (dims, data) = Read(stream, name, ImagesMagic, stream.CanSeek ? stream.Length - stream.Position : null);
        return new IdxImages(dims[0], dims[1], dims[2], data);
    }

    /// <summary>Reads an IDX label file from a stream; <paramref name="name"/> names it in errors.</summary>
    public static byte[] ReadLabels(Stream stream, string name) =>
        Read(stream, name, LabelsMagic, stream.CanSeek ? stream.Length - stream.Position : null).Data;

    static (int[] Dims, byte[] Data) Read(string path, int magic)
    {
        if (!File.Exists(path)) throw new IdxFormatException(path, "file not found.");
        try
        {
            using var file = File.OpenRead(path);
            return Read(file, path, magic, file.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdxFormatException(path, "could not be read: " + e.Message, e);
        }
    }

    static (int[] Dims, byte[] Data) Read(Stream stream, string name, int magic, long? storedLength)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        var start = new byte[2];
        int got = buffered.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        bool gzip = got == 2 && start[0] == 0x1f && start[1] == 0x8b;
        Stream content = new PrefixedStream(start.AsMemory(0, got), buffered);
        if (gzip) content = new GZipStream(content, CompressionMode.Decompress);
        try
        {
            using (content)
                return ReadContent(content, name, magic, gzip ? null : storedLength, gzip ? storedLength * MaxDeflateRatio : null);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(name, "is not a valid gzip file (" + e.Message + ").", e);
        }
    }

    static (int[] Dims, byte[] Data) ReadContent(Stream content, string name, int magic, long? exactLength, long? maxLength)
    {
        int dimCount = magic & 0xff;
        var header = new byte[4 + 4 * dimCount];
        int got = content.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got < 4)
            throw new IdxFormatException(name, $"is truncated: {got} bytes, shorter than an IDX header.");
        int found = BinaryPrimitives.ReadInt32BigEndian(header);
        if (found != magic)
            throw new IdxFormatException(name, $"has magic number 0x{found:X8}, expected 0x{magic:X8} ({Describe(magic)}). {Hint(found)}".TrimEnd());
        if (got < header.Length)
            throw new IdxFormatException(name, $"is truncated inside its header ({got} of {header.Length} bytes).");

        var dims = new int[dimCount];
        long expected = 1;
        for (int k = 0; k < dimCount; k++)
        {
            dims[k] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * k));
            bool sizeDim = k > 0;
            if (dims[k] < 0 || (sizeDim && dims[k] == 0))
                throw new IdxFormatException(name, $"has an invalid dimension {k} in its header: {dims[k]}.");
            // Valid IDX, but nothing to load: refused here so that no caller trains or scores on "0 images".
            if (k == 0 && dims[0] == 0)
                throw new IdxFormatException(name, $"declares 0 {Items(magic)} in its header; the file is empty or was cut off when it was made.");
            expected *= dims[k];
            if (expected > Array.MaxLength)
                throw new IdxFormatException(name, $"claims {string.Join(" x ", dims.Take(k + 1))} bytes of data, more than an IDX file can hold; the header is corrupt.");
        }

        if (exactLength is { } length && length - header.Length != expected)
            throw new IdxFormatException(name, length - header.Length < expected
                ? $"is truncated: the header promises {expected:N0} bytes of data ({Shape(dims)}), the file holds {length - header.Length:N0}."
                : $"has {length - header.Length - expected:N0} unexpected bytes after the {expected:N0} bytes of data ({Shape(dims)}).");
        if (maxLength is { } max && expected > max)
            throw new IdxFormatException(name, $"claims {expected:N0} bytes of data ({Shape(dims)}), more than its compressed size allows; the header is corrupt.");

        var data = new byte[expected];
        int read = content.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
            throw new IdxFormatException(name, $"is truncated: the header promises {expected:N0} bytes of data ({Shape(dims)}), the file holds {read:N0}.");
        var extra = new byte[1];
        if (content.Read(extra) > 0)
            throw new IdxFormatException(name, $"has unexpected bytes after the {expected:N0} bytes of data ({Shape(dims)}).");
        return (dims, data);
    }

    static string Shape(int[] dims) => string.Join(" x ", dims);

    static string Items(int magic) => magic switch
    {
        ImagesMagic => "images",
        LabelsMagic => "labels",
        _ => "items",
    };

    static string Describe(int magic) => magic switch
    {
        ImagesMagic => "unsigned-byte images with 3 dimensions",
        LabelsMagic => "unsigned-byte labels with 1 dimension",
        _ => "IDX",
    };

    static string Hint(int found) => found switch
    {
        ImagesMagic => "It is an image file; a label file was expected.",
        LabelsMagic => "It is a label file; an image file was expected.",
        _ when (found & ~0xffff) == 0 && ((found >> 8) & 0xff) is 0x08 or 0x09 or 0x0B or 0x0C or 0x0D or 0x0E =>
            $"It is an IDX file of element type 0x{(found >> 8) & 0xff:X2} with {found & 0xff} dimension(s).",
        _ => "It is not an IDX file.",
    };

    /// <summary>Puts bytes already read (to sniff the gzip signature) back in front of the stream.</summary>
    sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        ReadOnlyMemory<byte> prefix = prefix;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            if (prefix.IsEmpty) return rest.Read(buffer);
            int n = Math.Min(buffer.Length, prefix.Length);
            prefix.Span[..n].CopyTo(buffer);
            prefix = prefix[n..];
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) rest.Dispose();
            base.Dispose(disposing);
        }
    }
}
