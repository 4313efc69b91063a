using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GanCourse.Tests.Charts;

/// <summary>
/// An independent PNG reader for the tests: checks the signature, every chunk's CRC and the IHDR
/// fields of 8-bit grayscale, inflates IDAT and undoes all five row filters.
/// </summary>
sealed record PngReader(int Width, int Height, byte[] Pixels, IReadOnlyList<string> ChunkTypes)
{
    static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public byte this[int x, int y] => Pixels[y * Width + x];

    public static PngReader Read(ReadOnlySpan<byte> png)
    {
        Assert.True(png[..8].SequenceEqual(Signature), "PNG signature");
        int offset = 8, width = 0, height = 0;
        var types = new List<string>();
        using var idat = new MemoryStream();
        while (offset < png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png[offset..]);
            var type = Encoding.ASCII.GetString(png.Slice(offset + 4, 4));
            var data = png.Slice(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png[(offset + 8 + length)..]);
            Assert.Equal(ReferenceCrc(png.Slice(offset + 4, 4 + length)), crc);
            types.Add(type);
            if (type == "IHDR")
            {
                width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                Assert.Equal([8, 0, 0, 0, 0], data[8..13].ToArray()); // 8-bit, grayscale, deflate, filter 0, no interlace
            }
            if (type == "IDAT") idat.Write(data);
            offset += 12 + length;
        }
        Assert.Equal(png.Length, offset);
        Assert.Equal("IHDR", types[0]);
        Assert.Equal("IEND", types[^1]);

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        return new PngReader(width, height, Unfilter(inflated.ToArray(), width, height), types);
    }

    static byte[] Unfilter(byte[] data, int width, int height)
    {
        Assert.Equal((width + 1) * height, data.Length);
        var pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            var filter = data[y * (width + 1)];
            for (int x = 0; x < width; x++)
            {
                int raw = data[y * (width + 1) + 1 + x];
                int a = x > 0 ? pixels[y * width + x - 1] : 0;
                int b = y > 0 ? pixels[(y - 1) * width + x] : 0;
                int c = x > 0 && y > 0 ? pixels[(y - 1) * width + x - 1] : 0;
                pixels[y * width + x] = (byte)(raw + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"unknown filter {filter}"),
                });
            }
        }
        return pixels;
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>Bitwise CRC-32, written differently from the library's table so the two check each other.</summary>
    static uint ReferenceCrc(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
        }
        return ~crc;
    }
}
