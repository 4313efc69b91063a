using GanCourse.Charts;
using Microsoft.DotNet.Interactive.Formatting;

namespace GanCourse.Notebook;

/// <summary>
/// Teaches Microsoft.DotNet.Interactive.Formatting how to show the course's values: charts as
/// text/html, images as image/png with a text/html fallback. Polyglot Notebooks and the course's
/// headless runner both ask that Formatter for a value's preferred MIME types and their text.
/// </summary>
/// <remarks>
/// API used, and why it is safe: <c>Formatter.Register&lt;T&gt;(Action&lt;T, TextWriter&gt;, string mimeType)</c>,
/// <c>Formatter.SetPreferredMimeTypesFor(Type, params string[])</c>,
/// <c>Formatter.GetPreferredMimeTypesFor(Type)</c> (returns <c>IReadOnlyCollection&lt;string&gt;</c>),
/// <c>Formatter.RegisteredFormatters(bool includeDefaults)</c> and <c>ITypeFormatter.Type</c>/<c>.MimeType</c>.
/// All of them have the same signatures in the package this project compiles against
/// (1.0.0-beta.23562.1) and in the newest dotnet/interactive source of
/// src/Microsoft.DotNet.Interactive.Formatting/Formatter.cs and ITypeFormatter.cs (checked when this
/// was written). That matters because inside Polyglot Notebooks the kernel's own, newer copy of the
/// assembly is the one loaded, so this library runs against it. Deliberately not used: the
/// FormatContext-based <c>FormatDelegate</c> overloads and <c>TypeFormatterSourceAttribute</c>, whose
/// shapes changed between releases.
/// </remarks>
public static class NotebookDisplay
{
    /// <summary>MIME type of HTML outputs.</summary>
    public const string Html = "text/html";

    /// <summary>MIME type of PNG outputs (base64 text in notebooks).</summary>
    public const string Png = "image/png";

    /// <summary>MIME type of plain-text outputs.</summary>
    public const string PlainText = "text/plain";

    static readonly Lock Gate = new();

    /// <summary>
    /// Registers the formatters unless they are already in place; returns true when it registered them.
    /// Safe to call repeatedly, and it registers again after <c>Formatter.ResetToDefault()</c>.
    /// </summary>
    public static bool Register()
    {
        lock (Gate)
        {
            if (IsRegistered()) return false;

            Formatter.Register<Figure>((figure, writer) => writer.Write(figure.ToHtml()), Html);
            Formatter.Register<Figure>((figure, writer) => writer.Write(figure.ToString()), PlainText);
            Formatter.SetPreferredMimeTypesFor(typeof(Figure), Html);

            Formatter.Register<PngImage>((image, writer) => writer.Write(image.ToBase64()), Png);
            Formatter.Register<PngImage>((image, writer) => writer.Write(image.ToHtml()), Html);
            Formatter.Register<PngImage>((image, writer) => writer.Write(image.ToString()), PlainText);
            Formatter.SetPreferredMimeTypesFor(typeof(PngImage), Png, Html);

            Formatter.Register<TextTable>((table, writer) => writer.Write(table.ToHtml()), Html);
            Formatter.Register<TextTable>((table, writer) => writer.Write(table.ToString()), PlainText);
            Formatter.SetPreferredMimeTypesFor(typeof(TextTable), Html);

            Formatter.Register<SetupReport>((report, writer) => writer.Write(report.ToString()), PlainText);
            Formatter.SetPreferredMimeTypesFor(typeof(SetupReport), PlainText);
            return true;
        }
    }

    /// <summary>True when the course's formatters are registered and preferred right now.</summary>
    public static bool IsRegistered() =>
        Has(typeof(Figure), Html) && Has(typeof(PngImage), Png) && Has(typeof(PngImage), Html) && Has(typeof(SetupReport), PlainText) && Has(typeof(TextTable), Html)
        && Formatter.GetPreferredMimeTypesFor(typeof(Figure)).SequenceEqual([Html])
        && Formatter.GetPreferredMimeTypesFor(typeof(PngImage)).Order().SequenceEqual([Png, Html]);

    static bool Has(Type type, string mimeType) =>
        Formatter.RegisteredFormatters(includeDefaults: false).Any(f => f.Type == type && f.MimeType == mimeType);
}
