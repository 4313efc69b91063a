using NotebookRunner.Notebook;

namespace NotebookRunner.Running;

/// <summary>What to run and how; the command line's options.</summary>
public sealed record RunnerOptions
{
    public const string DefaultOutputDirectory = "artifacts/notebooks";

    /// <summary>Notebook files, and folders whose <c>*.ipynb</c> files run in name order.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>Where executed copies go: <c>x.ipynb</c> becomes <c>OutputDirectory/x.ipynb</c>.</summary>
    public string OutputDirectory { get; init; } = DefaultOutputDirectory;

    /// <summary>Values for variables of the cell tagged "parameters".</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>The longest a single cell may run; null for no limit.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>The longest a whole notebook may run; null for no limit.</summary>
    public TimeSpan? NotebookTimeout { get; init; }

    /// <summary>Keep running the cells after one fails (a timeout still stops the notebook).</summary>
    public bool AllowErrors { get; init; }

    /// <summary>Text kept per stream (stdout, stderr) and cell; the rest is left out with a note saying how much.</summary>
    public int MaxStreamChars { get; init; } = OutputCollector.DefaultMaxStreamChars;

    /// <summary>The files written for each notebook; the executed .ipynb by default.</summary>
    public IReadOnlyList<INotebookWriter> Writers { get; init; } = [new IpynbWriter()];

    /// <summary>
    /// Checks the claims of the cells' metadata against their outputs after each notebook, reports each,
    /// writes <c>x.claims.json</c> beside the copies and ends with <see cref="ExitCodes.ClaimsFailed"/> when
    /// one does not hold. Malformed claims are usage errors either way.
    /// </summary>
    public bool CheckClaims { get; init; }
}

/// <summary>The runner's exit codes.</summary>
public static class ExitCodes
{
    /// <summary>Every cell of every notebook ran, every file was written (and with --check-claims every claim holds).</summary>
    public const int Success = 0;

    /// <summary>A cell failed, timed out, was interrupted or did not compile, or a file could not be written; says more than <see cref="ClaimsFailed"/>.</summary>
    public const int CellFailed = 1;

    /// <summary>Bad command line, unreadable input or a malformed claim; nothing ran.</summary>
    public const int UsageError = 2;

    /// <summary>With --check-claims: every cell ran and every file was written, but a claim of the prose does not hold.</summary>
    public const int ClaimsFailed = 3;
}
