using System.Diagnostics;
using System.Threading.Channels;
using NotebookRunner.Processes;
using NotebookRunner.Scripting;

namespace NotebookRunner.Worker;

/// <summary>Something the worker process said: a kernel event, or plain text on its stdout/stderr.</summary>
abstract record WorkerMessage;

sealed record WorkerEventMessage(KernelEvent Event) : WorkerMessage;

/// <param name="Stream">stdout or stderr.</param>
sealed record WorkerTextMessage(string Stream, string Text) : WorkerMessage;

/// <summary>
/// The parent side of one worker process, which runs one notebook. Killing the process is the only
/// reliable way to stop a cell that hangs (a tight loop cannot be cancelled), hence a process per notebook.
/// </summary>
sealed class WorkerClient : IAsyncDisposable
{
    const int StderrTailLines = 30;

    readonly Process process;
    readonly Channel<WorkerMessage> messages = Channel.CreateUnbounded<WorkerMessage>();
    readonly Queue<string> stderrTail = new();
    readonly Task readers;

    WorkerClient(Process process)
    {
        this.process = process;
        readers = Task.WhenAll(ReadStdoutAsync(), ReadStderrAsync())
            .ContinueWith(_ => messages.Writer.TryComplete(), TaskScheduler.Default);
    }

    /// <summary>Starts a worker whose working directory is the notebook's folder.</summary>
    public static WorkerClient Start(string workingDirectory)
    {
        // The runner's runtimeconfig and deps files sit next to its assembly, also where tests copy it.
        var entry = typeof(WorkerClient).Assembly.Location;
        var info = DotnetHost.StartInfo(DotnetHost.Path, workingDirectory, [entry, WorkerProtocol.WorkerFlag]);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the worker process");
        return new WorkerClient(process);
    }

    /// <summary>The exit code once the process has ended (its output can close a moment before), else null.</summary>
    public int? ExitCode => process.WaitForExit(TimeSpan.FromSeconds(5)) ? process.ExitCode : null;

    /// <summary>The last lines the worker wrote to stderr, for reporting a crash.</summary>
    public IReadOnlyList<string> StderrTail
    {
        get
        {
            lock (stderrTail) return [.. stderrTail];
        }
    }

    public async Task SendAsync(RunCellCommand command)
    {
        try
        {
            await process.StandardInput.WriteLineAsync(WorkerProtocol.EncodeCommand(command));
            await process.StandardInput.FlushAsync();
        }
        catch (IOException)
        {
            // The worker died between cells; reading its output reports that as a crash.
        }
    }

    /// <summary>Tells the worker that no more cells come; it exits after the current one.</summary>
    public void CloseInput()
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }
    }

    /// <summary>The next message; null once the worker has exited and everything it wrote was read.</summary>
    /// <exception cref="OperationCanceledException">Nothing arrived before <paramref name="cancellation"/> fired.</exception>
    public async Task<WorkerMessage?> ReadAsync(CancellationToken cancellation)
    {
        if (await messages.Reader.WaitToReadAsync(cancellation) && messages.Reader.TryRead(out var message)) return message;
        return null;
    }

    public void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    async Task ReadStdoutAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var (text, kernelEvent) = WorkerProtocol.DecodeLine(line);
            if (kernelEvent == null) await messages.Writer.WriteAsync(new WorkerTextMessage("stdout", text + "\n"));
            else
            {
                if (text.Length > 0) await messages.Writer.WriteAsync(new WorkerTextMessage("stdout", text));
                await messages.Writer.WriteAsync(new WorkerEventMessage(kernelEvent));
            }
        }
    }

    async Task ReadStderrAsync()
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            lock (stderrTail)
            {
                stderrTail.Enqueue(line);
                if (stderrTail.Count > StderrTailLines) stderrTail.Dequeue();
            }
            await messages.Writer.WriteAsync(new WorkerTextMessage("stderr", line + "\n"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        CloseInput();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10))) Kill();
        await process.WaitForExitAsync();
        await readers;
        process.Dispose();
    }
}
