using System.Text;
using System.Text.RegularExpressions;

namespace NotebookRunner.Planning;

/// <summary>What a magic line or directive of a C# cell asks for.</summary>
public enum DirectiveKind
{
    /// <summary>`#!csharp`: names the cell's kernel; dropped before compiling.</summary>
    CSharpKernel,
    /// <summary>`#!fsharp`, `#!pwsh`, ...: a kernel this runner does not have.</summary>
    OtherKernel,
    /// <summary>`#!time`: report the cell's wall time.</summary>
    Time,
    /// <summary>`#!name` that is neither a kernel nor a magic command the runner knows.</summary>
    UnknownMagic,
    /// <summary>`#r "nuget: Name, Version"`.</summary>
    NuGetReference,
    /// <summary>`#i "nuget: source"`.</summary>
    NuGetSource,
    /// <summary>`#r "path/to.dll"`.</summary>
    AssemblyReference,
    /// <summary>`#i` with something other than a NuGet source.</summary>
    UnsupportedInclude,
    /// <summary>`#load "file.csx"`.</summary>
    Load,
}

/// <summary>One directive line of a cell.</summary>
/// <param name="Line">1-based line in the cell.</param>
/// <param name="Argument">The quoted text, or the magic's name.</param>
public sealed record Directive(int Line, DirectiveKind Kind, string Argument)
{
    /// <summary>For NuGet references: the package id and version ("" when none was given).</summary>
    public (string Id, string Version) Package
    {
        get
        {
            var text = Argument["nuget:".Length..];
            var comma = text.IndexOf(',');
            return comma < 0 ? (text.Trim(), "") : (text[..comma].Trim(), text[(comma + 1)..].Trim());
        }
    }

    /// <summary>For NuGet sources: the source after "nuget:".</summary>
    public string Source => Argument["nuget:".Length..].Trim();
}

/// <summary>A C# cell split into its directives and the code Roslyn compiles.</summary>
/// <remarks>
/// Directive lines become blank lines in <see cref="Code"/> so that compiler line numbers still match the
/// cell. `#load` must precede all code for Roslyn while the kernel accepts it anywhere, so those lines
/// move to the top and a `#line 1` directive restores the numbering.
/// </remarks>
public sealed partial class CellSource
{
    public required string Code { get; init; }
    public required IReadOnlyList<Directive> Directives { get; init; }

    public static CellSource Parse(string source)
    {
        var lines = source.Split('\n');
        var directives = new List<Directive>();
        var code = new StringBuilder();
        var hoisted = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            var directive = ParseLine(i + 1, lines[i]);
            if (directive != null) directives.Add(directive);
            if (directive?.Kind == DirectiveKind.Load) hoisted.Append(lines[i].TrimEnd('\r')).Append('\n');
            if (i > 0) code.Append('\n');
            if (directive == null) code.Append(lines[i]);
        }
        if (hoisted.Length > 0) code.Insert(0, hoisted.Append("#line 1\n"));
        return new CellSource { Code = code.ToString(), Directives = directives };
    }

    static Directive? ParseLine(int number, string line)
    {
        var text = line.Trim();
        if (text.StartsWith("#!", StringComparison.Ordinal))
        {
            var name = text[2..].Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (KernelNames.IsKernel(name))
                return new Directive(number, KernelNames.Normalize(name) == KernelNames.CSharp ? DirectiveKind.CSharpKernel : DirectiveKind.OtherKernel, KernelNames.Normalize(name));
            return new Directive(number, name == "time" ? DirectiveKind.Time : DirectiveKind.UnknownMagic, name);
        }

        var match = QuotedDirective().Match(text);
        if (!match.Success) return null;
        var argument = match.Groups["arg"].Value;
        var isNuGet = argument.TrimStart().StartsWith("nuget:", StringComparison.OrdinalIgnoreCase);
        if (isNuGet) argument = "nuget:" + argument.TrimStart()["nuget:".Length..];
        var kind = match.Groups["name"].Value switch
        {
            "r" => isNuGet ? DirectiveKind.NuGetReference : DirectiveKind.AssemblyReference,
            "i" => isNuGet ? DirectiveKind.NuGetSource : DirectiveKind.UnsupportedInclude,
            _ => DirectiveKind.Load,
        };
        return new Directive(number, kind, argument);
    }

    [GeneratedRegex("""^#(?<name>r|i|load)\s+"(?<arg>[^"]*)"\s*(//.*)?$""")]
    private static partial Regex QuotedDirective();
}
