namespace NotebookRunner.Notebook;

/// <summary>One output of a code cell, as nbformat 4 stores it; <see cref="IpynbWriter"/> writes the .ipynb layout.</summary>
public abstract record CellOutput;

/// <summary>Text written to standard output or standard error (<c>stream</c>).</summary>
/// <param name="Name"><c>stdout</c> or <c>stderr</c>.</param>
public sealed record StreamOutput(string Name, string Text) : CellOutput
{
    public const string StandardOutput = "stdout";
    public const string StandardError = "stderr";
}

/// <summary>A value shown with <c>display(x)</c> (<c>display_data</c>).</summary>
/// <param name="Data">The value in each mime type, in the order the formatter prefers.</param>
/// <param name="DisplayId">Identifies the output for later updates; not written to the file.</param>
public sealed record DisplayOutput(MimeBundle Data, string? DisplayId) : CellOutput;

/// <summary>The value of a cell's trailing expression (<c>execute_result</c>).</summary>
public sealed record ResultOutput(MimeBundle Data, int ExecutionCount) : CellOutput;

/// <summary>An exception, a compile error or a runner error (<c>error</c>).</summary>
/// <param name="Name">The error's type, e.g. <c>System.InvalidOperationException</c>.</param>
/// <param name="Value">The message.</param>
/// <param name="Traceback">Lines that explain where it happened.</param>
public sealed record ErrorOutput(string Name, string Value, IReadOnlyList<string> Traceback) : CellOutput;

/// <summary>A value rendered in one or more mime types, e.g. <c>text/html</c> and <c>image/png</c>.</summary>
/// <remarks>Binary types such as <c>image/png</c> hold base64 text, as in nbformat.</remarks>
public sealed class MimeBundle
{
    readonly List<KeyValuePair<string, string>> entries;

    public MimeBundle(IEnumerable<KeyValuePair<string, string>> entries) => this.entries = entries.ToList();

    public static MimeBundle Of(string mimeType, string value) => new([new(mimeType, value)]);

    public IReadOnlyList<KeyValuePair<string, string>> Entries => entries;

    public string? this[string mimeType] => entries.FirstOrDefault(e => e.Key == mimeType).Value;

    public override string ToString() => string.Join(", ", entries.Select(e => e.Key));
}
