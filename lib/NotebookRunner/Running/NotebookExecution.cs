using System.Diagnostics;
using System.Globalization;
using NotebookRunner.Notebook;
using NotebookRunner.Planning;
using NotebookRunner.Scripting;
using NotebookRunner.Worker;

namespace NotebookRunner.Running;

/// <summary>Runs one planned notebook in its own worker process and fills in the executed copy.</summary>
sealed class NotebookExecution(NotebookPlan plan, RunnerOptions options, ProgressReporter progress)
{
    static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(60);
    static readonly TimeSpan LateOutputWait = TimeSpan.FromSeconds(5);

    readonly NotebookRunResult result = new() { SourcePath = plan.SourcePath, Notebook = plan.Document };
    /// <summary>Starts with the notebook, so --timeout is a deadline on it.</summary>
    readonly Stopwatch clock = new();
    NotebookCell? currentCell;

    public async Task<NotebookRunResult> RunAsync(CancellationToken cancellation)
    {
        progress.NotebookStarted(plan);
        clock.Start();
        var folder = Path.GetDirectoryName(Path.GetFullPath(plan.SourcePath))!;
        await using (var worker = WorkerClient.Start(folder))
        {
            try
            {
                if (await WaitForReadyAsync(worker, cancellation)) await RunCellsAsync(worker, cancellation);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                worker.Kill();
                result.Failure = "cancelled";
            }
            worker.CloseInput();
            await DrainAsync(worker);
        }
        for (int i = result.Cells.Count; i < plan.Cells.Count; i++)
            result.Cells.Add(new CellRunResult(plan.Cells[i].Label, plan.Cells[i].SourceNumber, CellStatus.NotRun, TimeSpan.Zero, TimeSpan.Zero, null));
        result.Elapsed = clock.Elapsed;
        return result;
    }

    async Task<bool> WaitForReadyAsync(WorkerClient worker, CancellationToken cancellation)
    {
        while (true)
        {
            var (message, timedOut) = await ReadAsync(worker, options.NotebookTimeout, cancellation);
            switch (message)
            {
                case WorkerEventMessage { Event: ReadyEvent }:
                    result.Startup = clock.Elapsed;
                    return true;
                case WorkerTextMessage:
                    continue;
                case null when timedOut:
                    worker.Kill();
                    result.Failure = $"the notebook exceeded --timeout {Seconds(options.NotebookTimeout)} while starting";
                    return false;
                case null:
                    result.Failure = "the worker process did not start: " + string.Join(" / ", worker.StderrTail.TakeLast(5));
                    return false;
            }
        }
    }

    async Task RunCellsAsync(WorkerClient worker, CancellationToken cancellation)
    {
        int executionCount = 0;
        foreach (var planned in plan.Cells)
        {
            var cell = planned.Cell;
            cell.ExecutionCount = ++executionCount;
            currentCell = cell;
            var started = clock.Elapsed;
            await worker.SendAsync(new RunCellCommand(executionCount, planned.Label, cell.Source));

            var cellDeadline = options.CellTimeout is { } limit ? started + limit : (TimeSpan?)null;
            var outcome = await AwaitCellAsync(worker, planned, started, cellDeadline, cancellation);
            result.Cells.Add(outcome);
            progress.CellFinished(plan, planned, outcome);

            var stop = outcome.Status is CellStatus.TimedOut or CellStatus.Crashed || (outcome.Failed && !options.AllowErrors);
            if (outcome.Failed && result.Failure == null && stop) result.Failure = $"{planned.Label} {Describe(outcome.Status)}";
            if (stop) return;
        }
    }

    async Task<CellRunResult> AwaitCellAsync(WorkerClient worker, PlannedCell planned, TimeSpan started, TimeSpan? cellDeadline, CancellationToken cancellation)
    {
        var nextHeartbeat = started + HeartbeatInterval;
        while (true)
        {
            var notebookDeadline = options.NotebookTimeout;
            var deadline = Min(Min(cellDeadline, notebookDeadline), nextHeartbeat);
            var (message, timedOut) = await ReadAsync(worker, deadline, cancellation);
            switch (message)
            {
                case WorkerEventMessage { Event: CellDoneEvent done }:
                    return new CellRunResult(planned.Label, planned.SourceNumber, done.Status, clock.Elapsed - started,
                        TimeSpan.FromMilliseconds(done.CompileMilliseconds), done.Summary);
                case not null:
                    Apply(message);
                    continue;
            }
            // Timers may fire a little early, so tell a heartbeat from a real timeout by which deadline was set.
            var hardDeadline = Min(cellDeadline, notebookDeadline);
            if (timedOut && (hardDeadline == null || nextHeartbeat < hardDeadline))
            {
                progress.StillRunning(planned, clock.Elapsed - started);
                nextHeartbeat += HeartbeatInterval;
                continue;
            }

            var duration = clock.Elapsed - started;
            if (timedOut)
            {
                worker.Kill();
                var byCell = cellDeadline != null && clock.Elapsed >= cellDeadline;
                var why = byCell
                    ? $"{planned.Label} did not finish within --cell-timeout {Seconds(options.CellTimeout)}; the runner stopped the notebook"
                    : $"the notebook exceeded --timeout {Seconds(options.NotebookTimeout)} during {planned.Label}; the runner stopped it";
                planned.Cell.Outputs.Add(new ErrorOutput("CellTimeoutError", why, [why]));
                return new CellRunResult(planned.Label, planned.SourceNumber, CellStatus.TimedOut, duration, TimeSpan.Zero, why);
            }

            var crash = $"the process running the notebook ended (exit code {worker.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"}) during {planned.Label}";
            planned.Cell.Outputs.Add(new ErrorOutput("WorkerCrashedError", crash, [crash, .. worker.StderrTail]));
            return new CellRunResult(planned.Label, planned.SourceNumber, CellStatus.Crashed, duration, TimeSpan.Zero, crash);
        }
    }

    /// <summary>After the last cell, collect what background threads still print, briefly.</summary>
    async Task DrainAsync(WorkerClient worker)
    {
        var deadline = clock.Elapsed + LateOutputWait;
        while (true)
        {
            var (message, timedOut) = await ReadAsync(worker, deadline, CancellationToken.None);
            if (message == null)
            {
                if (timedOut) worker.Kill();
                return;
            }
            Apply(message);
        }
    }

    /// <summary>Adds what the worker reported to the notebook.</summary>
    void Apply(WorkerMessage message)
    {
        switch (message)
        {
            case WorkerEventMessage { Event: OutputEvent { Output: var output } }:
                if (currentCell != null) Append(currentCell, output);
                break;
            case WorkerEventMessage { Event: DisplayUpdateEvent update }:
                ReplaceDisplay(update);
                break;
            case WorkerEventMessage { Event: LogEvent log }:
                progress.Log(log.Message);
                break;
            case WorkerTextMessage text:
                if (currentCell != null) Append(currentCell, new StreamOutput(text.Stream, text.Text));
                break;
        }
    }

    /// <summary>Consecutive writes to the same stream form one output, as in Jupyter.</summary>
    static void Append(NotebookCell cell, CellOutput output)
    {
        if (output is StreamOutput stream && cell.Outputs.Count > 0 && cell.Outputs[^1] is StreamOutput last && last.Name == stream.Name)
            cell.Outputs[^1] = last with { Text = last.Text + stream.Text };
        else
            cell.Outputs.Add(output);
    }

    /// <summary>`Update` replaces the displayed value in place, even when an earlier cell displayed it.</summary>
    void ReplaceDisplay(DisplayUpdateEvent update)
    {
        foreach (var cell in plan.Document.Cells)
        {
            for (int i = 0; i < cell.Outputs.Count; i++)
            {
                if (cell.Outputs[i] is DisplayOutput display && display.DisplayId == update.DisplayId)
                {
                    cell.Outputs[i] = display with { Data = update.Data };
                    return;
                }
            }
        }
    }

    /// <summary>Reads the next message, or reports that the deadline (on the notebook's clock) passed.</summary>
    async Task<(WorkerMessage? Message, bool TimedOut)> ReadAsync(WorkerClient worker, TimeSpan? deadline, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (deadline is { } d) timeout.CancelAfter(d - clock.Elapsed > TimeSpan.Zero ? d - clock.Elapsed : TimeSpan.Zero);
        try
        {
            return (await worker.ReadAsync(timeout.Token), false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return (null, true);
        }
    }

    static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a == null ? b : b == null ? a : a < b ? a : b;

    static string Seconds(TimeSpan? time) => time is { } t ? t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : "";

    static string Describe(CellStatus status) => status switch
    {
        CellStatus.CompileError => "did not compile",
        CellStatus.RuntimeError => "threw an exception",
        CellStatus.SetupError => "could not set up its references",
        CellStatus.TimedOut => "timed out",
        CellStatus.Crashed => "crashed the notebook's process",
        _ => "failed",
    };
}
