using Microsoft.AspNetCore.Html;

// What notebook cells see: every cell imports this namespace, so it holds nothing else.
namespace NotebookRunner.Display;

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
