using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NotebookRunner.Notebook;

namespace NotebookRunner.Html;

/// <summary>The outputs of a code cell as a notebook front end shows them.</summary>
public sealed partial class OutputRenderer(MarkdownConverter markdown)
{
    /// <summary>
    /// Which representation of a value is shown, richest first, as Jupyter chooses: a value formatted as
    /// text/html and image/png (an image with its caption) shows as HTML.
    /// </summary>
    public static readonly IReadOnlyList<string> MimePriority =
    [
        "text/html", "image/svg+xml", "image/png", "image/jpeg", "image/gif", "image/webp",
        "text/markdown", "text/latex", "application/json", "text/plain",
    ];

    public string ToHtml(IReadOnlyList<CellOutput> outputs)
    {
        var html = new StringBuilder();
        for (int i = 0; i < outputs.Count; i++)
        {
            // Console writes arrive in many pieces; a notebook shows consecutive ones as one block.
            if (outputs[i] is StreamOutput stream)
            {
                var text = new StringBuilder(stream.Text);
                while (i + 1 < outputs.Count && outputs[i + 1] is StreamOutput next && next.Name == stream.Name)
                    text.Append(((StreamOutput)outputs[++i]).Text);
                Stream(html, stream.Name, text.ToString());
            }
            else html.Append(Output(outputs[i]));
        }
        return html.ToString();
    }

    string Output(CellOutput output) => output switch
    {
        DisplayOutput display => Bundle(display.Data, "nb-display-data"),
        ResultOutput result => Bundle(result.Data, "nb-result"),
        ErrorOutput error => Error(error),
        _ => "",
    };

    static void Stream(StringBuilder html, string name, string text)
    {
        var css = name == StreamOutput.StandardError ? "nb-stderr" : "nb-stdout";
        html.Append("<div class=\"nb-output nb-stream ").Append(css).Append("\"><pre>")
            .Append(HtmlText.Encode(WithoutAnsi(text).TrimEnd('\n'))).Append("</pre></div>\n");
    }

    /// <summary>"Name: message" in bold, then the traceback lines that do not repeat it (stack frames).</summary>
    static string Error(ErrorOutput error)
    {
        var value = WithoutAnsi(error.Value);
        var header = value.Length > 0 ? $"{error.Name}: {value}" : error.Name;
        var shown = header.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var traceback = error.Traceback.Select(WithoutAnsi).Where(l => !shown.Contains(l.Trim())).ToList();
        var html = new StringBuilder("<div class=\"nb-output nb-error\"><pre>");
        html.Append("<span class=\"nb-error-name\">").Append(HtmlText.Encode(error.Name)).Append("</span>");
        if (value.Length > 0) html.Append(": ").Append(HtmlText.Encode(value));
        if (traceback.Count > 0) html.Append('\n').Append(HtmlText.Encode(string.Join("\n", traceback).TrimEnd('\n')));
        return html.Append("</pre></div>\n").ToString();
    }

    string Bundle(MimeBundle bundle, string kind)
    {
        foreach (var mime in MimePriority)
        {
            if (bundle[mime] is not { } value) continue;
            var body = Representation(mime, value);
            if (body != null) return $"<div class=\"nb-output {kind}\" data-mime-type=\"{HtmlText.Encode(mime)}\">{body}</div>\n";
        }
        var types = string.Join(", ", bundle.Entries.Select(e => e.Key));
        return $"<div class=\"nb-output nb-unsupported\"><pre>[output of type {HtmlText.Encode(types)}, which a page cannot show]</pre></div>\n";
    }

    /// <summary>The HTML for one representation; null when the data is unusable (bad base64) and the next one should be tried.</summary>
    string? Representation(string mime, string value) => mime switch
    {
        "text/html" => value,
        "image/svg+xml" => value,
        "text/markdown" => markdown.ToHtml(value, listHeadings: false),
        "text/latex" => markdown.ToHtml(value.Contains('$') ? value : $"$$\n{value.Trim()}\n$$", listHeadings: false),
        "application/json" => $"<pre>{HtmlText.Encode(PrettyJson(value))}</pre>",
        "text/plain" => $"<pre>{HtmlText.Encode(WithoutAnsi(value).TrimEnd('\n'))}</pre>",
        _ when mime.StartsWith("image/", StringComparison.Ordinal) =>
            DataUri.FromBase64(mime, value) is { } uri ? $"<img src=\"{uri}\" alt=\"{HtmlText.Encode(mime)} output\">" : null,
        _ => null,
    };

    static string PrettyJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true });
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>Tracebacks from Jupyter kernels carry terminal colours; a page shows plain text.</summary>
    static string WithoutAnsi(string text) => text.Contains('\u001b') ? Ansi().Replace(text, "") : text;

    [GeneratedRegex(@"\u001b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();
}
