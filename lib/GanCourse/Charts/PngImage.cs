using Shared;
using System.IO.Compression;
using System.Net;

namespace GanCourse.Charts;

/// <summary>
/// An 8-bit grayscale PNG in memory. Notebooks show it as image/png (with an &lt;img&gt; fallback), so
/// it appears in every viewer without JavaScript: GitHub, VS Code, a printed handout.
/// </summary>
public sealed class PngImage
{
    static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    readonly byte[] bytes;

    PngImage(byte[] bytes, int width, int height, string? caption)
    {
        this.bytes = bytes;
        Width = width;
        Height = height;
        Caption = caption;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Text shown under the image in HTML output (e.g. which epochs the rows are); may be null.</summary>
    public string? Caption { get; }

    /// <summary>The PNG file's bytes.</summary>
    public ReadOnlyMemory<byte> Bytes => bytes;

    /// <summary>
    /// Encodes row-major gray levels (0 black, 255 white), <paramref name="width"/> × <paramref name="height"/>.
    /// </summary>
    public static PngImage FromGray(byte[] pixels, int width, int height, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if ((long)width * height != pixels.Length)
            throw new ArgumentException($"{width} × {height} pixels need {(long)width * height} gray levels, got {pixels.Length}.", nameof(pixels));
        return new PngImage(Encode(pixels, width, height), width, height, caption);
    }

    /// <summary>The PNG bytes in base64, as notebooks store image/png outputs.</summary>
    public string ToBase64() => Convert.ToBase64String(bytes);

    /// <summary>A data: URI usable as an &lt;img src&gt;.</summary>
    public string ToDataUri() => "data:image/png;base64," + ToBase64();

    /// <summary>An &lt;img&gt; (with the caption under it, if any) for HTML output.</summary>
    public string ToHtml()
    {
        var alt = WebUtility.HtmlEncode(Caption ?? $"image {Width}×{Height}");
        var img = $"<img src=\"{ToDataUri()}\" width=\"{Width}\" height=\"{Height}\" alt=\"{alt}\" style=\"image-rendering:pixelated\">";
        return Caption is null
            ? img
            : $"<figure style=\"margin:0\">{img}<figcaption>{WebUtility.HtmlEncode(Caption)}</figcaption></figure>";
    }

    /// <summary>Writes the PNG file atomically, creating the folder if needed.</summary>
    public void Save(string path) => AtomicFile.Write(path, bytes);

    /// <inheritdoc />
    public override string ToString() => $"PNG {Width}×{Height}" + (Caption is null ? "" : $": {Caption}");

    static byte[] Encode(byte[] pixels, int width, int height)
    {
        var header = new byte[13];
        WriteBigEndian(header, 0, (uint)width);
        WriteBigEndian(header, 4, (uint)height);
        header[8] = 8;  // bits per sample
        header[9] = 0;  // colour type: grayscale
        // compression, filter method and interlace stay 0: deflate, adaptive filtering, no interlace

        using var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", Compress(Filter(pixels, width, height)));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// Every row but the first uses the "Up" filter (difference to the row above): grids repeat rows
    /// when scaled up and have flat margins, which then compress to almost nothing.
    /// </summary>
    static byte[] Filter(byte[] pixels, int width, int height)
    {
        var filtered = new byte[(long)(width + 1) * height];
        for (int y = 0; y < height; y++)
        {
            int row = y * (width + 1), source = y * width;
            filtered[row] = (byte)(y == 0 ? 0 : 2);
            for (int x = 0; x < width; x++)
                filtered[row + 1 + x] = y == 0
                    ? pixels[source + x]
                    : (byte)(pixels[source + x] - pixels[source - width + x]);
        }
        return filtered;
    }

    static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(data);
        return output.ToArray();
    }

    static void WriteChunk(Stream png, string type, byte[] data)
    {
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        var length = new byte[4];
        WriteBigEndian(length, 0, (uint)data.Length);
        png.Write(length);
        png.Write(typeBytes);
        png.Write(data);
        // PNG's chunk checksum is ISO 3309's CRC-32 over the chunk's type and data.
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        var checksum = new byte[4];
        WriteBigEndian(checksum, 0, crc.GetCurrentHashAsUInt32());
        png.Write(checksum);
    }

    static void WriteBigEndian(byte[] target, int offset, uint value) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(target.AsSpan(offset), value);
}
