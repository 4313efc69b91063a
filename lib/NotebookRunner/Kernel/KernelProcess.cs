using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;

namespace NotebookRunner.Kernel;

/// <summary>
/// One <c>dotnet interactive stdio</c> process, the kernel VS Code Polyglot Notebooks starts: commands go
/// in as one JSON envelope per line, events come out the same way. Envelopes are written and read with
/// the kernel's own serializer (Microsoft.DotNet.Interactive); the process, its streams and its end are
/// managed here, because a run must be able to stop a hung kernel and must not hold an unbounded line.
/// </summary>
sealed partial class KernelProcess : IAsyncDisposable
{
    const int StderrLinesKept = 40;

    /// <summary>
    /// Kernels still running, ended at once when the runner exits for a reason it can see; when it cannot
    /// (SIGKILL), the kernel's <see cref="OwnedProcess"/> tie ends them.
    /// </summary>
    static readonly ConcurrentDictionary<KernelProcess, byte> Live = new();

    static KernelProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var kernel in Live.Keys) kernel.Kill();
    };

    readonly Process process;
    readonly Channel<KernelMessage> messages = Channel.CreateUnbounded<KernelMessage>(new() { SingleReader = true });
    readonly Queue<string> stderrTail = new();
    readonly Task stdoutPump, stderrPump;
    readonly SemaphoreSlim sendGate = new(1, 1);

    KernelProcess(Process process, int maxLineBytes)
    {
        this.process = process;
        Live.TryAdd(this, 0);
        stdoutPump = Task.Run(() => PumpStdoutAsync(maxLineBytes));
        stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>
    /// Starts the kernel tied to the runner (<see cref="OwnedProcess"/>): it ends when the runner ends, also
    /// when the runner is killed too hard for <see cref="Kill"/> to run. Fails with
    /// <see cref="System.ComponentModel.Win32Exception"/> when nothing could be started; on Linux and macOS a
    /// missing <c>dotnet</c> shows instead as a kernel that ends before it is ready (the shell's exit code 127).
    /// </summary>
    public static KernelProcess Start(ProcessStartInfo info, int maxLineBytes = BoundedLineReader.DefaultMaxLineBytes) =>
        new(OwnedProcess.Start(info), maxLineBytes);

    public int ProcessId => process.Id;

    /// <summary>What the kernel says on standard output, in order, and its standard error lines; completes when standard output ends.</summary>
    public ChannelReader<KernelMessage> Messages => messages.Reader;

    /// <summary>The last lines the kernel wrote to standard error (start-up failures are reported there).</summary>
    public IReadOnlyList<string> StderrTail
    {
        get { lock (stderrTail) return [.. stderrTail]; }
    }

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>Sends one command; false when the kernel's input is closed (the process ended).</summary>
    public async Task<bool> SendAsync(KernelCommand command)
    {
        var line = KernelCommandEnvelope.Serialize(command);
        await sendGate.WaitAsync();
        try
        {
            await process.StandardInput.WriteLineAsync(line);
            await process.StandardInput.FlushAsync();
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            sendGate.Release();
        }
    }

    /// <summary>Ends the kernel and every process it started (the <c>dotnet</c> host, the kernel app, shells it ran).</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // It ended on its own meanwhile.
        }
    }

    /// <summary>Waits at most <paramref name="limit"/> for the process to end by itself.</summary>
    public async Task WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Waits until the process has ended and its output is read, at most <paramref name="limit"/>; then kills it.</summary>
    public async Task StopAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await process.WaitForExitAsync();
        }
        // The `dotnet` host can end before the kernel app it started; make sure nothing is left.
        Kill();
        await Task.WhenAll(stdoutPump, stderrPump).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await StopAsync(TimeSpan.FromSeconds(5));
        Live.TryRemove(this, out _);
        process.Dispose();
        sendGate.Dispose();
    }

    async Task PumpStdoutAsync(int maxLineBytes)
    {
        try
        {
            var reader = new BoundedLineReader(process.StandardOutput.BaseStream, maxLineBytes);
            while (await reader.ReadLineAsync() is { } line)
            {
                if (Parse(line) is { } message) messages.Writer.TryWrite(message);
            }
        }
        catch (IOException)
        {
            // The pipe broke with the process.
        }
        finally
        {
            messages.Writer.TryComplete();
        }
    }

    async Task PumpStderrAsync()
    {
        try
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                messages.Writer.TryWrite(new TextMessage(line, IsStandardError: true));
                lock (stderrTail)
                {
                    stderrTail.Enqueue(line.Length > 500 ? line[..500] + "..." : line);
                    while (stderrTail.Count > StderrLinesKept) stderrTail.Dequeue();
                }
            }
        }
        catch (IOException)
        {
        }
    }

    internal static KernelMessage? Parse(KernelLine line)
    {
        if (line.IsOversized)
        {
            // The printed text itself could look like a field, so read the fields after the last "eventType".
            var eventType = EventTypeField().Matches(line.Tail!).LastOrDefault();
            var token = eventType == null ? null : TokenField().Match(line.Tail!, eventType.Index) is { Success: true } t ? t.Groups[1].Value : null;
            return new OversizedMessage(line.Bytes, eventType?.Groups[1].Value, token);
        }
        var text = line.Text;
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!text.StartsWith('{')) return new TextMessage(text);
        try
        {
            var envelope = KernelEventEnvelope.Deserialize(text);
            var kernelEvent = envelope.Event;
            return new EventMessage(kernelEvent, kernelEvent.Command?.GetOrCreateToken());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            // An event type this client does not know (a newer kernel): nothing a notebook shows.
            return null;
        }
    }

    // The tail of an envelope: ..."eventType":"StandardOutputValueProduced","command":{"token":"cell-3",...
    [GeneratedRegex("\"eventType\"\\s*:\\s*\"(\\w+)\"")]
    private static partial Regex EventTypeField();

    [GeneratedRegex("\"token\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
