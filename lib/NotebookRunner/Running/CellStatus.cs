namespace NotebookRunner.Running;

/// <summary>How a cell ended.</summary>
public enum CellStatus
{
    /// <summary>The cell did not run (an earlier cell failed, or the run stopped).</summary>
    NotRun,
    Succeeded,
    /// <summary>The compiler reported errors; nothing ran.</summary>
    CompileError,
    /// <summary>The code threw, or the kernel reported another failure.</summary>
    RuntimeError,
    /// <summary>A <c>#r "nuget: ..."</c> restore failed.</summary>
    SetupError,
    /// <summary>Stopped by --cell-timeout or --timeout.</summary>
    TimedOut,
    /// <summary>The kernel process ended while the cell ran (native crash, Environment.Exit, ...).</summary>
    Crashed,
    /// <summary>The run was interrupted (Ctrl+C, SIGTERM) while the cell ran.</summary>
    Cancelled,
}
