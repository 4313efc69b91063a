using System.Reflection;
using GanCourse.Charts;
using Microsoft.DotNet.Interactive.Formatting;
using GenericChart = Plotly.NET.GenericChart;

namespace GanCourse.Notebook;

/// <summary>
/// Teaches Microsoft.DotNet.Interactive.Formatting how to show the course's values: charts (the course's
/// and any Plotly.NET chart) as text/html, images as image/png with a text/html fallback, progress lines
/// as a bar. The .NET Interactive kernel, which Polyglot Notebooks, Jupyter and the course's runner all
/// use, asks that Formatter for a value's preferred MIME types and their text.
/// </summary>
/// <remarks>
/// API used, and why it is safe: <c>Formatter.Register&lt;T&gt;(Action&lt;T, TextWriter&gt;, string mimeType)</c>,
/// <c>Formatter.SetPreferredMimeTypesFor(Type, params string[])</c>,
/// <c>Formatter.GetPreferredMimeTypesFor(Type)</c> (returns <c>IReadOnlyCollection&lt;string&gt;</c>),
/// <c>Formatter.RegisteredFormatters(bool includeDefaults)</c> and <c>ITypeFormatter.Type</c>/<c>.MimeType</c>.
/// All of them have the same signatures in the package this project compiles against
/// (1.0.0-beta.26120.1, the version the pinned kernel loads) and in the newest dotnet/interactive source of
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

            Formatter.Register<ProgressLine>((line, writer) => writer.Write(line.ToHtml()), Html);
            Formatter.Register<ProgressLine>((line, writer) => writer.Write(line.ToString()), PlainText);
            Formatter.SetPreferredMimeTypesFor(typeof(ProgressLine), Html, PlainText);

            // Any Plotly.NET chart a cell returns draws offline like the course's own. A chart's runtime
            // type is one of GenericChart's union cases; a formatter for the more specific type wins over
            // one for GenericChart itself, such as Plotly.NET.Interactive's (which loads plotly.js from a CDN),
            // whichever was registered last.
            foreach (var chartType in GenericChartTypes)
            {
                Formatter.Register(chartType, (chart, writer) => writer.Write(new Figure((GenericChart)chart, ChartTitle((GenericChart)chart)).ToHtml()), Html);
                Formatter.SetPreferredMimeTypesFor(chartType, Html);
            }
            return true;
        }
    }

    /// <summary>The runtime types of Plotly.NET charts: the union cases of GenericChart (Chart, MultiChart).</summary>
    internal static IReadOnlyList<Type> GenericChartTypes { get; } =
        typeof(GenericChart).GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Where(t => t.IsSubclassOf(typeof(GenericChart))).ToList();

    /// <summary>True when the course's formatters are registered and preferred right now.</summary>
    public static bool IsRegistered() =>
        Has(typeof(Figure), Html) && Has(typeof(PngImage), Png) && Has(typeof(PngImage), Html) && Has(typeof(SetupReport), PlainText) && Has(typeof(TextTable), Html)
        && Has(typeof(ProgressLine), Html) && GenericChartTypes.All(t => Has(t, Html))
        && Formatter.GetPreferredMimeTypesFor(typeof(Figure)).SequenceEqual([Html])
        && Formatter.GetPreferredMimeTypesFor(typeof(PngImage)).Order().SequenceEqual([Png, Html]);

    /// <summary>The chart's title from its layout, for the text shown where JavaScript does not run.</summary>
    static string ChartTitle(GenericChart chart)
    {
        var title = System.Text.Json.Nodes.JsonNode.Parse(GenericChart.toFigureJson(chart))?["layout"]?["title"];
        var text = title is System.Text.Json.Nodes.JsonObject ? title["text"] : title;
        return text is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : "Chart";
    }

    static bool Has(Type type, string mimeType) =>
        Formatter.RegisteredFormatters(includeDefaults: false).Any(f => f.Type == type && f.MimeType == mimeType);
}
