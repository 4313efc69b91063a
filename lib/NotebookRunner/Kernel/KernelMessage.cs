using Microsoft.DotNet.Interactive.Events;

namespace NotebookRunner.Kernel;

/// <summary>Something the kernel process said on its standard output.</summary>
abstract record KernelMessage;

/// <summary>An event envelope.</summary>
/// <param name="Token">The token of the command the event belongs to ("cell-3", or "cell-3.1" for a command the cell's code started).</param>
sealed record EventMessage(KernelEvent Event, string? Token) : KernelMessage
{
    /// <summary>The token of the command the runner sent: the part before the first dot.</summary>
    public string? RootToken => Token?.Split('.')[0];
}

/// <summary>An event line too large to keep; its type and token come from the line's tail when they are there.</summary>
sealed record OversizedMessage(long Bytes, string? EventType, string? Token) : KernelMessage
{
    public string? RootToken => Token?.Split('.')[0];
}

/// <summary>
/// A line that is not an event: on standard output the kernel's first-run banner, an event of a type this
/// client does not know, or bytes a cell wrote to the file descriptor itself; on standard error whatever
/// the kernel process or native code in it printed there.
/// </summary>
/// <param name="IsStandardError">True for a line of the kernel's standard error.</param>
sealed record TextMessage(string Text, bool IsStandardError = false) : KernelMessage;
