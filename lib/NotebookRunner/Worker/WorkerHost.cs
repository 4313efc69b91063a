using System.Text;
using System.Threading.Channels;
using NotebookRunner.Scripting;

namespace NotebookRunner.Worker;

/// <summary>The child-process side: runs the cells its parent sends, in one kernel, and reports events.</summary>
static class WorkerHost
{
    public static async Task<int> RunAsync()
    {
        var protocol = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
        var sink = new ProtocolSink(protocol);
        var commands = Channel.CreateUnbounded<string>();
        var busy = 0;
        _ = Task.Run(async () =>
        {
            using var input = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
            while (await input.ReadLineAsync() is { } line) await commands.Writer.WriteAsync(line);
            commands.Writer.Complete();
            // The parent closed our input in the middle of a cell: it is gone (or gave up), so stop now.
            if (Volatile.Read(ref busy) == 1) Environment.Exit(3);
        });

        using (var kernel = new CSharpKernel(new KernelSettings(Environment.CurrentDirectory), sink))
        {
            sink.Emit(new ReadyEvent());
            await foreach (var line in commands.Reader.ReadAllAsync())
            {
                var command = WorkerProtocol.DecodeCommand(line);
                Volatile.Write(ref busy, 1);
                var outcome = await kernel.RunCellAsync(command.ExecutionCount, command.Label, command.Source);
                Volatile.Write(ref busy, 0);
                sink.Emit(new CellDoneEvent(outcome.Status, outcome.CompileTime.TotalMilliseconds, outcome.RunTime.TotalMilliseconds, outcome.Summary));
            }
        }
        protocol.Flush();
        // Threads a notebook started may still run; the notebook is over, so they end with the process.
        Environment.Exit(0);
        return 0;
    }

    sealed class ProtocolSink(StreamWriter writer) : IKernelEventSink
    {
        readonly Lock gate = new();

        public void Emit(KernelEvent kernelEvent)
        {
            var line = WorkerProtocol.EncodeEvent(kernelEvent);
            lock (gate)
            {
                writer.Write(line);
                writer.Write('\n');
                writer.Flush();
            }
        }
    }
}
