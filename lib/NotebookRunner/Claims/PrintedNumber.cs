using System.Globalization;

namespace NotebookRunner.Claims;

/// <summary>A number as a cell printed it, read the same way whatever the culture the runner runs in.</summary>
public static class PrintedNumber
{
    /// <summary>
    /// Parses invariant-culture text, also with a typographic minus (U+2212, as some formatters print) and
    /// thousands separated by commas ("1,000"). NaN and infinities parse, and then lie outside every range.
    /// </summary>
    public static bool TryParse(string text, out double value)
    {
        var plain = text.Trim().Replace('\u2212', '-').Replace(",", "", StringComparison.Ordinal);
        return double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
