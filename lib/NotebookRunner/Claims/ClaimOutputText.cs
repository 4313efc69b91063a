using System.Net;
using System.Text.RegularExpressions;
using NotebookRunner.Notebook;

namespace NotebookRunner.Claims;

/// <summary>The text a cell's outputs show a reader, which claims' patterns are matched against.</summary>
public static partial class ClaimOutputText
{
    /// <summary>
    /// One text per output: standard output, and of each displayed or returned value its <c>text/plain</c>
    /// and its <c>text/html</c> as text (the latter only where it reads differently). Standard error and
    /// errors are left out: a claim is about what the cell reports, not about warnings.
    /// </summary>
    public static IEnumerable<string> Of(NotebookCell cell)
    {
        foreach (var output in cell.Outputs)
        {
            switch (output)
            {
                case StreamOutput { Name: StreamOutput.StandardOutput } stream:
                    yield return stream.Text;
                    break;
                case DisplayOutput display:
                    foreach (var text in OfBundle(display.Data)) yield return text;
                    break;
                case ResultOutput result:
                    foreach (var text in OfBundle(result.Data)) yield return text;
                    break;
            }
        }
    }

    static IEnumerable<string> OfBundle(MimeBundle data)
    {
        var plain = data["text/plain"];
        if (plain != null) yield return plain;
        if (data["text/html"] is not { } html) yield break;
        var text = FromHtml(html);
        // A value shown both ways would otherwise count each of its numbers twice.
        if (plain == null || text != ClaimReader.Collapse(plain).Trim()) yield return text;
    }

    /// <summary>
    /// HTML as the words a reader sees: scripts, styles and comments dropped (a chart's script is full of
    /// numbers no one reads), tags replaced by spaces, entities decoded, whitespace collapsed.
    /// </summary>
    public static string FromHtml(string html)
    {
        var visible = Invisible().Replace(html, " ");
        var text = WebUtility.HtmlDecode(Tag().Replace(visible, " "));
        return ClaimReader.Collapse(text).Trim();
    }

    // Linear-time matching: outputs carry megabytes of script (plotly.js), where a backtracking lazy match could crawl.
    [GeneratedRegex(@"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.NonBacktracking)]
    private static partial Regex Tag();
}
