using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace NotebookRunner.Html;

/// <summary>
/// What every page carries inline: its stylesheet, and for pages with formulas KaTeX (script, stylesheet
/// and woff2 fonts as data URIs, embedded in the runner at build time from the npm package, see
/// Html/Katex.targets) and the script that typesets them. Nothing is fetched when a page is opened.
/// </summary>
public static partial class PageAssets
{
    const string Prefix = "NotebookRunner.";

    static readonly Lazy<string> PageStyle = new(() => $"<style>\n{Text("Html.Assets.page.css")}</style>");
    static readonly Lazy<string> KatexStyle = new(() => $"<style>\n{InlineFonts(Text("Html.Katex.dist.katex.min.css"))}\n</style>");
    static readonly Lazy<string> KatexScript = new(() => LibraryScript("KaTeX", "Html.Katex.LICENSE", "Html.Katex.dist.katex.min.js"));
    static readonly Lazy<string> TypesetScript = new(() => $"<script>\n{Text("Html.Assets.typeset.js")}</script>");

    /// <summary>The page's own stylesheet, as a &lt;style&gt; element.</summary>
    public static string StyleElement => PageStyle.Value;

    /// <summary>KaTeX's stylesheet with its fonts inlined, as a &lt;style&gt; element.</summary>
    public static string MathStyleElement => KatexStyle.Value;

    /// <summary>KaTeX itself and the script that typesets the page's formulas, as &lt;script&gt; elements.</summary>
    public static string MathScriptElements => KatexScript.Value + "\n" + TypesetScript.Value;

    /// <summary>Opens a page: doctype, character set, viewport, generator and title; the caller adds its styles and closes the &lt;head&gt;.</summary>
    public static StringBuilder Head(StringBuilder page, string title) =>
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"NotebookRunner\">\n")
            .Append("<title>").Append(HtmlText.Encode(title)).Append("</title>\n");

    /// <summary>
    /// A script library from the runner's resources as an inline &lt;script&gt; element, its licence in a
    /// comment. Hiding define/exports/module makes a UMD header set its browser global (window.katex,
    /// window.Reveal) even when an output put RequireJS on the page, as GanCourse does for plotly.js.
    /// </summary>
    public static string LibraryScript(string name, string licenceResource, string sourceResource)
    {
        var licence = WithoutWebAddresses(Text(licenceResource)).Trim().Replace("*/", "* /");
        var source = WithoutWebAddresses(Text(sourceResource));
        if (source.Contains("</script", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{sourceResource} contains '</script' and cannot be inlined in a page.");
        return $"<script>\n/* {name}, embedded by NotebookRunner. " + licence + " */\n"
            + "(function (define, exports, module) {\n" + source + "\n}).call(window);\n</script>";
    }

    /// <summary>
    /// KaTeX names SVG and MathML namespaces in string literals; written as "http:\/\/" they keep their
    /// value, and a page can be checked for having no web address at all.
    /// </summary>
    public static string WithoutWebAddresses(string script) => WebAddress().Replace(script, "$1:\\/\\/");

    /// <summary>Each @font-face gets its woff2 file as a data URI instead of url(fonts/…) in three formats.</summary>
    static string InlineFonts(string css)
    {
        var inlined = FontSource().Replace(css, m =>
            $"src:url({DataUri.FromBytes("font/woff2", Bytes($"Html.Katex.dist.fonts.{m.Groups[1].Value}.woff2"))}) format(\"woff2\")");
        if (inlined.Contains("url(fonts/", StringComparison.Ordinal))
            throw new InvalidOperationException("katex.min.css has a font reference this runner does not inline; the pages would load fonts from beside them.");
        return inlined;
    }

    /// <summary>A text resource of the runner, named without the leading "NotebookRunner." ("Html.Assets.page.css").</summary>
    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    static byte[] Bytes(string name)
    {
        var assembly = typeof(PageAssets).Assembly;
        using var stream = assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no embedded resource {Prefix + name}; rebuild the runner (KaTeX and reveal.js are fetched by Html/NpmPackages.targets).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    [GeneratedRegex(@"src:url\(fonts/(KaTeX_[A-Za-z0-9_-]+)\.woff2\) format\(""woff2""\)(?:,url\([^)]*\) format\(""[a-z]+""\))*")]
    private static partial Regex FontSource();

    [GeneratedRegex("(https?)://", RegexOptions.IgnoreCase)]
    private static partial Regex WebAddress();
}
