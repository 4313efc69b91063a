using Microsoft.DotNet.Interactive.Events;
using NotebookRunner.Kernel;
using NotebookRunner.Notebook;

namespace NotebookRunner.Running;

/// <summary>
/// Turns the kernel's events into the outputs of the cells that caused them, as nbformat stores them:
/// return values, displays (updated in place), streams, errors. Events are matched to cells by command
/// token, so output a background thread of an earlier cell writes late still lands in that cell.
/// </summary>
/// <param name="maxStreamChars">Text kept per stream (stdout, stderr) and cell; the rest is counted and noted.</param>
sealed class OutputCollector(int maxStreamChars = OutputCollector.DefaultMaxStreamChars)
{
    public const int DefaultMaxStreamChars = 1024 * 1024;
    const string ReportedError = "Error";

    sealed class CellState(NotebookCell cell, string label)
    {
        public NotebookCell Cell { get; } = cell;
        public string Label { get; } = label;
        public Dictionary<string, long> Kept { get; } = [];
        public Dictionary<string, long> Dropped { get; } = [];
        public string? CompiledCode { get; set; }
        public List<(string Name, string Version)> Packages { get; } = [];
    }

    readonly Dictionary<string, CellState> byToken = [];
    /// <summary>Display outputs by the value id the kernel gave them.</summary>
    readonly Dictionary<string, (CellState State, DisplayOutput Output)> displays = [];
    /// <summary>Displays that no update has touched yet, in the order they appeared.</summary>
    readonly List<(CellState State, DisplayOutput Output)> neverUpdated = [];
    CellState? current;

    /// <summary>Events with this token (and its child tokens) belong to <paramref name="cell"/> from now on.</summary>
    public void Begin(string token, NotebookCell cell, string label)
    {
        current = new CellState(cell, label);
        byToken[token] = current;
    }

    /// <summary>The code the kernel compiled for the cell (without its directive lines), when it said.</summary>
    public string? CompiledCode(string token) => byToken.GetValueOrDefault(token)?.CompiledCode;

    /// <summary>Packages the kernel restored for the cell, with the versions it chose.</summary>
    public IReadOnlyList<(string Name, string Version)> Packages(string token) => byToken.GetValueOrDefault(token)?.Packages ?? [];

    public void Apply(EventMessage message)
    {
        var state = message.RootToken is { } token && byToken.TryGetValue(token, out var owner) ? owner : current;
        if (state == null) return;
        switch (message.Event)
        {
            case StandardOutputValueProduced stdout:
                AppendStream(state, StreamOutput.StandardOutput, Text(stdout));
                break;
            case StandardErrorValueProduced stderr:
                AppendStream(state, StreamOutput.StandardError, Text(stderr));
                break;
            case ReturnValueProduced result when Bundle(result) is { } data:
                state.Cell.Outputs.Add(new ResultOutput(data, state.Cell.ExecutionCount ?? 0));
                break;
            case DisplayedValueUpdated update when Bundle(update) is { } data:
                Update(state, update.ValueId, data);
                break;
            case DisplayedValueProduced display when Bundle(display) is { } data:
                var output = new DisplayOutput(data, display.ValueId);
                state.Cell.Outputs.Add(output);
                if (display.ValueId != null) displays[display.ValueId] = (state, output);
                neverUpdated.Add((state, output));
                break;
            case ErrorProduced error when !state.Cell.Outputs.OfType<ErrorOutput>().Any(e => e.Value == error.Message):
                // The kernel can report the same error more than once for one cell; once is enough.
                state.Cell.Outputs.Add(new ErrorOutput(ReportedError, error.Message, error.Message.Split('\n')));
                break;
            case CodeSubmissionReceived received when message.Token != message.RootToken:
                // The part of the cell the C# (or F#, ...) kernel compiles, once the directives are taken out.
                state.CompiledCode = received.Code;
                break;
            case PackageAdded added:
                state.Packages.Add((added.PackageReference.PackageName, added.PackageReference.PackageVersion));
                break;
        }
    }

    /// <summary>
    /// A line the kernel process wrote outside its events (a cell writing to the file descriptor, native
    /// code printing to stderr): it belongs to the cell running now, as a terminal would show it.
    /// </summary>
    public void Apply(TextMessage message)
    {
        if (current == null) return;
        AppendStream(current, message.IsStandardError ? StreamOutput.StandardError : StreamOutput.StandardOutput, message.Text + "\n");
    }

    /// <summary>
    /// The cell failed with <paramref name="failure"/>: errors the kernel reported on the way that the
    /// failure repeats are dropped, so the cell shows each problem once.
    /// </summary>
    public void Failed(string token, string failure)
    {
        if (byToken.TryGetValue(token, out var state))
            state.Cell.Outputs.RemoveAll(o => o is ErrorOutput { Name: ReportedError } e && failure.Contains(e.Value, StringComparison.Ordinal));
    }

    /// <summary>An event too large to keep: the cell gets a note in its place.</summary>
    public void Apply(OversizedMessage message)
    {
        var state = message.RootToken is { } token && byToken.TryGetValue(token, out var owner) ? owner : current;
        if (state == null) return;
        var what = message.EventType switch
        {
            nameof(StandardOutputValueProduced) => StreamOutput.StandardOutput,
            nameof(StandardErrorValueProduced) => StreamOutput.StandardError,
            _ => null,
        };
        if (what != null)
        {
            state.Dropped[what] = state.Dropped.GetValueOrDefault(what) + message.Bytes;
            return;
        }
        var note = $"[notebook runner: an output of {ProgressReporter.Size(message.Bytes)} ({message.EventType ?? "unknown event"}) was left out; the runner keeps outputs up to {ProgressReporter.Size(BoundedLineReader.DefaultMaxLineBytes)}]";
        state.Cell.Outputs.Add(new StreamOutput(StreamOutput.StandardError, note + "\n"));
    }

    /// <summary>After a cell: says how much of each stream was left out.</summary>
    public void End(string token)
    {
        if (!byToken.TryGetValue(token, out var state)) return;
        foreach (var (stream, dropped) in state.Dropped.Where(d => d.Value > 0).OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var note = $"\n[notebook runner: {ProgressReporter.Size(dropped)} more of {stream} left out; at most {ProgressReporter.Size(maxStreamChars)} of each stream is kept per cell]\n";
            state.Cell.Outputs.Add(new StreamOutput(stream, note));
        }
        state.Dropped.Clear();
    }

    void AppendStream(CellState state, string name, string text)
    {
        var kept = state.Kept.GetValueOrDefault(name);
        var room = (int)Math.Clamp(maxStreamChars - kept, 0, text.Length);
        if (room < text.Length) state.Dropped[name] = state.Dropped.GetValueOrDefault(name) + (text.Length - room);
        if (room == 0) return;
        text = text[..room];
        state.Kept[name] = kept + room;
        var outputs = state.Cell.Outputs;
        // Consecutive writes to the same stream form one output, as in Jupyter and VS Code.
        if (outputs.Count > 0 && outputs[^1] is StreamOutput last && last.Name == name)
            outputs[^1] = last with { Text = last.Text + text };
        else
            outputs.Add(new StreamOutput(name, text));
    }

    /// <summary>
    /// Replaces the display with the update's value id. An update whose id no display has is how the
    /// kernel reports <c>display(x).Update(y)</c>: its <c>display</c> publishes x under one id and returns
    /// a handle with another (Formatting's DisplayExtensions.Display builds two DisplayedValue objects).
    /// Such an update takes the place of the latest display of the same cell, in the same MIME types,
    /// that nothing has updated yet, so the executed notebook shows y as its author meant; failing that
    /// it becomes a new display, as VS Code shows it.
    /// </summary>
    void Update(CellState state, string? valueId, MimeBundle data)
    {
        if (valueId != null && displays.TryGetValue(valueId, out var known))
        {
            Replace(known.State, known.Output, valueId, data);
            return;
        }
        var mimeTypes = data.Entries.Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        var index = neverUpdated.FindLastIndex(d => d.State == state
            && d.Output.Data.Entries.Select(e => e.Key).Order(StringComparer.Ordinal).SequenceEqual(mimeTypes));
        if (index >= 0)
        {
            var (owner, output) = neverUpdated[index];
            Replace(owner, output, valueId, data);
            return;
        }
        var added = new DisplayOutput(data, valueId);
        state.Cell.Outputs.Add(added);
        if (valueId != null) displays[valueId] = (state, added);
    }

    void Replace(CellState state, DisplayOutput old, string? valueId, MimeBundle data)
    {
        var outputs = state.Cell.Outputs;
        var at = outputs.FindIndex(o => ReferenceEquals(o, old));
        var updated = old with { Data = data };
        if (at >= 0) outputs[at] = updated;
        else outputs.Add(updated);
        neverUpdated.RemoveAll(d => ReferenceEquals(d.Output, old));
        foreach (var key in displays.Where(d => ReferenceEquals(d.Value.Output, old)).Select(d => d.Key).ToList())
            displays[key] = (state, updated);
        if (valueId != null) displays[valueId] = (state, updated);
    }

    static string Text(DisplayEvent e) => string.Concat(e.FormattedValues.Where(v => !v.SuppressDisplay).Select(v => v.Value));

    /// <summary>The event's values in the kernel's order of preference; null when it shows nothing.</summary>
    static MimeBundle? Bundle(DisplayEvent e)
    {
        var shown = e.FormattedValues.Where(v => !v.SuppressDisplay).Select(v => new KeyValuePair<string, string>(v.MimeType, v.Value ?? "")).ToList();
        return shown.Count == 0 ? null : new MimeBundle(shown);
    }
}
