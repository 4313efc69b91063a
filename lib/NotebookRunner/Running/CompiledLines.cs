namespace NotebookRunner.Running;

/// <summary>
/// The kernel compiles a cell without its directive lines (<c>#r</c>, <c>#!time</c>, ...) and numbers the
/// compiler's messages in what is left. This maps those line numbers back to the cell as written.
/// </summary>
static class CompiledLines
{
    /// <summary>A map from 1-based compiled lines to cell lines; null when the compiled code is unknown or not the cell's.</summary>
    public static Func<int, int>? Map(string? compiled, string cellSource)
    {
        if (compiled == null) return null;
        var code = compiled.Replace("\r\n", "\n").Split('\n');
        var cell = cellSource.Replace("\r\n", "\n").Split('\n');
        var map = new int[code.Length];
        int j = 0;
        for (int i = 0; i < code.Length; i++)
        {
            // The compiled lines are the cell's lines in order, some left out.
            while (j < cell.Length && cell[j].TrimEnd() != code[i].TrimEnd()) j++;
            if (j == cell.Length) return null;
            map[i] = ++j;
        }
        return line => line >= 1 && line <= map.Length ? map[line - 1] : line;
    }
}
