using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Markdig.Extensions.Mathematics;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using NotebookRunner.Html;

namespace NotebookRunner.Slides;

/// <summary>
/// How tall a piece is expected to be on a 1280×720 slide, in CSS pixels, from what it holds: text by its
/// length, code by its lines, charts and images by the height they declare. The sizes are those of
/// Slides/Assets/deck.css; the estimate only decides where a long section moves on to its next vertical
/// slide, and a slide whose pieces turn out taller scrolls instead of cutting them off.
/// </summary>
public static partial class SlideHeights
{
    /// <summary>The height a slide's content may fill: 720 px less the slide's padding, with a little to spare.</summary>
    public const double Budget = 625;

    /// <summary>The section's heading above a slide that continues it.</summary>
    public const double ContinuedHeader = 42;

    // Prose: 24 px type, 1.4 line height, about 88 characters on a line of the 1184 px wide slide; tables
    // (20 px in markdown, 18 px in outputs) a row each, and room for a header that wraps to two lines.
    const double TextLine = 33.6, TextGap = 12, BlockGap = 6, TableRow = 40, TableHeaderWrap = 26;
    const int TextCharacters = 88;

    // Code: 18 px monospaced at 1.45; a code block shows at most 16 lines and scrolls the rest.
    const double CodeLine = 26.1, CodeFrame = 22, CodeGap = 12;
    const int CodeLinesShown = 16;

    // Output text: 17 px monospaced at 1.4, about 115 characters a line; at most 11 lines show.
    const double OutputLine = 23.8, OutputGap = 12;
    const int OutputCharacters = 115, OutputLinesShown = 11;

    /// <summary>An output box shows at most this much and scrolls the rest; an image at most <see cref="ImageShown"/>.</summary>
    const double OutputShown = 540, ImageShown = 480, ContentWidth = 1184;

    /// <summary>A top-level markdown block: headings by level, formulas, tables by their rows, code by its lines, text by its length.</summary>
    public static double Of(MarkdownBlock block) => block.Block switch
    {
        HeadingBlock heading => Heading(heading.Level, block.Heading?.Text ?? block.Source),
        MathBlock => Formula(block.Source),
        Table table => table.Count * TableRow + TableHeaderWrap + TextGap,
        FencedCodeBlock or CodeBlock => Code(Lines(block.Source).Count - (block.Block is FencedCodeBlock ? 2 : 0)),
        LinkReferenceDefinitionGroup => 0,
        ThematicBreakBlock => 2 * TextGap,
        ListBlock list => list.OfType<Block>().Sum(item => ListItem(block, item)) + TextGap,
        _ => Text(block.Source),
    };

    /// <summary>One item of a top-level list, without the space around the list.</summary>
    public static double ListItem(MarkdownBlock list, Block item) => Text(SourceOf(list, item)) - TextGap / 2;

    /// <summary>A code cell's input.</summary>
    public static double CodeInput(string source) => Code(Lines(source.TrimEnd()).Count);

    /// <summary>One output: text by its lines, images by their size, HTML by the heights it declares (a chart's box), its table rows or its text.</summary>
    public static double Of(RenderedOutput output)
    {
        var height = output.Kind switch
        {
            "text/html" => Html(output.Content),
            "image/svg+xml" => DeclaredHeight(output.Content) is > 0 and var svg ? svg : ImageShown / 2,
            "image/png" => PngHeight(output.Content) ?? ImageShown / 2,
            "text/markdown" or "text/latex" => Text(output.Content),
            _ when output.Kind.StartsWith("image/", StringComparison.Ordinal) => ImageShown / 2,
            _ => OutputText(output.Content),
        };
        return Math.Min(height, OutputShown) + OutputGap;
    }

    static double Heading(int level, string text)
    {
        // Font size and the space around the heading, per level (deck.css).
        var (size, around) = level switch { 1 => (52.0, 26.0), 2 => (40.0, 30.0), 3 => (30.0, 30.0), _ => (26.0, 24.0) };
        var perLine = (int)(ContentWidth / (size * 0.55));
        return Math.Max(1, Math.Ceiling(text.Length / (double)perLine)) * size * 1.2 + around;
    }

    /// <summary>Text wraps at about <see cref="TextCharacters"/> characters; a displayed formula inside it adds its own height.</summary>
    static double Text(string markdown)
    {
        var displayed = Regex.Count(markdown, @"\$\$") / 2;
        var rows = Math.Max(1, Math.Ceiling((markdown.Length - 6 * displayed) / (double)TextCharacters));
        return rows * TextLine + displayed * 110 + TextGap;
    }

    /// <summary>A displayed formula: one row, more for each line break (<c>\\</c>) in an aligned one.</summary>
    static double Formula(string tex) => (1 + Regex.Count(tex, @"\\\\")) * 60 + 50;

    static double Code(int lines) => Math.Min(Math.Max(lines, 1), CodeLinesShown) * CodeLine + CodeFrame + CodeGap;

    static double OutputText(string text)
    {
        var rows = Lines(text).Sum(l => Math.Max(1, Math.Ceiling(l.Length / (double)OutputCharacters)));
        return Math.Min(rows, OutputLinesShown) * OutputLine + 8;
    }

    /// <summary>
    /// Outputs of HTML: a box that declares its height (a chart's, an image's) takes that height and its
    /// caption; otherwise tables take their rows and the text around them a line per block (paragraph,
    /// list item, line break) as wrapped.
    /// </summary>
    static double Html(string html)
    {
        var markup = WithoutScriptsAndStyles(html);
        if (DeclaredHeight(markup) is > 0 and var declared) return declared + Caption().Count(markup) * TextLine;
        var rows = TableRowTag().Count(markup);
        var tables = rows > 0 ? rows * TableRow + TableHeaderWrap + TableCaption().Count(markup) * TextLine : 0;
        var blocks = Tag().Replace(BlockTag().Replace(TableElement().Replace(markup, "\n"), "\n"), "").Split('\n')
            .Select(b => System.Net.WebUtility.HtmlDecode(b).Trim()).Where(b => b.Length > 0);
        return tables + blocks.Sum(b => Math.Ceiling(b.Length / (double)TextCharacters) * TextLine + BlockGap);
    }

    /// <summary>The largest height a style (<c>height: N px</c>) or an element's <c>height</c> attribute declares; an image's at most what it may show.</summary>
    static double DeclaredHeight(string markup)
    {
        var styles = StyleHeight().Matches(markup).Select(m => Number(m.Groups[1].Value));
        var attributes = HeightAttribute().Matches(markup).Select(m => Math.Min(ImageShown, Number(m.Groups[1].Value)));
        return styles.Concat(attributes).DefaultIfEmpty(0).Max();
    }

    static double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The shown height of a PNG from its header (width and height in the IHDR chunk), or null when the data is no PNG.</summary>
    static double? PngHeight(string base64)
    {
        var compact = string.Concat(base64.Take(64).Where(c => !char.IsWhiteSpace(c)));
        var header = new byte[48];
        if (!Convert.TryFromBase64String(compact[..(compact.Length / 4 * 4)], header, out var count) || count < 24 || header[1] != 'P' || header[2] != 'N' || header[3] != 'G')
            return null;
        var width = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(16));
        var height = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(20));
        return Math.Min(ImageShown, height * Math.Min(1, ContentWidth / Math.Max(width, 1u)));
    }

    /// <summary>The markdown of a block nested in a top-level one (a list item), from the top-level block's source.</summary>
    static string SourceOf(MarkdownBlock top, Block nested)
    {
        var start = nested.Span.Start - top.Block.Span.Start;
        return start >= 0 && start < top.Source.Length ? top.Source.Substring(start, Math.Min(nested.Span.Length, top.Source.Length - start)) : top.Source;
    }

    static List<string> Lines(string text) => [.. text.Split('\n')];

    static string WithoutScriptsAndStyles(string html) => Style().Replace(ScriptElements.Remove(html, ScriptElements.Find(html)), "");

    [GeneratedRegex(@"(?<![-\w])height\s*:\s*(\d+(?:\.\d+)?)px", RegexOptions.IgnoreCase)]
    private static partial Regex StyleHeight();

    [GeneratedRegex("""<(?:img|svg|canvas|video)\b[^>]*?\bheight\s*=\s*["']?(\d+(?:\.\d+)?)""", RegexOptions.IgnoreCase)]
    private static partial Regex HeightAttribute();

    [GeneratedRegex(@"<style\b.*?</style>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Style();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"<table\b.*?</table>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TableElement();

    [GeneratedRegex(@"<tr[\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex TableRowTag();

    [GeneratedRegex(@"<figcaption\b", RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex(@"<caption\b", RegexOptions.IgnoreCase)]
    private static partial Regex TableCaption();

    [GeneratedRegex(@"</?(?:p|div|li|br|h[1-6]|pre|ul|ol|dl|dt|dd|blockquote|figure|figcaption|hr)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();
}
