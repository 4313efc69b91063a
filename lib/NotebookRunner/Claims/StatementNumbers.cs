using System.Text.RegularExpressions;

namespace NotebookRunner.Claims;

/// <summary>
/// The numbers a statement writes, so that a claim's bounds must appear in its prose: changing the range
/// in the metadata without the prose, or the prose without the range, is then an error.
/// </summary>
static partial class StatementNumbers
{
    /// <summary>
    /// A number as prose writes it: digits with an optional fraction and exponent, or groups of thousands
    /// separated by commas ("1,000"). Neither part of a longer number ("5" in "0.55" or "15"), nor signed by a
    /// dash between two numbers ("3" in "seeds 1-3" is 3); a minus ("-" or "−") counts where nothing
    /// alphanumeric precedes it ("between −0.5 and 0.5", "[-1, 1]").
    /// </summary>
    [GeneratedRegex(@"(?<sign>(?<![\p{L}\p{N}])[-\u2212])?(?<![\d.])(?<digits>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?)(?!\d)")]
    private static partial Regex Written();

    /// <summary>The numbers written in <paramref name="text"/>, normalized: "-" for either minus, thousands separators dropped.</summary>
    public static IEnumerable<string> In(string text) =>
        Written().Matches(text).Select(m => (m.Groups["sign"].Success ? "-" : "") + m.Groups["digits"].Value.Replace(",", "", StringComparison.Ordinal));

    /// <summary>
    /// True when the statement writes the bound as the claim's JSON writes it (<paramref name="jsonText"/>),
    /// or in its shortest form, so that JSON's 1e3 or 8.0 may read 1000 or 8 in the prose.
    /// </summary>
    public static bool Contains(string statement, string jsonText, double value)
    {
        var shortest = Claim.Number(value);
        return In(statement).Any(n => string.Equals(n, jsonText, StringComparison.OrdinalIgnoreCase) || n == shortest);
    }
}
