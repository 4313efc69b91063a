using System.Globalization;
using System.Text.RegularExpressions;
using NotebookRunner.Notebook;

namespace NotebookRunner.Claims;

/// <summary>
/// A number the notebook's prose states, tied to the code cell that prints it: the cell's output must match
/// <see cref="Pattern"/>, and every number its one group captures must lie within the stated range.
/// </summary>
/// <param name="Cell">The code cell whose outputs are checked (the executed copy fills them in place).</param>
/// <param name="CellNumber">1-based position in the source notebook, as the runner's messages count cells.</param>
/// <param name="Index">1-based position among the cell's claims.</param>
/// <param name="Statement">The words of the prose that state the range, whitespace collapsed.</param>
/// <param name="Pattern">Matches the printed number; its one capturing group is <see cref="Group"/>.</param>
public sealed record Claim(NotebookCell Cell, int CellNumber, int Index, string Statement, Regex Pattern, double? Min, double? Max)
{
    /// <summary>How messages name the claim: "cell 14, claim 2".</summary>
    public string Label => $"cell {CellNumber.ToString(CultureInfo.InvariantCulture)}, claim {Index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The number of the pattern's one capturing group, named or not.</summary>
    public int Group => Pattern.GetGroupNumbers().Single(n => n != 0);

    public bool Admits(double value) => (Min is not { } min || value >= min) && (Max is not { } max || value <= max);

    /// <summary>"0.55–0.75", "≥ 0.55" or "≤ 0.75".</summary>
    public string Range => (Min, Max) switch
    {
        ({ } min, { } max) => $"{Number(min)}–{Number(max)}",
        ({ } min, null) => $"≥ {Number(min)}",
        (null, { } max) => $"≤ {Number(max)}",
        _ => "any",
    };

    /// <summary>Where values that break the claim lie: "outside 6–8", "below 0.55", "above 0.75".</summary>
    public string Outside => (Min, Max) switch
    {
        (not null, not null) => $"outside {Range}",
        ({ } min, null) => $"below {Number(min)}",
        (null, { } max) => $"above {Number(max)}",
        _ => "outside",
    };

    /// <summary>A number in its shortest invariant form (0.55, 8, 1000).</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
