using Microsoft.DotNet.Interactive.Formatting;
using NotebookRunner.Notebook;

namespace NotebookRunner.Scripting;

/// <summary>Turns values into mime bundles the way the Polyglot C# kernel does.</summary>
static class ValueFormatter
{
    /// <summary>
    /// Formats <paramref name="value"/> in the requested mime types, or else in every type the formatter
    /// prefers for it: text/html for most objects, text/plain for strings, and whatever user code asked for
    /// with Formatter.SetPreferredMimeTypesFor (an image type may ask for image/png plus text/html).
    /// </summary>
    public static MimeBundle Format(object? value, IReadOnlyCollection<string> mimeTypes)
    {
        var types = mimeTypes.Count > 0 ? mimeTypes : Formatter.GetPreferredMimeTypesFor(value?.GetType());
        return new MimeBundle(types.Distinct().Select(mime => new KeyValuePair<string, string>(mime, value.ToDisplayString(mime))));
    }
}
