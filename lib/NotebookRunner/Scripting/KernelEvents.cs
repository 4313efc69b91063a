using System.Text.Json.Serialization;
using NotebookRunner.Notebook;

namespace NotebookRunner.Scripting;

/// <summary>How a cell ended.</summary>
public enum CellStatus
{
    /// <summary>The cell did not run (an earlier cell failed, or it is empty).</summary>
    NotRun,
    Succeeded,
    /// <summary>Roslyn reported errors; nothing ran.</summary>
    CompileError,
    /// <summary>The code threw.</summary>
    RuntimeError,
    /// <summary>A directive failed: NuGet restore, a missing #r assembly, ...</summary>
    SetupError,
    /// <summary>Stopped by --cell-timeout or --timeout.</summary>
    TimedOut,
    /// <summary>The process running the notebook died (native crash, Environment.Exit, ...).</summary>
    Crashed,
}

/// <summary>Something a kernel reports while it runs cells; also the messages of the worker protocol.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "event")]
[JsonDerivedType(typeof(OutputEvent), "output")]
[JsonDerivedType(typeof(DisplayUpdateEvent), "update")]
[JsonDerivedType(typeof(LogEvent), "log")]
[JsonDerivedType(typeof(CellDoneEvent), "done")]
[JsonDerivedType(typeof(ReadyEvent), "ready")]
public abstract record KernelEvent;

/// <summary>A new output of the running cell.</summary>
public sealed record OutputEvent(CellOutput Output) : KernelEvent;

/// <summary>`handle.Update(y)`: replace the display output with this id, wherever it is.</summary>
public sealed record DisplayUpdateEvent(string DisplayId, MimeBundle Data) : KernelEvent;

/// <summary>A progress line for the person watching the run (restores, ...); not part of the notebook.</summary>
public sealed record LogEvent(string Message) : KernelEvent;

/// <summary>The cell finished.</summary>
/// <param name="Summary">One line for progress output when the cell failed.</param>
public sealed record CellDoneEvent(CellStatus Status, double CompileMilliseconds, double RunMilliseconds, string? Summary) : KernelEvent;

/// <summary>The worker process is ready for its first cell.</summary>
public sealed record ReadyEvent : KernelEvent;

/// <summary>Receives kernel events; implementations must accept calls from any thread (one at a time).</summary>
public interface IKernelEventSink
{
    void Emit(KernelEvent kernelEvent);
}
