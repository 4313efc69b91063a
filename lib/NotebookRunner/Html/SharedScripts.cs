using System.Text;

namespace NotebookRunner.Html;

/// <summary>
/// Emits each large script library once per page. Notebook outputs may each carry the same library
/// (a charting library, embedded once per output or again after a re-run); the page keeps a single copy.
/// </summary>
/// <remarks>
/// The rule is generic: an inline <c>&lt;script&gt;</c> element of at least <see cref="MinimumLength"/>
/// characters that occurs more than once, identical in attributes and content, is moved into the page's
/// <c>&lt;head&gt;</c> once and removed from the body. Small scripts (a chart's drawing code) always stay
/// where they are, and so does a large script that occurs only once: it already runs exactly once, in the
/// same order as in the notebook.
/// </remarks>
public static class SharedScripts
{
    /// <summary>Scripts this long are libraries, not per-output code (32 KiB; plotly.js is 3.6 MB).</summary>
    public const int MinimumLength = 32 * 1024;

    /// <summary>The body without the repeated large scripts, and those scripts, one copy each in first-seen order.</summary>
    public static (string Body, IReadOnlyList<string> Head) Extract(string body)
    {
        var scripts = ScriptElements.Find(body).Where(s => s.Length >= MinimumLength).ToList();
        var repeated = scripts.GroupBy(s => body.Substring(s.Start, s.Length), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToList();
        if (repeated.Count == 0) return (body, []);

        var head = repeated.OrderBy(g => g.First().Start).Select(g => g.Key).ToList();
        return (ScriptElements.Remove(body, repeated.SelectMany(g => g)), head);
    }
}

/// <summary>An element's place in a text: where it starts and how many characters it has.</summary>
public readonly record struct TextRange(int Start, int Length);

/// <summary>Finds &lt;script&gt; elements in HTML text, as a browser's parser delimits them.</summary>
public static class ScriptElements
{
    /// <summary>
    /// Each &lt;script …&gt;…&lt;/script&gt; element. A script's content ends at the first "&lt;/script",
    /// whatever it holds, so a "&lt;script" inside it is not an element of its own.
    /// </summary>
    public static IEnumerable<TextRange> Find(string html)
    {
        int position = 0;
        while (true)
        {
            var start = html.IndexOf("<script", position, StringComparison.OrdinalIgnoreCase);
            if (start < 0) yield break;
            var nameEnd = start + "<script".Length;
            if (nameEnd < html.Length && !(char.IsWhiteSpace(html[nameEnd]) || html[nameEnd] is '>' or '/'))
            {
                position = nameEnd;   // <scripts>, <script-x>: another tag
                continue;
            }
            var tagEnd = EndOfTag(html, nameEnd);
            if (tagEnd < 0) yield break;
            var close = html.IndexOf("</script", tagEnd, StringComparison.OrdinalIgnoreCase);
            if (close < 0) yield break;
            var closeEnd = html.IndexOf('>', close);
            if (closeEnd < 0) yield break;
            yield return new TextRange(start, closeEnd + 1 - start);
            position = closeEnd + 1;
        }
    }

    /// <summary>The text without the given ranges (which do not overlap).</summary>
    public static string Remove(string html, IEnumerable<TextRange> ranges)
    {
        var kept = new StringBuilder(html.Length);
        int position = 0;
        foreach (var range in ranges.OrderBy(r => r.Start))
        {
            kept.Append(html, position, range.Start - position);
            position = range.Start + range.Length;
        }
        return kept.Append(html, position, html.Length - position).ToString();
    }

    /// <summary>The index after the '&gt;' ending a start tag, skipping quoted attribute values; -1 when it never ends.</summary>
    static int EndOfTag(string html, int i)
    {
        char quote = '\0';
        for (; i < html.Length; i++)
        {
            var c = html[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; }
            else if (c is '"' or '\'') quote = c;
            else if (c == '>') return i + 1;
        }
        return -1;
    }
}
