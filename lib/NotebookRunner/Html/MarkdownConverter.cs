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

/// <summary>One top-level block of a markdown text and its HTML.</summary>
/// <param name="Heading">For a heading block, the heading as listed in <see cref="MarkdownConverter.Headings"/>.</param>
/// <param name="Source">The block's markdown as written.</param>
public sealed record MarkdownBlock(Block Block, string Html, PageHeading? Heading, string Source);

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
    public string ToHtml(string markdown, JsonObject? attachments = null, bool listHeadings = true) =>
        Render(Prepare(markdown, attachments, listHeadings ? [] : null));

    /// <summary>
    /// Renders a markdown cell block by block (headings, paragraphs, lists, tables, formulas, ...), for
    /// layouts that place the blocks of one cell apart; each block is rendered as <see cref="ToHtml"/>
    /// renders it inside the whole text, and the headings join <see cref="Headings"/>.
    /// </summary>
    public IReadOnlyList<MarkdownBlock> ToBlocks(string markdown, JsonObject? attachments = null)
    {
        var headings = new Dictionary<HeadingBlock, PageHeading>();
        var document = Prepare(markdown, attachments, headings);
        return document.Select(block => new MarkdownBlock(block, Render(block), block is HeadingBlock h ? headings.GetValueOrDefault(h) : null,
            markdown.Substring(block.Span.Start, Math.Min(block.Span.Length, markdown.Length - block.Span.Start)))).ToList();
    }

    /// <summary>Parses the text, gives headings unique ids and embeds images; <paramref name="listed"/> (when given) receives the headings listed.</summary>
    MarkdownDocument Prepare(string markdown, JsonObject? attachments, Dictionary<HeadingBlock, PageHeading>? listed)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var attributes = heading.GetAttributes();
            attributes.Id = UniqueId(attributes.Id);
            if (listed != null && heading.Inline != null)
            {
                var entry = new PageHeading(heading.Level, attributes.Id, InlineHtml(heading.Inline), NotebookEntry.PlainText(heading.Inline));
                Headings.Add(entry);
                listed[heading] = entry;
            }
        }
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage && l.Url != null))
            image.Url = EmbeddedImage(image.Url!, attachments) ?? image.Url;
        HasMath |= document.Descendants<Markdig.Extensions.Mathematics.MathInline>().Any()
            || document.Descendants<Markdig.Extensions.Mathematics.MathBlock>().Any();
        return document;
    }

    /// <summary>Renders a block parsed by <see cref="ToBlocks"/>, or a new block made of its parts (a list of some of a list's items).</summary>
    public static string Render(MarkdownObject markdown)
    {
        var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(markdown);
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
