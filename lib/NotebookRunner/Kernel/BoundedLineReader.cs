using System.Text;

namespace NotebookRunner.Kernel;

/// <summary>One line of the kernel's standard output.</summary>
/// <param name="Text">The whole line, or for an oversized line its first <see cref="BoundedLineReader.MaxLineBytes"/> bytes.</param>
/// <param name="Bytes">The line's full length in bytes.</param>
/// <param name="Tail">For an oversized line, its last bytes (an event envelope names its event type and command there).</param>
sealed record KernelLine(string Text, long Bytes, string? Tail)
{
    public bool IsOversized => Tail != null;
}

/// <summary>
/// Reads UTF-8 lines from a stream without ever holding more than a bounded amount of one line: the
/// kernel writes a cell's whole <c>Console.Write</c> as one event line, and a cell can print hundreds of
/// megabytes. Longer lines come back as their head and tail with the full length.
/// </summary>
sealed class BoundedLineReader(Stream stream, int maxLineBytes = BoundedLineReader.DefaultMaxLineBytes)
{
    /// <summary>Large enough for a chart that carries plotly.js (3.6 MB) several times over.</summary>
    public const int DefaultMaxLineBytes = 48 * 1024 * 1024;
    const int TailBytes = 64 * 1024;

    public int MaxLineBytes => maxLineBytes;

    readonly byte[] buffer = new byte[64 * 1024];
    int start, end;
    bool finished;

    /// <summary>The next line without its end-of-line characters, or null at the end of the stream.</summary>
    public async Task<KernelLine?> ReadLineAsync(CancellationToken cancellation = default)
    {
        var head = new MemoryStream();
        byte[]? tail = null;
        int tailLength = 0, tailStart = 0;
        long total = 0;
        while (true)
        {
            if (start == end)
            {
                if (finished) break;
                start = 0;
                end = await stream.ReadAsync(buffer, cancellation);
                if (end == 0)
                {
                    finished = true;
                    break;
                }
            }
            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            var stop = newline < 0 ? end : newline;
            var count = stop - start;
            var room = (int)Math.Max(0, maxLineBytes - head.Length);
            head.Write(buffer, start, Math.Min(room, count));
            if (count > room)
            {
                tail ??= new byte[TailBytes];
                // Keep the last TailBytes bytes of the line in a ring.
                var from = Math.Max(start + room, stop - TailBytes);
                if (stop - from == TailBytes) (tailStart, tailLength) = (0, 0);
                for (int i = from; i < stop; i++)
                {
                    tail[(tailStart + tailLength) % TailBytes] = buffer[i];
                    if (tailLength < TailBytes) tailLength++;
                    else tailStart = (tailStart + 1) % TailBytes;
                }
            }
            total += count;
            start = stop;
            if (newline >= 0)
            {
                start++;
                return Line(head, total, tail, tailStart, tailLength);
            }
        }
        return total == 0 && head.Length == 0 ? null : Line(head, total, tail, tailStart, tailLength);
    }

    static KernelLine Line(MemoryStream head, long total, byte[]? tail, int tailStart, int tailLength)
    {
        var text = Encoding.UTF8.GetString(head.GetBuffer(), 0, (int)head.Length).TrimEnd('\r');
        if (tail == null) return new KernelLine(text, total, null);
        var ordered = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) ordered[i] = tail[(tailStart + i) % TailBytes];
        return new KernelLine(text, total, Encoding.UTF8.GetString(ordered).TrimEnd('\r'));
    }
}
