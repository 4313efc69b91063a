using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;
using NotebookRunner.Kernel;
using NotebookRunner.Notebook;
using NotebookRunner.Planning;

namespace NotebookRunner.Running;

/// <summary>
/// Runs one planned notebook in its own .NET Interactive kernel, the way VS Code does: one
/// <c>SubmitCode</c> per cell, the next one only after the kernel reported the cell succeeded or failed,
/// and the events turned into the cell's outputs. Timeouts and interrupts send the kernel's Cancel
/// command, then end the kernel's whole process tree.
/// </summary>
sealed class NotebookExecution(NotebookPlan plan, RunnerOptions options, ProgressReporter progress, string manifestFolder)
{
    static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(60);
    /// <summary>How long a cancelled cell may take to end before the kernel is killed.</summary>
    static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(3);
    /// <summary>After the last cell: how long to collect late output before the kernel is ended.</summary>
    static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(3);

    enum Wake { Message, Deadline, KernelEnded, Interrupted }

    readonly NotebookRunResult result = new() { SourcePath = plan.SourcePath, Notebook = plan.Document, Parameters = plan.Applied };
    /// <summary>Starts with the notebook, so --timeout is a deadline on it.</summary>
    readonly Stopwatch clock = new();
    readonly OutputCollector outputs = new(options.MaxStreamChars);

    public async Task<NotebookRunResult> RunAsync(CancellationToken cancellation)
    {
        progress.NotebookStarted(plan);
        clock.Start();
        for (var restored = false; StartKernel() is { } kernel;)
        {
            bool ready;
            await using (kernel)
            {
                ready = await WaitForReadyAsync(kernel, cancellation);
                if (ready) await RunCellsAsync(kernel, cancellation);
                await QuitAsync(kernel);
            }
            // A fresh clone that has not restored the pinned tool yet: restore it once and start again.
            if (ready || restored || !KernelTool.NeedsRestore(kernel.StderrTail) || cancellation.IsCancellationRequested) break;
            restored = true;
            progress.Log($"the pinned kernel is not restored yet: running dotnet tool restore in {manifestFolder}");
            var (code, output) = await KernelTool.RestoreAsync(manifestFolder, cancellation);
            if (code != 0)
            {
                result.Failure = $"dotnet tool restore failed (exit code {code}): {output}";
                break;
            }
            result.Failure = null;
        }
        for (int i = result.Cells.Count; i < plan.Cells.Count; i++)
            result.Cells.Add(new CellRunResult(plan.Cells[i].Label, plan.Cells[i].SourceNumber, CellStatus.NotRun, TimeSpan.Zero, null));
        result.Elapsed = clock.Elapsed;
        return result;
    }

    KernelProcess? StartKernel()
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(plan.SourcePath))!;
        try
        {
            return KernelProcess.Start(KernelTool.StdioStartInfo(manifestFolder, folder));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            result.Failure = $"could not start the kernel ({DotnetHost.Path} interactive stdio): {e.Message}";
            return null;
        }
    }

    /// <summary>Waits for KernelReady; restores the pinned tool once when the SDK says it is missing.</summary>
    async Task<bool> WaitForReadyAsync(KernelProcess kernel, CancellationToken cancellation)
    {
        var nextHeartbeat = HeartbeatInterval;
        while (true)
        {
            var (message, wake) = await ReadAsync(kernel, Min(options.NotebookTimeout, nextHeartbeat), cancellation);
            switch (wake)
            {
                case Wake.Message when message is EventMessage { Event: KernelReady }:
                    result.Startup = clock.Elapsed;
                    return true;
                case Wake.Message:
                    continue;
                case Wake.Deadline when options.NotebookTimeout is not { } limit || clock.Elapsed < limit:
                    progress.Log($"... the kernel is still starting ({clock.Elapsed.TotalSeconds:0} s)");
                    nextHeartbeat += HeartbeatInterval;
                    continue;
                case Wake.Deadline:
                    result.Failure = $"the notebook exceeded --timeout {Seconds(options.NotebookTimeout)} while the kernel started";
                    return false;
                case Wake.Interrupted:
                    result.Failure = "the run was interrupted while the kernel started";
                    return false;
                default:
                    result.Failure = StartFailure(kernel);
                    return false;
            }
        }
    }

    string StartFailure(KernelProcess kernel)
    {
        var stderr = kernel.StderrTail;
        var why = stderr.Count == 0 ? "it printed nothing" : string.Join(" / ", stderr.Where(l => l.Trim().Length > 0).TakeLast(6));
        var hint = KernelTool.NeedsRestore(stderr) ? $"; run `dotnet tool restore` in {manifestFolder}" : "";
        return $"the kernel (dotnet interactive stdio) ended before it was ready (exit code {kernel.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}): {why}{hint}";
    }

    async Task RunCellsAsync(KernelProcess kernel, CancellationToken cancellation)
    {
        int executionCount = 0;
        foreach (var planned in plan.Cells)
        {
            var cell = planned.Cell;
            cell.ExecutionCount = ++executionCount;
            var token = "cell-" + executionCount.ToString(CultureInfo.InvariantCulture);
            outputs.Begin(token, cell, planned.Label);
            var started = clock.Elapsed;

            CellRunResult outcome;
            if (planned.RunsInBrowser)
            {
                cell.Outputs.Add(BrowserCell.Output(cell.Source));
                outcome = new CellRunResult(planned.Label, planned.SourceNumber, CellStatus.Succeeded, TimeSpan.Zero, null);
            }
            else
            {
                var command = new SubmitCode(cell.Source, planned.Kernel);
                command.SetToken(token);
                outcome = await kernel.SendAsync(command)
                    ? await AwaitCellAsync(kernel, planned, token, started, cancellation)
                    : Crashed(kernel, planned, started);
            }
            outputs.End(token);
            ReportPackageVersions(planned, token);
            result.Cells.Add(outcome);
            progress.CellFinished(plan, planned, outcome);

            var stop = outcome.Status is CellStatus.TimedOut or CellStatus.Crashed or CellStatus.Cancelled || (outcome.Failed && !options.AllowErrors);
            if (outcome.Failed && result.Failure == null && stop) result.Failure = $"{planned.Label} {Describe(outcome.Status)}";
            if (stop) return;
        }
    }

    async Task<CellRunResult> AwaitCellAsync(KernelProcess kernel, PlannedCell planned, string token, TimeSpan started, CancellationToken cancellation)
    {
        var cellDeadline = options.CellTimeout is { } limit ? started + limit : (TimeSpan?)null;
        var hardDeadline = Min(cellDeadline, options.NotebookTimeout);
        var nextHeartbeat = started + HeartbeatInterval;
        while (true)
        {
            var (message, wake) = await ReadAsync(kernel, Min(hardDeadline, nextHeartbeat), cancellation);
            switch (wake)
            {
                case Wake.Message:
                    if (Apply(message!, token) is { } completion) return Completed(completion, planned, token, started);
                    continue;
                // Timers may fire a little early, so tell a heartbeat from a real timeout by the clock.
                case Wake.Deadline when hardDeadline is not { } hard || clock.Elapsed < hard:
                    progress.StillRunning(planned, clock.Elapsed - started);
                    nextHeartbeat += HeartbeatInterval;
                    continue;
                case Wake.Deadline:
                    var byCell = cellDeadline != null && clock.Elapsed >= cellDeadline;
                    var why = byCell
                        ? $"{planned.Label} did not finish within --cell-timeout {Seconds(options.CellTimeout)}; the runner stopped the notebook"
                        : $"the notebook exceeded --timeout {Seconds(options.NotebookTimeout)} during {planned.Label}; the runner stopped it";
                    return await StopCellAsync(kernel, planned, token, started, CellStatus.TimedOut, "CellTimeoutError", why);
                case Wake.Interrupted:
                    var interrupted = $"the run was interrupted during {planned.Label}; the cells after it did not run";
                    return await StopCellAsync(kernel, planned, token, started, CellStatus.Cancelled, "RunInterrupted", interrupted);
                default:
                    // Standard output closes a moment before the process is gone: wait for its exit code.
                    await kernel.WaitForExitAsync(TimeSpan.FromSeconds(10));
                    return Crashed(kernel, planned, started);
            }
        }
    }

    /// <summary>Applies a message to the outputs; returns the cell's own completion event when this is it.</summary>
    KernelCommandCompletionEvent? Apply(KernelMessage message, string token)
    {
        switch (message)
        {
            case EventMessage { Event: KernelCommandCompletionEvent done } e when e.Token == token:
                return done;
            case EventMessage e:
                outputs.Apply(e);
                break;
            case OversizedMessage o:
                outputs.Apply(o);
                break;
            case TextMessage t:
                outputs.Apply(t);
                break;
        }
        return null;
    }

    CellRunResult Completed(KernelCommandCompletionEvent completion, PlannedCell planned, string token, TimeSpan started)
    {
        var duration = clock.Elapsed - started;
        if (completion is not CommandFailed failed)
            return new CellRunResult(planned.Label, planned.SourceNumber, CellStatus.Succeeded, duration, null);
        var lines = CompiledLines.Map(outputs.CompiledCode(token), planned.Cell.Source);
        var message = failed.Message ?? "the kernel reported a failure without a message";
        outputs.Failed(token, message);
        var (error, status) = KernelErrors.FromFailure(message, planned.Label, lines);
        planned.Cell.Outputs.Add(error);
        return new CellRunResult(planned.Label, planned.SourceNumber, status, duration, KernelErrors.Summary(error));
    }

    /// <summary>Cancels the running cell, gives it a moment to end, then ends the kernel: the notebook stops here.</summary>
    async Task<CellRunResult> StopCellAsync(KernelProcess kernel, PlannedCell planned, string token, TimeSpan started, CellStatus status, string errorName, string why)
    {
        await kernel.SendAsync(new Cancel());
        var grace = clock.Elapsed + CancelGrace;
        while (clock.Elapsed < grace)
        {
            var (message, wake) = await ReadAsync(kernel, grace, CancellationToken.None);
            if (wake != Wake.Message || Apply(message!, token) != null) break;
        }
        kernel.Kill();
        planned.Cell.Outputs.Add(new ErrorOutput(errorName, why, [why]));
        return new CellRunResult(planned.Label, planned.SourceNumber, status, clock.Elapsed - started, why);
    }

    CellRunResult Crashed(KernelProcess kernel, PlannedCell planned, TimeSpan started)
    {
        var crash = $"the kernel process ended (exit code {kernel.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}) during {planned.Label}";
        planned.Cell.Outputs.Add(new ErrorOutput("KernelCrashedError", crash, [crash, .. kernel.StderrTail]));
        return new CellRunResult(planned.Label, planned.SourceNumber, CellStatus.Crashed, clock.Elapsed - started, crash);
    }

    /// <summary>Asks the kernel to quit, collecting what background threads still print, briefly; then ends it.</summary>
    async Task QuitAsync(KernelProcess kernel)
    {
        if (kernel.ExitCode == null && await kernel.SendAsync(new Quit()))
        {
            var deadline = clock.Elapsed + QuitGrace;
            while (true)
            {
                var (message, wake) = await ReadAsync(kernel, deadline, CancellationToken.None);
                if (wake != Wake.Message) break;
                Apply(message!, token: "");
            }
        }
        await kernel.StopAsync(TimeSpan.Zero);
    }

    /// <summary>NuGet takes the nearest version it has when the one asked for is missing; say so.</summary>
    void ReportPackageVersions(PlannedCell planned, string token)
    {
        var restored = outputs.Packages(token);
        if (restored.Count == 0) return;
        foreach (var request in CellSource.Parse(planned.Cell.Source).Packages.Where(p => p.IsExact))
        {
            var got = restored.FirstOrDefault(p => string.Equals(p.Name, request.Name, StringComparison.OrdinalIgnoreCase));
            if (got.Version != null && !string.Equals(got.Version, request.Version, StringComparison.OrdinalIgnoreCase))
            {
                var warning = $"{planned.Label} asks for {request.Name} {request.Version}; the kernel restored {got.Version} instead";
                result.Warnings.Add(warning);
                progress.Warning(warning);
            }
        }
    }

    /// <summary>Reads the next message, or says why none came: a deadline (on the notebook's clock), the kernel's end, an interrupt.</summary>
    async Task<(KernelMessage? Message, Wake Why)> ReadAsync(KernelProcess kernel, TimeSpan? deadline, CancellationToken cancellation)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (deadline is { } d) timer.CancelAfter(d - clock.Elapsed > TimeSpan.Zero ? d - clock.Elapsed : TimeSpan.Zero);
        try
        {
            return (await kernel.Messages.ReadAsync(timer.Token), Wake.Message);
        }
        catch (ChannelClosedException)
        {
            return (null, Wake.KernelEnded);
        }
        catch (OperationCanceledException)
        {
            return (null, cancellation.IsCancellationRequested ? Wake.Interrupted : Wake.Deadline);
        }
    }

    static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a == null ? b : b == null ? a : a < b ? a : b;

    static string Seconds(TimeSpan? time) => time is { } t ? t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : "";

    static string Describe(CellStatus status) => status switch
    {
        CellStatus.CompileError => "did not compile",
        CellStatus.RuntimeError => "threw an exception",
        CellStatus.SetupError => "could not restore its packages",
        CellStatus.TimedOut => "timed out",
        CellStatus.Crashed => "crashed the kernel",
        CellStatus.Cancelled => "was interrupted",
        _ => "failed",
    };
}
