using System.Text;

namespace NotebookRunner.Html;

/// <summary>Escaping for text placed in HTML content and attribute values.</summary>
static class HtmlText
{
    /// <summary>Escapes &amp;, &lt;, &gt; and quotes; other characters (μ, ·, −) stay as they are, the page is UTF-8.</summary>
    public static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var html = new StringBuilder(text.Length + 16);
        Append(html, text);
        return html.ToString();
    }

    public static StringBuilder Append(StringBuilder html, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': html.Append("&amp;"); break;
                case '<': html.Append("&lt;"); break;
                case '>': html.Append("&gt;"); break;
                case '"': html.Append("&quot;"); break;
                case '\'': html.Append("&#39;"); break;
                default: html.Append(c); break;
            }
        }
        return html;
    }
}
