using System.Text.Json.Nodes;

namespace NotebookRunner.Notebook;

/// <summary>nbformat's multi-line strings: an array of lines where every element but the last ends with "\n".</summary>
public static class MultilineText
{
    /// <summary>Splits text into nbformat lines; joining them with "" gives the text back.</summary>
    public static List<string> Split(string text)
    {
        var lines = new List<string>();
        int start = 0;
        while (start < text.Length)
        {
            int newline = text.IndexOf('\n', start);
            if (newline < 0)
            {
                lines.Add(text[start..]);
                break;
            }
            lines.Add(text[start..(newline + 1)]);
            start = newline + 1;
        }
        return lines;
    }

    public static JsonArray ToJson(string text) => new(Split(text).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());

    /// <summary>Reads a string or an array of strings; null when the node is neither.</summary>
    public static string? Read(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray a when a.All(e => e is JsonValue ev && ev.TryGetValue<string>(out _)) =>
            string.Concat(a.Select(e => e!.GetValue<string>())),
        _ => null,
    };
}
