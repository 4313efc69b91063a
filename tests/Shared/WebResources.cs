using System.Text.RegularExpressions;

namespace TestSupport;

/// <summary>
/// Finds what would make a browser fetch from the network when it opens a page: scripts, stylesheets,
/// images, frames, fonts or imports with an http(s) or protocol-relative (//host) address. Hyperlinks
/// (&lt;a href&gt;) are not resources: nothing loads until the reader clicks one.
/// </summary>
public static partial class WebResources
{
    /// <summary>One line per network reference, with a little context; empty for a page that works offline.</summary>
    public static IReadOnlyList<string> Find(string html)
    {
        var found = new List<string>();
        foreach (Match tag in Tag().Matches(html))
        {
            if (tag.Groups["name"].Value.Equals("a", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (Match attribute in NetworkAttribute().Matches(tag.Value))
                found.Add($"<{tag.Groups["name"].Value} {attribute.Value}");
        }
        found.AddRange(NetworkCss().Matches(html).Select(m => m.Value));
        return found;
    }

    // A start tag with its attributes; quoted values may hold '>'.
    [GeneratedRegex("""<(?<name>[a-zA-Z][\w:-]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")]
    private static partial Regex Tag();

    [GeneratedRegex("""\b(?:src|href|srcset|poster|data|action|formaction|background|xlink:href)\s*=\s*["']?\s*(?:https?:)?//[^\s"'>]*""", RegexOptions.IgnoreCase)]
    private static partial Regex NetworkAttribute();

    [GeneratedRegex("""(?:@import\s+(?:url\()?\s*|url\(\s*)["']?\s*(?:https?:)?//[^\s"')]*""", RegexOptions.IgnoreCase)]
    private static partial Regex NetworkCss();
}
