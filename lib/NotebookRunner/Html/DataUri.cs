using System.Buffers.Text;

namespace NotebookRunner.Html;

/// <summary>data: URIs for images and fonts inlined into a page.</summary>
public static class DataUri
{
    public static string FromBytes(string mime, byte[] bytes) => $"data:{mime};base64,{Convert.ToBase64String(bytes)}";

    /// <summary>A data URI from nbformat's base64 text (which may hold line breaks); null when it is not base64.</summary>
    public static string? FromBase64(string mime, string base64)
    {
        var compact = string.Concat(base64.Where(c => !char.IsWhiteSpace(c)));
        return compact.Length > 0 && Base64.IsValid(compact) ? $"data:{mime};base64,{compact}" : null;
    }

    /// <summary>The image mime type for a file name, or null when it is not an image a browser shows.</summary>
    public static string? ImageMime(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".svg" => "image/svg+xml",
        ".webp" => "image/webp",
        _ => null,
    };
}
