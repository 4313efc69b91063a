using System.Text;
using NotebookRunner.Notebook;

namespace NotebookRunner.Scripting;

/// <summary>
/// Serializes everything a cell produces, from any thread, into one ordered event sequence.
/// Console text is batched (a training loop may print thousands of lines) and flushed before any
/// other event, at least every <see cref="FlushInterval"/>, so a hung cell's last words still arrive.
/// </summary>
sealed class OutputChannel : IDisposable
{
    static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);
    const int MaxPending = 64 * 1024;

    readonly IKernelEventSink sink;
    readonly Lock gate = new();
    readonly StringBuilder pending = new();
    readonly Timer timer;
    string? pendingStream;

    public OutputChannel(IKernelEventSink sink)
    {
        this.sink = sink;
        timer = new Timer(_ => Flush(), null, FlushInterval, FlushInterval);
    }

    public void WriteStream(string name, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (pendingStream != name) FlushLocked();
            pendingStream = name;
            pending.Append(text);
            if (pending.Length >= MaxPending) FlushLocked();
        }
    }

    public void Emit(KernelEvent kernelEvent)
    {
        lock (gate)
        {
            FlushLocked();
            sink.Emit(kernelEvent);
        }
    }

    public void Flush()
    {
        lock (gate) FlushLocked();
    }

    void FlushLocked()
    {
        if (pendingStream == null || pending.Length == 0) return;
        var text = pending.ToString();
        pending.Clear();
        sink.Emit(new OutputEvent(new StreamOutput(pendingStream, text)));
    }

    public void Dispose()
    {
        timer.Dispose();
        Flush();
    }
}

/// <summary>A Console.Out / Console.Error replacement that feeds a cell's stream outputs.</summary>
sealed class CapturingWriter(OutputChannel channel, string streamName) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;
    public override void Write(char value) => channel.WriteStream(streamName, value.ToString());
    public override void Write(string? value) => channel.WriteStream(streamName, value ?? "");
    public override void Write(char[] buffer, int index, int count) => channel.WriteStream(streamName, new string(buffer, index, count));
    public override void Write(ReadOnlySpan<char> buffer) => channel.WriteStream(streamName, new string(buffer));
    public override void WriteLine(string? value) => channel.WriteStream(streamName, value + new string(CoreNewLine));
    public override void WriteLine(ReadOnlySpan<char> buffer) => channel.WriteStream(streamName, new string(buffer) + new string(CoreNewLine));
}
