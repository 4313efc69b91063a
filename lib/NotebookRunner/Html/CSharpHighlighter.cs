using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NotebookRunner.Html;

/// <summary>
/// C# syntax highlighting for code cells, from Roslyn's own parse of the cell as a script (the runner
/// already ships Roslyn): keywords, strings, numbers, comments, directives, and by syntactic position
/// type and method names. No semantic model: a cell is highlighted alone, without its references.
/// </summary>
public static class CSharpHighlighter
{
    /// <summary>CSS classes of the highlighted spans.</summary>
    public const string Keyword = "hl-k", String = "hl-s", Number = "hl-n", Comment = "hl-c",
        Directive = "hl-d", Type = "hl-t", Method = "hl-m";

    static readonly CSharpParseOptions ScriptOptions =
        CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Preview);

    /// <summary>The code as escaped HTML with &lt;span class="hl-…"&gt; around the highlighted tokens.</summary>
    public static string ToHtml(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code, ScriptOptions).GetRoot();
        var html = new Emitter(code);
        foreach (var token in root.DescendantTokens(descendIntoTrivia: false))
        {
            foreach (var trivia in token.LeadingTrivia) html.Trivia(trivia);
            html.Span(token.Span, Classify(token));
            foreach (var trivia in token.TrailingTrivia) html.Trivia(trivia);
        }
        return html.Finish();
    }

    sealed class Emitter(string code)
    {
        readonly StringBuilder html = new(code.Length * 2);
        int position;

        public void Trivia(SyntaxTrivia trivia)
        {
            switch (trivia.Kind())
            {
                case SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia or SyntaxKind.DisabledTextTrivia
                    or SyntaxKind.SingleLineDocumentationCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia:
                    Span(trivia.Span, Comment);
                    break;
                case var _ when trivia.IsDirective && trivia.GetStructure() is { } directive:
                    // #r "nuget: ...", #load, #!time: the directive in one colour, its file or package name as a string.
                    Open(trivia.Span.Start, Directive);
                    foreach (var token in directive.DescendantTokens(descendIntoTrivia: true))
                        if (token.IsKind(SyntaxKind.StringLiteralToken)) Span(token.Span, String);
                    Close(trivia.Span.End);
                    break;
            }
        }

        public void Span(Microsoft.CodeAnalysis.Text.TextSpan span, string? css)
        {
            if (css == null || span.IsEmpty || span.Start < position) return;
            Open(span.Start, css);
            Close(span.End);
        }

        void Open(int start, string css)
        {
            Plain(start);
            html.Append("<span class=\"").Append(css).Append("\">");
        }

        void Close(int end)
        {
            Plain(end);
            html.Append("</span>");
        }

        void Plain(int upTo)
        {
            if (upTo > position) HtmlText.Append(html, code.AsSpan(position, upTo - position));
            position = Math.Max(position, upTo);
        }

        public string Finish()
        {
            Plain(code.Length);
            return html.ToString();
        }
    }

    static string? Classify(SyntaxToken token)
    {
        var kind = token.Kind();
        if (SyntaxFacts.IsKeywordKind(kind)) return Keyword;
        switch (kind)
        {
            case SyntaxKind.NumericLiteralToken:
                return Number;
            case SyntaxKind.StringLiteralToken or SyntaxKind.CharacterLiteralToken or SyntaxKind.Utf8StringLiteralToken
                or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken
                or SyntaxKind.Utf8SingleLineRawStringLiteralToken or SyntaxKind.Utf8MultiLineRawStringLiteralToken
                or SyntaxKind.InterpolatedStringStartToken or SyntaxKind.InterpolatedVerbatimStringStartToken
                or SyntaxKind.InterpolatedSingleLineRawStringStartToken or SyntaxKind.InterpolatedMultiLineRawStringStartToken
                or SyntaxKind.InterpolatedStringTextToken or SyntaxKind.InterpolatedStringEndToken or SyntaxKind.InterpolatedRawStringEndToken:
                return String;
            case SyntaxKind.IdentifierToken:
                return ClassifyIdentifier(token);
            default:
                return null;
        }
    }

    static string? ClassifyIdentifier(SyntaxToken token)
    {
        switch (token.Parent)
        {
            case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax or TypeParameterSyntax:
                return Type;
            case MethodDeclarationSyntax or LocalFunctionStatementSyntax:
                return Method;
            case SimpleNameSyntax name:
                if (name.IsVar || token.Text is "dynamic" && SyntaxFacts.IsInTypeOnlyContext(name)) return Keyword;
                if (token.Text == "nameof" && name.Parent is InvocationExpressionSyntax) return Keyword;
                if (name.Ancestors().Any(a => a is UsingDirectiveSyntax or BaseNamespaceDeclarationSyntax)) return null;
                if (IsInvoked(name)) return Method;
                if (SyntaxFacts.IsInTypeOnlyContext(name)) return Type;
                // Plot.Lines(...), Enumerable.Range(...): without a semantic model, a capitalised left-hand
                // side of a member access is almost always a type in notebook code (locals are camelCase).
                if (name.Parent is MemberAccessExpressionSyntax access && access.Expression == name && char.IsUpper(token.Text[0])) return Type;
                return null;
            default:
                return null;
        }
    }

    static bool IsInvoked(SimpleNameSyntax name) => name.Parent switch
    {
        InvocationExpressionSyntax call => call.Expression == name,
        MemberAccessExpressionSyntax access => access.Name == name && access.Parent is InvocationExpressionSyntax call && call.Expression == access,
        MemberBindingExpressionSyntax binding => binding.Parent is InvocationExpressionSyntax,
        _ => false,
    };
}
