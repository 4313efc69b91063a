using System.Text.Json.Nodes;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using NotebookRunner.Notebook;

namespace NotebookRunner.Html;

/// <summary>A heading of the page, for the table of contents.</summary>
/// <param name="Html">The heading's content as HTML (formulas stay formulas, to be typeset).</param>
public sealed record PageHeading(int Level, string Id, string Html, string Text);

/// <summary>
/// Markdown cells to HTML with Markdig: pipe and grid tables, LaTeX (<c>$…$</c>, <c>$$…$$</c>) kept for the
/// typesetter, heading ids unique across the page, C# code blocks highlighted, and images from cell
/// attachments or files next to the notebook embedded as data URIs so the page stands alone.
/// </summary>
public sealed class MarkdownConverter(string? notebookFolder)
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseMathematics()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UseEmphasisExtras()
        .UseListExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .Use<TypesettingExtension>()
        .Build();

    readonly HashSet<string> ids = new(StringComparer.Ordinal);

    /// <summary>The headings rendered so far, in page order.</summary>
    public List<PageHeading> Headings { get; } = [];

    /// <summary>True once any rendered markdown contained a formula.</summary>
    public bool HasMath { get; private set; }

    /// <summary>Renders one markdown text; its headings join <see cref="Headings"/> when <paramref name="listHeadings"/> is set.</summary>
    /// <param name="attachments">The cell's <c>attachments</c> (name → mime bundle), for <c>attachment:name</c> images.</param>
    public string ToHtml(string markdown, JsonObject? attachments = null, bool listHeadings = true)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var attributes = heading.GetAttributes();
            attributes.Id = UniqueId(attributes.Id);
            if (listHeadings && heading.Inline != null)
                Headings.Add(new PageHeading(heading.Level, attributes.Id, InlineHtml(heading.Inline), NotebookEntry.PlainText(heading.Inline)));
        }
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage && l.Url != null))
            image.Url = EmbeddedImage(image.Url!, attachments) ?? image.Url;
        HasMath |= document.Descendants<Markdig.Extensions.Mathematics.MathInline>().Any()
            || document.Descendants<Markdig.Extensions.Mathematics.MathBlock>().Any();

        var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>GitHub-style ids, made unique across all cells ("summary", "summary-1", ...).</summary>
    string UniqueId(string? id)
    {
        var stem = string.IsNullOrEmpty(id) ? "section" : id;
        var unique = stem;
        for (int n = 1; !ids.Add(unique); n++) unique = $"{stem}-{n}";
        return unique;
    }

    static string InlineHtml(ContainerInline inline)
    {
        var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { EnableHtmlForInline = true };
        Pipeline.Setup(renderer);
        // Links inside a heading would nest in the table of contents' own link.
        foreach (var child in inline)
        {
            if (child is LinkInline { IsImage: false } link) renderer.WriteChildren(link);
            else renderer.Write(child);
        }
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>A data URI for an attached image or an image file beside the notebook; null leaves the URL alone.</summary>
    string? EmbeddedImage(string url, JsonObject? attachments)
    {
        const string AttachmentPrefix = "attachment:";
        if (url.StartsWith(AttachmentPrefix, StringComparison.Ordinal))
        {
            if (attachments?[url[AttachmentPrefix.Length..]] is not JsonObject bundle) return null;
            foreach (var (mime, value) in bundle)
                if (mime.StartsWith("image/", StringComparison.Ordinal) && MultilineText.Read(value) is { } data)
                    return DataUri.FromBase64(mime, data);
            return null;
        }
        if (notebookFolder == null || url.Contains(':') || url.StartsWith('/') || url.StartsWith('#')) return null;
        var path = Path.GetFullPath(Path.Combine(notebookFolder, Uri.UnescapeDataString(url.Split('?', '#')[0])));
        return DataUri.ImageMime(path) is { } imageMime && File.Exists(path) ? DataUri.FromBytes(imageMime, File.ReadAllBytes(path)) : null;
    }
}
