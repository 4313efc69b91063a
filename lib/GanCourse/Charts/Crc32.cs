namespace GanCourse.Charts;

/// <summary>
/// CRC-32 as PNG chunks use it (ISO 3309, polynomial 0xEDB88320 reflected). The BCL keeps its own
/// implementation internal and System.IO.Hashing is a separate package; a table is twenty lines.
/// </summary>
static class Crc32
{
    static readonly uint[] Table = BuildTable();

    public static uint Compute(params ReadOnlySpan<byte[]> parts)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (var part in parts)
            foreach (var b in part)
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
