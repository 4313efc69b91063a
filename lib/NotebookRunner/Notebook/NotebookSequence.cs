using System.Text;
using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace NotebookRunner.Notebook;

/// <summary>One notebook of a run, as the outputs of the others refer to it.</summary>
/// <param name="SourcePath">The source notebook, as given on the command line or found in a folder.</param>
/// <param name="Title">Its first heading as plain text (LaTeX left as written), else its file name without extension.</param>
public sealed record NotebookEntry(string SourcePath, string Title)
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseMathematics().Build();

    /// <summary>The entry for a notebook, titled by its first markdown heading.</summary>
    public static NotebookEntry Of(string sourcePath, NotebookDocument notebook) =>
        new(sourcePath, TitleOf(notebook) ?? Path.GetFileNameWithoutExtension(sourcePath));

    /// <summary>The first heading of the markdown cells as plain text; null when there is none.</summary>
    public static string? TitleOf(NotebookDocument notebook)
    {
        foreach (var cell in notebook.Cells.Where(c => c.CellType == CellTypes.Markdown))
        {
            var heading = Markdown.Parse(cell.Source, Pipeline).Descendants<HeadingBlock>().FirstOrDefault();
            var text = heading?.Inline == null ? "" : PlainText(heading.Inline);
            if (text.Length > 0) return text;
        }
        return null;
    }

    /// <summary>The words of a heading without markup; formulas keep their TeX between dollars.</summary>
    public static string PlainText(ContainerInline inlines)
    {
        var text = new StringBuilder();
        foreach (var inline in inlines.Descendants())
        {
            switch (inline)
            {
                case MathInline math: text.Append('$').Append(math.Content.ToString()).Append('$'); break;
                case LiteralInline literal: text.Append(literal.Content.ToString()); break;
                case CodeInline code: text.Append(code.Content); break;
                case HtmlEntityInline entity: text.Append(entity.Transcoded.ToString()); break;
                case LineBreakInline: text.Append(' '); break;
            }
        }
        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}

/// <summary>The notebooks of one run, in order, and which of them is being written: what links between outputs need.</summary>
/// <param name="Index">The position of the notebook being written in <paramref name="Notebooks"/>.</param>
public sealed record NotebookSequence(IReadOnlyList<NotebookEntry> Notebooks, int Index)
{
    /// <summary>A run of a single notebook.</summary>
    public static NotebookSequence Single(NotebookEntry entry) => new([entry], 0);

    public NotebookEntry Current => Notebooks[Index];

    public NotebookEntry? Previous => Index > 0 ? Notebooks[Index - 1] : null;

    public NotebookEntry? Next => Index + 1 < Notebooks.Count ? Notebooks[Index + 1] : null;
}
