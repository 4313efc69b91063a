using NotebookRunner.Claims;
using NotebookRunner.Notebook;

namespace NotebookRunner.Running;

/// <summary>How one cell went.</summary>
/// <param name="Label">"cell 3", or "injected parameters cell".</param>
/// <param name="Summary">For failures, one line saying what went wrong.</param>
public sealed record CellRunResult(string Label, int? SourceNumber, CellStatus Status, TimeSpan Duration, string? Summary)
{
    public bool Failed => Status is not (CellStatus.Succeeded or CellStatus.NotRun);
}

/// <summary>How one notebook went, and its executed copy.</summary>
public sealed class NotebookRunResult
{
    public required string SourcePath { get; init; }

    /// <summary>The executed copy (outputs and execution counts filled in).</summary>
    public required NotebookDocument Notebook { get; init; }

    /// <summary>The `--param` values the notebook received, in command-line order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>The notebook's claims as checked after the run (--check-claims); null when they were not checked.</summary>
    public IReadOnlyList<ClaimResult>? Claims { get; set; }

    /// <summary>One entry per code cell that was planned to run, in order.</summary>
    public List<CellRunResult> Cells { get; } = [];

    /// <summary>Files that could not be written, one line each.</summary>
    public List<string> WriteFailures { get; } = [];

    /// <summary>Files written for this notebook.</summary>
    public List<string> OutputFiles { get; } = [];

    /// <summary>Things worth saying that did not fail the run (a package version NuGet substituted, ...).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>From starting the kernel process until it reported ready.</summary>
    public TimeSpan Startup { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>Why the notebook stopped early, when it did (a timeout, a crash, a failed cell).</summary>
    public string? Failure { get; set; }

    public bool Succeeded => Failure == null && !Cells.Any(c => c.Failed);
}

/// <summary>The outcome of a whole run.</summary>
/// <param name="Problems">Usage errors found before anything ran (exit code 2), one line each.</param>
public sealed record RunSummary(int ExitCode, IReadOnlyList<NotebookRunResult> Notebooks, IReadOnlyList<string> Problems);
