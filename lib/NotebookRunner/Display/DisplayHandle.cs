using NotebookRunner.Notebook;
using NotebookRunner.Scripting;

// What notebook cells see: every cell imports this namespace, so it holds nothing else.
namespace NotebookRunner.Display;

/// <summary>A value shown with <c>display(x)</c>; <see cref="Update"/> replaces what is shown.</summary>
public sealed class DisplayHandle
{
    readonly DisplaySurface surface;
    readonly string[] mimeTypes;

    internal DisplayHandle(DisplaySurface surface, string id, string[] mimeTypes)
    {
        this.surface = surface;
        this.mimeTypes = mimeTypes;
        DisplayId = id;
    }

    /// <summary>Identifies the output in the notebook.</summary>
    public string DisplayId { get; }

    /// <summary>Shows <paramref name="value"/> in place of the earlier value (in the same mime types, if any were asked for).</summary>
    public void Update(object? value) => surface.Update(DisplayId, value, mimeTypes);

    public override string ToString() => $"display {DisplayId}";
}

/// <summary>Where <c>display</c> calls land: the kernel's output channel.</summary>
sealed class DisplaySurface(OutputChannel channel)
{
    int lastId;

    /// <summary>The surface of the kernel that is running, for the <see cref="DisplayExtensions.Display"/> extension method.</summary>
    public static DisplaySurface? Current { get; set; }

    public DisplayHandle Show(object? value, string[] mimeTypes)
    {
        var id = $"display-{Interlocked.Increment(ref lastId)}";
        channel.Emit(new OutputEvent(new DisplayOutput(ValueFormatter.Format(value, mimeTypes), id)));
        return new DisplayHandle(this, id, mimeTypes);
    }

    public void Update(string id, object? value, string[] mimeTypes) =>
        channel.Emit(new DisplayUpdateEvent(id, ValueFormatter.Format(value, mimeTypes)));
}
