using System.Globalization;
using NotebookRunner.Claims;
using NotebookRunner.Planning;

namespace NotebookRunner.Running;

/// <summary>
/// Progress for the person watching a run (a lecturer looking at CI): one line per cell, log lines for
/// slow work, a summary per notebook. Plain lines without colours or cursor tricks, so CI logs read well.
/// </summary>
public sealed class ProgressReporter(TextWriter writer)
{
    const int SourceWidth = 60;

    public void NotebookStarted(NotebookPlan plan)
    {
        var parameters = plan.Applied.Count == 0 ? "" : $", parameters: {string.Join(", ", plan.Applied.Select(p => $"{p.Key}={p.Value}"))}";
        var toRun = plan.Cells.Count(c => c.SourceNumber != null);
        Line($"{plan.SourcePath}: {plan.SourceCellCount} cells, {toRun} to run{parameters}");
    }

    public void Log(string message) => Line($"    {message}");

    public void StillRunning(PlannedCell cell, TimeSpan elapsed) =>
        Line($"    ... {cell.Label} still running ({Seconds(elapsed)})");

    public void CellFinished(NotebookPlan plan, PlannedCell cell, CellRunResult result)
    {
        var total = plan.SourceCellCount.ToString(CultureInfo.InvariantCulture);
        var index = (cell.SourceNumber is int n ? $"{n.ToString(CultureInfo.InvariantCulture).PadLeft(total.Length)}/{total}" : "params")
            .PadLeft(Math.Max(2 * total.Length + 1, "params".Length));
        var source = cell.Cell.FirstLine;
        if (source.Length > SourceWidth) source = source[..(SourceWidth - 3)] + "...";
        Line($"  [{index}] {StatusWord(result.Status),-13} {Seconds(result.Duration),8}  {source}");
        if (result.Failed && result.Summary != null) Line($"      {result.Summary}");
    }

    /// <summary>
    /// One line per claim, holding or not, with what was printed and the stated range: someone running
    /// several seeds sees the margins, not only the failures. Then how many hold.
    /// </summary>
    public void ClaimsChecked(string sourcePath, IReadOnlyList<ClaimResult> claims)
    {
        foreach (var claim in claims)
            Line($"  [{claim.Claim.Label}] {VerdictWord(claim.Verdict)}: {claim.Detail} (\"{claim.Claim.Statement}\")");
        var hold = claims.Count(c => c.Holds);
        Line(claims.Count == 0
            ? $"{sourcePath}: claims: the notebook states none"
            : $"{sourcePath}: claims: {hold.ToString(CultureInfo.InvariantCulture)} of {claims.Count.ToString(CultureInfo.InvariantCulture)} hold");
    }

    static string VerdictWord(ClaimVerdict verdict) => verdict switch
    {
        ClaimVerdict.Holds => "holds",
        ClaimVerdict.Fails => "FAILS",
        _ => "NOT CHECKED",
    };

    /// <summary>"wrote artifacts/notebooks/x.html (3.9 MB)": page sizes matter for handouts.</summary>
    public void FileWritten(string path, long bytes) => Line($"    wrote {path} ({Size(bytes)})");

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
    };

    public void NotebookFinished(NotebookRunResult result)
    {
        var ran = result.Cells.Count(c => c.Status != CellStatus.NotRun);
        var ok = result.Cells.Count(c => c.Status == CellStatus.Succeeded);
        var notRun = result.Cells.Count - ran;
        var timing = $"{Seconds(result.Elapsed)} (kernel start-up {Seconds(result.Startup)})";
        var written = result.OutputFiles.Count == 0 ? "" : " -> " + string.Join(", ", result.OutputFiles);
        var verdict = result.Succeeded
            ? $"ok, {ok} cells in {timing}"
            : $"FAILED: {result.Failure ?? FailedCells(result)}; {ok} of {result.Cells.Count} cells ok, {notRun} not run; {timing}";
        Line($"{result.SourcePath}: {verdict}{written}");
    }

    static string FailedCells(NotebookRunResult result)
    {
        var failed = result.Cells.Where(c => c.Failed).Select(c => c.Label).ToList();
        return failed.Count == 1 ? $"{failed[0]} failed" : $"{failed.Count} cells failed ({string.Join(", ", failed)})";
    }

    public void Problem(string message) => Line($"error: {message}");

    public void Warning(string message) => Line($"warning: {message}");

    static string StatusWord(CellStatus status) => status switch
    {
        CellStatus.Succeeded => "ok",
        CellStatus.CompileError => "compile error",
        CellStatus.RuntimeError => "error",
        CellStatus.SetupError => "restore error",
        CellStatus.Cancelled => "interrupted",
        CellStatus.TimedOut => "timed out",
        CellStatus.Crashed => "crashed",
        _ => "not run",
    };

    static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    void Line(string text)
    {
        lock (writer)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }
}
