using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NotebookRunner.Notebook;

namespace NotebookRunner.Html;

/// <summary>One output as shown.</summary>
/// <param name="Kind">The mime type of the representation shown, or the stream's name (stdout, stderr), or <see cref="ErrorKind"/>, or <see cref="UnsupportedKind"/>.</param>
/// <param name="Content">What the output shows, as text: the representation's data, the stream's text, the error's message and trace.</param>
public sealed record RenderedOutput(string Html, string Kind, string Content)
{
    public const string ErrorKind = "error", UnsupportedKind = "unsupported";
}

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

    public string ToHtml(IReadOnlyList<CellOutput> outputs) => string.Concat(Render(outputs).Select(o => o.Html));

    /// <summary>Each output as a notebook shows it; consecutive writes to the same stream are one output.</summary>
    public IReadOnlyList<RenderedOutput> Render(IReadOnlyList<CellOutput> outputs)
    {
        var rendered = new List<RenderedOutput>();
        for (int i = 0; i < outputs.Count; i++)
        {
            // Console writes arrive in many pieces; a notebook shows consecutive ones as one block.
            if (outputs[i] is StreamOutput stream)
            {
                var text = new StringBuilder(stream.Text);
                while (i + 1 < outputs.Count && outputs[i + 1] is StreamOutput next && next.Name == stream.Name)
                    text.Append(((StreamOutput)outputs[++i]).Text);
                rendered.Add(Stream(stream.Name, text.ToString()));
            }
            else if (Output(outputs[i]) is { } output) rendered.Add(output);
        }
        return rendered;
    }

    RenderedOutput? Output(CellOutput output) => output switch
    {
        DisplayOutput display => Bundle(display.Data, "nb-display-data"),
        ResultOutput result => Bundle(result.Data, "nb-result"),
        ErrorOutput error => Error(error),
        _ => null,
    };

    static RenderedOutput Stream(string name, string text)
    {
        var css = name == StreamOutput.StandardError ? "nb-stderr" : "nb-stdout";
        var shown = WithoutAnsi(text).TrimEnd('\n');
        return new RenderedOutput($"<div class=\"nb-output nb-stream {css}\"><pre>{HtmlText.Encode(shown)}</pre></div>\n", name, shown);
    }

    /// <summary>"Name: message" in bold, then the traceback lines that do not repeat it (stack frames).</summary>
    static RenderedOutput Error(ErrorOutput error)
    {
        var value = WithoutAnsi(error.Value);
        var header = value.Length > 0 ? $"{error.Name}: {value}" : error.Name;
        var shown = header.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var traceback = error.Traceback.Select(WithoutAnsi).Where(l => !shown.Contains(l.Trim())).ToList();
        var html = new StringBuilder("<div class=\"nb-output nb-error\"><pre>");
        html.Append("<span class=\"nb-error-name\">").Append(HtmlText.Encode(error.Name)).Append("</span>");
        if (value.Length > 0) html.Append(": ").Append(HtmlText.Encode(value));
        var trace = string.Join("\n", traceback).TrimEnd('\n');
        if (traceback.Count > 0) html.Append('\n').Append(HtmlText.Encode(trace));
        return new RenderedOutput(html.Append("</pre></div>\n").ToString(), RenderedOutput.ErrorKind, traceback.Count > 0 ? header + "\n" + trace : header);
    }

    RenderedOutput Bundle(MimeBundle bundle, string kind)
    {
        foreach (var mime in MimePriority)
        {
            if (bundle[mime] is not { } value) continue;
            var body = Representation(mime, value);
            if (body != null) return new RenderedOutput($"<div class=\"nb-output {kind}\" data-mime-type=\"{HtmlText.Encode(mime)}\">{body}</div>\n", mime, value);
        }
        var types = string.Join(", ", bundle.Entries.Select(e => e.Key));
        var note = $"[output of type {types}, which a page cannot show]";
        return new RenderedOutput($"<div class=\"nb-output nb-unsupported\"><pre>{HtmlText.Encode(note)}</pre></div>\n", RenderedOutput.UnsupportedKind, note);
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
