using System.Text.RegularExpressions;

namespace NotebookRunner.Planning;

/// <summary>A package a cell asks for with <c>#r "nuget: Name, Version"</c>.</summary>
/// <param name="Version">The version as written ("" when none was given; may be a range or a wildcard).</param>
public sealed record PackageRequest(string Name, string Version)
{
    /// <summary>True when the request names one exact version, so the kernel restoring another one is worth saying.</summary>
    public bool IsExact => Version.Length > 0 && !Version.Contains('*') && !Version.StartsWith('[') && !Version.StartsWith('(');
}

/// <summary>
/// The parts of a cell's text the runner reads itself: the code with its directive lines blanked (to find
/// the variables a parameters cell declares) and the packages it asks for. Everything else about the
/// cell is the kernel's business.
/// </summary>
public sealed partial class CellSource
{
    /// <summary>The cell with <c>#!</c>, <c>#r</c>, <c>#i</c> and <c>#load</c> lines blanked, so line numbers still match.</summary>
    public required string Code { get; init; }

    public required IReadOnlyList<PackageRequest> Packages { get; init; }

    public static CellSource Parse(string source)
    {
        var lines = source.Split('\n');
        var packages = new List<PackageRequest>();
        for (int i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.StartsWith("#!", StringComparison.Ordinal))
            {
                lines[i] = "";
                continue;
            }
            var match = QuotedDirective().Match(text);
            if (!match.Success) continue;
            lines[i] = "";
            var argument = match.Groups["arg"].Value.Trim();
            if (match.Groups["name"].Value == "r" && argument.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
            {
                var parts = argument["nuget:".Length..].Split(',', 2);
                packages.Add(new PackageRequest(parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : ""));
            }
        }
        return new CellSource { Code = string.Join('\n', lines), Packages = packages };
    }

    [GeneratedRegex("""^#(?<name>r|i|load)\s+"(?<arg>[^"]*)"\s*(//.*)?$""")]
    private static partial Regex QuotedDirective();
}
