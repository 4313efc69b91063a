using System.Net;
using System.Text;

namespace GanCourse.Notebook;

/// <summary>
/// A table of already formatted cells, for results whose column names or number formats matter
/// (e.g. "L(G,D*)" to 6 decimals). Shown as an HTML table in notebooks and aligned text elsewhere.
/// </summary>
public sealed class TextTable
{
    public TextTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (headers.Count == 0) throw new ArgumentException("a table needs at least one column", nameof(headers));
        Headers = headers.ToArray();
        Rows = rows.Select((row, i) => row.Count == Headers.Count
            ? row.ToArray()
            : throw new ArgumentException($"row {i + 1} has {row.Count} cells but the table has {Headers.Count} columns", nameof(rows))).ToArray();
        Caption = caption;
    }

    public IReadOnlyList<string> Headers { get; }
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }
    public string? Caption { get; }

    /// <summary>One row per item, one column per (header, cell formatter) pair.</summary>
    public static TextTable From<T>(IEnumerable<T> items, string? caption, params (string Header, Func<T, string> Cell)[] columns)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new TextTable(columns.Select(c => c.Header).ToArray(), items.Select(item => columns.Select(c => c.Cell(item)).ToArray()), caption);
    }

    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"gancourse-table\">");
        if (Caption != null) html.Append("<caption>").Append(WebUtility.HtmlEncode(Caption)).Append("</caption>");
        html.Append("<thead><tr>");
        foreach (var h in Headers) html.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td style=\"text-align:right\">").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    public override string ToString()
    {
        var widths = Headers.Select((h, c) => Rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        if (Caption != null) text.AppendLine(Caption);
        text.AppendLine(string.Join("  ", Headers.Select((h, c) => h.PadLeft(widths[c]))));
        foreach (var row in Rows) text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadLeft(widths[c]))));
        return text.ToString().TrimEnd('\n', '\r');
    }
}
