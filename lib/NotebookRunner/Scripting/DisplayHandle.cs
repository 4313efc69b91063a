using Microsoft.AspNetCore.Html;
using NotebookRunner.Notebook;

namespace NotebookRunner.Scripting;

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

/// <summary>
/// The members a notebook cell can call without qualification, as in the Polyglot C# kernel. Lower-case
/// names match the kernel's so that the same notebooks run in VS Code and here.
/// </summary>
public sealed class ScriptGlobals
{
    readonly DisplaySurface surface;

    internal ScriptGlobals(DisplaySurface surface) => this.surface = surface;

    /// <summary>Shows a value below the cell and returns a handle whose <c>Update</c> replaces it.</summary>
    /// <param name="value">The value; formatted with Microsoft.DotNet.Interactive.Formatting.</param>
    /// <param name="mimeTypes">Mime types to show it in; by default the formatter's preferred ones.</param>
#pragma warning disable IDE1006 // lower case as in Polyglot Notebooks
    public DisplayHandle display(object? value, params string[] mimeTypes) => surface.Show(value, mimeTypes);

    /// <summary>Marks a string as HTML to be shown as is.</summary>
    public IHtmlContent HTML(string html) => new HtmlString(html);
#pragma warning restore IDE1006
}

/// <summary><c>x.Display()</c>, the extension-method form of <c>display(x)</c>.</summary>
public static class DisplayExtensions
{
    /// <summary>Shows the value below the running cell and returns a handle whose <c>Update</c> replaces it.</summary>
    public static DisplayHandle Display(this object? value, params string[] mimeTypes) =>
        (DisplaySurface.Current ?? throw new InvalidOperationException("Display() works only while the notebook runner runs a cell."))
            .Show(value, mimeTypes);
}
