using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace NotebookRunner.Html;

/// <summary>
/// Markdig renderers for what the page typesets or highlights: formulas as <c>\(…\)</c> / <c>\[…\]</c> in
/// elements of class <see cref="MathClass"/> (display ones also <see cref="DisplayClass"/>), which the
/// page's script hands to KaTeX, and fenced C# blocks through <see cref="CSharpHighlighter"/>.
/// </summary>
/// <remarks>Markdig writes <c>$$x$$</c> inside a paragraph as inline math; Jupyter shows it displayed, and so does this.</remarks>
public sealed class TypesettingExtension : IMarkdownExtension
{
    public const string MathClass = "nb-math", DisplayClass = "nb-display";

    public void Setup(MarkdownPipelineBuilder pipeline) { }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is not HtmlRenderer html) return;
        html.ObjectRenderers.ReplaceOrAdd<HtmlMathInlineRenderer>(new InlineMath());
        html.ObjectRenderers.ReplaceOrAdd<HtmlMathBlockRenderer>(new BlockMath());
        html.ObjectRenderers.ReplaceOrAdd<CodeBlockRenderer>(new HighlightedCodeBlock());
    }

    sealed class InlineMath : HtmlObjectRenderer<MathInline>
    {
        protected override void Write(HtmlRenderer renderer, MathInline math)
        {
            var display = math.DelimiterCount >= 2;
            renderer.Write(display ? $"<span class=\"{MathClass} {DisplayClass}\">\\[" : $"<span class=\"{MathClass}\">\\(");
            renderer.WriteEscape(ref math.Content);
            renderer.Write(display ? "\\]</span>" : "\\)</span>");
        }
    }

    sealed class BlockMath : HtmlObjectRenderer<MathBlock>
    {
        protected override void Write(HtmlRenderer renderer, MathBlock math)
        {
            renderer.EnsureLine();
            renderer.Write($"<div class=\"{MathClass} {DisplayClass}\">\\[\n");
            renderer.WriteLeafRawLines(math, true, true);
            renderer.Write("\\]</div>");
            renderer.EnsureLine();
        }
    }

    sealed class HighlightedCodeBlock : CodeBlockRenderer
    {
        static readonly HashSet<string> CSharp = new(["csharp", "cs", "c#", "C#"], StringComparer.OrdinalIgnoreCase);

        protected override void Write(HtmlRenderer renderer, CodeBlock code)
        {
            if (code is FencedCodeBlock { Info: { } info } && CSharp.Contains(info.Trim()))
            {
                renderer.EnsureLine();
                renderer.Write("<pre class=\"nb-code\"><code class=\"language-csharp\">");
                renderer.Write(CSharpHighlighter.ToHtml(code.Lines.ToString()));
                renderer.Write("</code></pre>");
                renderer.EnsureLine();
                return;
            }
            base.Write(renderer, code);
        }
    }
}
