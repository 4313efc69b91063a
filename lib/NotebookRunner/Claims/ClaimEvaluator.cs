using System.Globalization;
using System.Text.RegularExpressions;

namespace NotebookRunner.Claims;

/// <summary>Checks claims against the outputs of their executed cells.</summary>
public static class ClaimEvaluator
{
    /// <summary>How many printed values a detail line lists before it says how many there were in all.</summary>
    const int ListedValues = 10;

    /// <summary>
    /// Checks every claim; the claims of a cell that is not among <paramref name="completedCells"/> (source
    /// numbers of the cells that ran to their end) are not checked: a failed or skipped cell's output says
    /// nothing about the prose.
    /// </summary>
    public static IReadOnlyList<ClaimResult> Evaluate(IEnumerable<Claim> claims, IReadOnlySet<int> completedCells) =>
        claims.Select(c => completedCells.Contains(c.CellNumber) ? Evaluate(c) : NotChecked(c)).ToList();

    /// <summary>
    /// The claim holds when its pattern matches the cell's output at least once and every number it
    /// captured lies within the range; a single number outside, or a capture that is not a number, fails it.
    /// </summary>
    public static ClaimResult Evaluate(Claim claim)
    {
        var printed = new List<(string Text, double Value)>();
        var notNumbers = new List<string>();
        try
        {
            foreach (var text in ClaimOutputText.Of(claim.Cell))
            {
                foreach (Match match in claim.Pattern.Matches(text))
                {
                    var group = match.Groups[claim.Group];
                    if (group.Success && PrintedNumber.TryParse(group.Value, out var value)) printed.Add((group.Value.Trim(), value));
                    else notNumbers.Add(group.Success ? group.Value : "");
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            var limit = claim.Pattern.MatchTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return new(claim, ClaimVerdict.Fails, [], $"the pattern /{claim.Pattern}/ took longer than {limit} s on the cell's output");
        }

        var values = printed.Select(p => p.Value).ToList();
        if (notNumbers.Count > 0)
            return new(claim, ClaimVerdict.Fails, values, $"the pattern captured {List(notNumbers.Select(t => $"\"{t}\""))}, not a number; stated {claim.Range}");
        if (printed.Count == 0)
            return new(claim, ClaimVerdict.Fails, values, $"no output matched /{claim.Pattern}/; stated {claim.Range}");
        var all = List(printed.Select(p => p.Text));
        var outside = printed.Where(p => !claim.Admits(p.Value)).Select(p => p.Text).ToList();
        if (outside.Count == 0)
            return new(claim, ClaimVerdict.Holds, values, $"printed {all}; stated {claim.Range}");
        return new(claim, ClaimVerdict.Fails, values, outside.Count == printed.Count
            ? $"printed {all}, {claim.Outside}"
            : $"printed {all}; {List(outside)} {claim.Outside}");
    }

    static ClaimResult NotChecked(Claim claim)
    {
        var cell = $"cell {claim.CellNumber.ToString(CultureInfo.InvariantCulture)}";
        var why = claim.Cell.ExecutionCount == null ? $"{cell} did not run" : $"{cell} did not complete";
        return new(claim, ClaimVerdict.NotChecked, [], $"{why}; stated {claim.Range}");
    }

    static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        var listed = string.Join(", ", all.Take(ListedValues));
        return all.Count <= ListedValues ? listed : $"{listed}, ... ({all.Count.ToString(CultureInfo.InvariantCulture)} in all)";
    }
}
