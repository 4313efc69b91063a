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
    const string Prefix = "NotebookRunner.Html.";

    static readonly Lazy<string> PageStyle = new(() => $"<style>\n{Text("Assets.page.css")}</style>");
    static readonly Lazy<string> KatexStyle = new(() => $"<style>\n{InlineFonts(Text("Katex.dist.katex.min.css"))}\n</style>");
    static readonly Lazy<string> KatexScript = new(BuildKatexScript);
    static readonly Lazy<string> TypesetScript = new(() => $"<script>\n{Text("Assets.typeset.js")}</script>");

    /// <summary>The page's own stylesheet, as a &lt;style&gt; element.</summary>
    public static string StyleElement => PageStyle.Value;

    /// <summary>KaTeX's stylesheet with its fonts inlined, as a &lt;style&gt; element.</summary>
    public static string MathStyleElement => KatexStyle.Value;

    /// <summary>KaTeX itself and the script that typesets the page's formulas, as &lt;script&gt; elements.</summary>
    public static string MathScriptElements => KatexScript.Value + "\n" + TypesetScript.Value;

    static string BuildKatexScript()
    {
        var licence = Text("Katex.LICENSE").Trim().Replace("*/", "* /");
        var source = WithoutWebAddresses(Text("Katex.dist.katex.min.js"));
        if (source.Contains("</script", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("katex.min.js contains '</script' and cannot be inlined in a page.");
        // As in GanCourse's plotly.js: hiding define/exports/module makes the UMD header set window.katex
        // even when an output put RequireJS on the page.
        return "<script>\n/* KaTeX, embedded by NotebookRunner. " + licence + " */\n"
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
            $"src:url({DataUri.FromBytes("font/woff2", Bytes($"Katex.dist.fonts.{m.Groups[1].Value}.woff2"))}) format(\"woff2\")");
        if (inlined.Contains("url(fonts/", StringComparison.Ordinal))
            throw new InvalidOperationException("katex.min.css has a font reference this runner does not inline; the pages would load fonts from beside them.");
        return inlined;
    }

    static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    static byte[] Bytes(string name)
    {
        var assembly = typeof(PageAssets).Assembly;
        using var stream = assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no embedded resource {Prefix + name}; rebuild the runner (KaTeX is fetched by Html/Katex.targets).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    [GeneratedRegex(@"src:url\(fonts/(KaTeX_[A-Za-z0-9_-]+)\.woff2\) format\(""woff2""\)(?:,url\([^)]*\) format\(""[a-z]+""\))*")]
    private static partial Regex FontSource();

    [GeneratedRegex("(https?)://", RegexOptions.IgnoreCase)]
    private static partial Regex WebAddress();
}
