using System.Runtime.InteropServices;
using NotebookRunner.Cli;

// Ctrl+C and SIGTERM stop the run the same way: the running cell is cancelled, its kernel ended, and the
// executed copy written with a note in that cell. A second Ctrl+C ends the runner at once.
using var cancellation = new CancellationTokenSource();
void Interrupt(PosixSignalContext context)
{
    if (cancellation.IsCancellationRequested) return;
    context.Cancel = true;
    cancellation.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Interrupt);
return await RunnerCommandLine.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
