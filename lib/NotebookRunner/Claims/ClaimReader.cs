using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookRunner.Notebook;

namespace NotebookRunner.Claims;

/// <summary>
/// Reads the claims of a notebook's cells (<c>metadata.claims</c>) and checks them before anything runs: a
/// malformed claim is an authoring error of the notebook, like a bad parameter, not something to find
/// after an hour of training.
/// </summary>
public static partial class ClaimReader
{
    public const string MetadataKey = "claims";

    /// <summary>How long a claim's pattern may take on one output, so that a pathological pattern cannot hang the runner.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    static readonly string[] Keys = ["statement", "pattern", "min", "max"];

    /// <summary>
    /// The claims of <paramref name="cells"/> (each with its 1-based number in the source notebook). Each
    /// problem is added to <paramref name="problems"/> as one line naming the cell and the claim; claims with
    /// problems are left out of the result.
    /// </summary>
    /// <param name="runsInBrowser">True for a code cell whose output the runner never sees (JavaScript).</param>
    public static IReadOnlyList<Claim> Read(IReadOnlyList<(NotebookCell Cell, int Number)> cells, Func<NotebookCell, bool> runsInBrowser, ICollection<string> problems)
    {
        var markdown = cells.Where(c => c.Cell.CellType == CellTypes.Markdown).Select(c => Collapse(c.Cell.Source)).ToList();
        var claims = new List<Claim>();
        foreach (var (cell, number) in cells)
        {
            if (!cell.Metadata.TryGetPropertyValue(MetadataKey, out var node)) continue;
            var where = $"cell {number.ToString(CultureInfo.InvariantCulture)}";
            if (!cell.IsCode)
            {
                problems.Add($"{where}: claims belong on the code cell whose output they check, not on a {cell.CellType} cell");
                continue;
            }
            if (node is not JsonArray entries)
            {
                problems.Add($"{where}: \"{MetadataKey}\" must be an array of claims, not {Kind(node)}");
                continue;
            }
            if (entries.Count == 0) continue;
            if (string.IsNullOrWhiteSpace(cell.Source))
            {
                problems.Add($"{where}: the cell is empty; it prints nothing its claims could be checked against");
                continue;
            }
            if (runsInBrowser(cell))
            {
                problems.Add($"{where}: the cell runs in the browser (JavaScript); the runner sees none of its output to check claims against");
                continue;
            }
            for (int i = 0; i < entries.Count; i++)
            {
                var label = $"{where}, claim {(i + 1).ToString(CultureInfo.InvariantCulture)}";
                var before = problems.Count;
                var claim = ReadOne(entries[i], cell, number, i + 1, markdown, message => problems.Add($"{label}: {message}"));
                if (claim != null && problems.Count == before) claims.Add(claim);
            }
        }
        return claims;
    }

    static Claim? ReadOne(JsonNode? node, NotebookCell cell, int number, int index, List<string> markdown, Action<string> problem)
    {
        if (node is not JsonObject entry)
        {
            problem($"a claim must be a JSON object with \"statement\", \"pattern\" and \"min\" and/or \"max\", not {Kind(node)}");
            return null;
        }
        foreach (var (key, _) in entry.Where(e => !Keys.Contains(e.Key)))
            problem($"unknown key \"{key}\"; a claim has \"statement\", \"pattern\", \"min\" and \"max\"");

        var statement = Text(entry, "statement", problem) is { } s ? Collapse(s).Trim() : null;
        var pattern = Text(entry, "pattern", problem) is { } p ? Pattern(p, problem) : null;
        var min = Bound(entry, "min", problem);
        var max = Bound(entry, "max", problem);
        if (!entry.ContainsKey("min") && !entry.ContainsKey("max"))
            problem("the claim has neither \"min\" nor \"max\"; give at least one");
        if (min is { } lo && max is { } hi && lo.Value > hi.Value)
            problem($"\"min\" {lo.Text} is greater than \"max\" {hi.Text}");

        if (statement != null)
        {
            if (!markdown.Any(m => m.Contains(statement, StringComparison.Ordinal)))
                problem($"the statement \"{statement}\" is not in any markdown cell");
            foreach (var (name, bound) in new[] { ("min", min), ("max", max) })
            {
                if (bound is { } b && !StatementNumbers.Contains(statement, b.Text, b.Value))
                    problem($"the statement \"{statement}\" does not contain {name} {b.Text}; the prose must state the range the claim checks");
            }
        }
        return statement == null || pattern == null || (min == null && max == null)
            ? null
            : new Claim(cell, number, index, statement, pattern, min?.Value, max?.Value);
    }

    static string? Text(JsonObject entry, string key, Action<string> problem)
    {
        if (!entry.TryGetPropertyValue(key, out var node))
        {
            problem($"\"{key}\" is missing");
            return null;
        }
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            problem($"\"{key}\" must be a string, not {Kind(node)}");
            return null;
        }
        var text = value.GetValue<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            problem($"\"{key}\" is empty");
            return null;
        }
        return text;
    }

    /// <summary>The pattern compiled with a match timeout; it must capture exactly one group, the number.</summary>
    static Regex? Pattern(string text, Action<string> problem)
    {
        Regex regex;
        try
        {
            regex = new Regex(text, RegexOptions.None, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            problem($"the pattern /{text}/ is not a valid regular expression: {e.Message}");
            return null;
        }
        var groups = regex.GetGroupNumbers().Length - 1;
        if (groups == 1) return regex;
        problem(groups == 0
            ? $"the pattern /{text}/ has no capturing group; put one around the number, e.g. (-?[0-9.]+)"
            : $"the pattern /{text}/ has {groups.ToString(CultureInfo.InvariantCulture)} capturing groups; it needs exactly one, around the number (write the others as (?:...))");
        return null;
    }

    /// <summary>A bound with its text as the JSON writes it, which the statement must contain.</summary>
    static (double Value, string Text)? Bound(JsonObject entry, string key, Action<string> problem)
    {
        if (!entry.TryGetPropertyValue(key, out var node)) return null;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            problem($"\"{key}\" must be a number, not {Kind(node)}");
            return null;
        }
        var text = value.ToJsonString();
        if (!value.TryGetValue<double>(out var number) || !double.IsFinite(number))
        {
            problem($"\"{key}\" {text} is out of range");
            return null;
        }
        return (number, text);
    }

    static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => $"a string ({v.ToJsonString()})",
            JsonValueKind.Number => $"a number ({v.ToJsonString()})",
            JsonValueKind.True or JsonValueKind.False => $"a boolean ({v.ToJsonString()})",
            _ => "null",
        },
        _ => "something else",
    };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>Runs of whitespace as one space: a statement may break across lines differently from the prose.</summary>
    public static string Collapse(string text) => Whitespace().Replace(text, " ");
}
