using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NotebookRunner.Planning;

/// <summary>The kinds of value `--param` can assign.</summary>
public enum ParameterKind { Int, Long, Double, Float, Decimal, Bool, String, Enum, Unsupported }

/// <summary>A variable declared in the cell tagged <c>parameters</c>.</summary>
/// <param name="TypeName">The declared type, or for <c>var</c> the type of the initializer.</param>
public sealed record ParameterDeclaration(string Name, string TypeName, ParameterKind Kind)
{
    /// <summary>
    /// C# that assigns <paramref name="value"/> to the variable, e.g. <c>epochs = 3;</c>.
    /// Returns null and a reason when the text is not a value of the declared type.
    /// </summary>
    public string? Assignment(string value, out string? problem)
    {
        problem = null;
        var literal = Literal(value.Trim());
        if (literal != null) return $"{Name} = {literal};";
        problem = Kind == ParameterKind.Unsupported
            ? $"parameter '{Name}' has type {TypeName}; --param can set int, long, double, float, decimal, bool, string and enum variables"
            : $"'{value}' is not a valid {TypeName} for parameter '{Name}'";
        return null;
    }

    string? Literal(string value)
    {
        var invariant = CultureInfo.InvariantCulture;
        switch (Kind)
        {
            case ParameterKind.Int:
                return int.TryParse(value, NumberStyles.Integer, invariant, out var i) ? i.ToString(invariant) : null;
            case ParameterKind.Long:
                return long.TryParse(value, NumberStyles.Integer, invariant, out var l) ? l.ToString(invariant) + "L" : null;
            case ParameterKind.Double:
                return double.TryParse(value, NumberStyles.Float, invariant, out var d) ? FloatingLiteral(d, "double", "d") : null;
            case ParameterKind.Float:
                return float.TryParse(value, NumberStyles.Float, invariant, out var f) ? FloatingLiteral(f, "float", "f") : null;
            case ParameterKind.Decimal:
                return decimal.TryParse(value, NumberStyles.Float, invariant, out var m) ? m.ToString(invariant) + "m" : null;
            case ParameterKind.Bool:
                return bool.TryParse(value, out var b) ? (b ? "true" : "false") : null;
            case ParameterKind.String:
                return SymbolDisplay.FormatLiteral(value, quote: true);
            case ParameterKind.Enum:
                var member = value.StartsWith(TypeName + ".", StringComparison.Ordinal) ? value[(TypeName.Length + 1)..] : value;
                return SyntaxFacts.IsValidIdentifier(member) ? $"{TypeName}.{member}" : null;
            default:
                return null;
        }
    }

    static string FloatingLiteral(double value, string type, string suffix) =>
        double.IsNaN(value) ? $"{type}.NaN"
        : double.IsPositiveInfinity(value) ? $"{type}.PositiveInfinity"
        : double.IsNegativeInfinity(value) ? $"{type}.NegativeInfinity"
        : value.ToString("R", CultureInfo.InvariantCulture) + suffix;
}

/// <summary>Reads the variables a papermill-style <c>parameters</c> cell declares.</summary>
public static class ParameterCell
{
    public const string Tag = "parameters";
    public const string InjectedTag = "injected-parameters";

    /// <summary>Every variable declared at the top level of the cell, in order.</summary>
    public static IReadOnlyList<ParameterDeclaration> Declarations(string source)
    {
        var code = CellSource.Parse(source).Code;
        var root = CSharpSyntaxTree.ParseText(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script)).GetCompilationUnitRoot();
        var declarations = new List<ParameterDeclaration>();
        foreach (var member in root.Members)
        {
            var (declaration, isConst) = member switch
            {
                FieldDeclarationSyntax field => (field.Declaration, field.Modifiers.Any(SyntaxKind.ConstKeyword)),
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local } => (local.Declaration, local.IsConst),
                _ => (null, false),
            };
            if (declaration == null) continue;
            foreach (var variable in declaration.Variables)
            {
                var (type, kind) = declaration.Type.IsVar
                    ? Infer(variable.Initializer?.Value)
                    : (declaration.Type.ToString(), KindOf(declaration.Type));
                declarations.Add(new ParameterDeclaration(variable.Identifier.ValueText, type, isConst ? ParameterKind.Unsupported : kind));
            }
        }
        return declarations;
    }

    static ParameterKind KindOf(TypeSyntax type)
    {
        if (type is NullableTypeSyntax nullable) type = nullable.ElementType;
        var name = type.ToString();
        return name switch
        {
            "int" or "Int32" or "System.Int32" => ParameterKind.Int,
            "long" or "Int64" or "System.Int64" => ParameterKind.Long,
            "double" or "Double" or "System.Double" => ParameterKind.Double,
            "float" or "Single" or "System.Single" => ParameterKind.Float,
            "decimal" or "Decimal" or "System.Decimal" => ParameterKind.Decimal,
            "bool" or "Boolean" or "System.Boolean" => ParameterKind.Bool,
            "string" or "String" or "System.String" => ParameterKind.String,
            // Any other plain or dotted name may be an enum; the compiler has the final word on the injected cell.
            _ => type is IdentifierNameSyntax or QualifiedNameSyntax ? ParameterKind.Enum : ParameterKind.Unsupported,
        };
    }

    static (string Type, ParameterKind Kind) Infer(ExpressionSyntax? value)
    {
        if (value is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression } negated) value = negated.Operand;
        return value switch
        {
            LiteralExpressionSyntax { RawKind: (int)SyntaxKind.TrueLiteralExpression or (int)SyntaxKind.FalseLiteralExpression } => ("bool", ParameterKind.Bool),
            LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } => ("string", ParameterKind.String),
            LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression } literal => literal.Token.Value switch
            {
                int => ("int", ParameterKind.Int),
                long => ("long", ParameterKind.Long),
                double => ("double", ParameterKind.Double),
                float => ("float", ParameterKind.Float),
                decimal => ("decimal", ParameterKind.Decimal),
                _ => (literal.Token.Value?.GetType().Name ?? "?", ParameterKind.Unsupported),
            },
            MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or QualifiedNameSyntax or MemberAccessExpressionSyntax } access =>
                (access.Expression.ToString(), ParameterKind.Enum),
            _ => ("var", ParameterKind.Unsupported),
        };
    }
}
