using NotebookRunner.Cli;
using NotebookRunner.Worker;

// The runner starts itself again as a worker, one per notebook, so that a hung cell can be stopped.
if (args.Length > 0 && args[0] == WorkerProtocol.WorkerFlag) return await WorkerHost.RunAsync();

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await RunnerCommandLine.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
