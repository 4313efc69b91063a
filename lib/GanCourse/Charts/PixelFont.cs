namespace GanCourse.Charts;

/// <summary>A 3×5 pixel font for the digits 0–9, enough to write epoch numbers beside grid rows.</summary>
static class PixelFont
{
    public const int GlyphWidth = 3, GlyphHeight = 5;

    // Each digit is five rows of three bits, most significant bit on the left.
    static readonly int[][] Digits =
    [
        [0b111, 0b101, 0b101, 0b101, 0b111],
        [0b010, 0b110, 0b010, 0b010, 0b111],
        [0b111, 0b001, 0b111, 0b100, 0b111],
        [0b111, 0b001, 0b111, 0b001, 0b111],
        [0b101, 0b101, 0b111, 0b001, 0b001],
        [0b111, 0b100, 0b111, 0b001, 0b111],
        [0b111, 0b100, 0b111, 0b101, 0b111],
        [0b111, 0b001, 0b001, 0b001, 0b001],
        [0b111, 0b101, 0b111, 0b101, 0b111],
        [0b111, 0b101, 0b111, 0b001, 0b111],
    ];

    /// <summary>Width in pixels of <paramref name="text"/> at <paramref name="scale"/>, one blank column between digits.</summary>
    public static int Width(string text, int scale) => text.Length == 0 ? 0 : (text.Length * (GlyphWidth + 1) - 1) * scale;

    /// <summary>Draws digits with their top-left corner at (<paramref name="left"/>, <paramref name="top"/>).</summary>
    public static void Draw(byte[] canvas, int canvasWidth, string text, int left, int top, int scale, byte ink)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is < '0' or > '9') throw new ArgumentException($"The pixel font only has digits, not '{text[i]}'.", nameof(text));
            var glyph = Digits[text[i] - '0'];
            int glyphLeft = left + i * (GlyphWidth + 1) * scale;
            for (int row = 0; row < GlyphHeight; row++)
                for (int col = 0; col < GlyphWidth; col++)
                    if ((glyph[row] >> (GlyphWidth - 1 - col) & 1) == 1)
                        Fill(canvas, canvasWidth, glyphLeft + col * scale, top + row * scale, scale, ink);
        }
    }

    static void Fill(byte[] canvas, int canvasWidth, int x, int y, int size, byte ink)
    {
        for (int dy = 0; dy < size; dy++)
            canvas.AsSpan((y + dy) * canvasWidth + x, size).Fill(ink);
    }
}
