namespace NotebookRunner.Claims;

/// <summary>What checking a claim against its cell's output found.</summary>
public enum ClaimVerdict
{
    /// <summary>The pattern matched, and every number it captured lies within the stated range.</summary>
    Holds,
    /// <summary>No match, a captured text that is not a number, or a number outside the range.</summary>
    Fails,
    /// <summary>The cell did not run to its end (an earlier cell failed, the run stopped), so its output says nothing.</summary>
    NotChecked,
}

/// <summary>One claim checked.</summary>
/// <param name="Values">Every number the pattern captured, in output order.</param>
/// <param name="Detail">One line: what was printed and how it compares ("printed 5, outside 6–8").</param>
public sealed record ClaimResult(Claim Claim, ClaimVerdict Verdict, IReadOnlyList<double> Values, string Detail)
{
    public bool Holds => Verdict == ClaimVerdict.Holds;
}
