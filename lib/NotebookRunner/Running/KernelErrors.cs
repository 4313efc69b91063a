using System.Globalization;
using System.Text.RegularExpressions;
using NotebookRunner.Notebook;

namespace NotebookRunner.Running;

/// <summary>Turns the message of a kernel's <c>CommandFailed</c> into an nbformat <c>error</c> output and a cell status.</summary>
static partial class KernelErrors
{
    public const string CompilationError = "CompilationError";
    public const string RestoreError = "PackageRestoreError";

    /// <summary>
    /// The error output for a failed cell. Compile errors become one line per diagnostic,
    /// "cell 3, line 2, column 13: error CS0029: ...", with the line counted in the cell as written
    /// (the kernel compiles the cell without its <c>#r</c> and <c>#!</c> lines and counts in what is left).
    /// </summary>
    /// <param name="compiledLineToCellLine">Maps a 1-based line of the compiled code to the cell's line; null when unknown.</param>
    public static (ErrorOutput Output, CellStatus Status) FromFailure(string message, string cellLabel, Func<int, int>? compiledLineToCellLine)
    {
        var lines = message.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var diagnostics = lines.Select(l => Diagnostic().Match(l)).ToList();
        if (diagnostics.Any(d => d.Success && d.Groups["severity"].Value == "error") && diagnostics.All(d => d.Success))
        {
            var described = diagnostics.Select(d => Describe(d, cellLabel, compiledLineToCellLine)).ToList();
            return (new ErrorOutput(CompilationError, string.Join("\n", described), described), CellStatus.CompileError);
        }
        if (lines.Any(l => RestoreFailure().IsMatch(l)))
            return (new ErrorOutput(RestoreError, message.Trim(), lines), CellStatus.SetupError);

        if (ExceptionHeader().Match(lines[0]) is { Success: true } header)
        {
            // The message runs until the stack trace starts.
            var messageLines = new List<string> { header.Groups["message"].Value };
            messageLines.AddRange(lines.Skip(1).TakeWhile(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal) && !l.TrimStart().StartsWith("--- ", StringComparison.Ordinal)));
            var traceback = lines.Where(l => !IsKernelFrame(l)).ToList();
            return (new ErrorOutput(header.Groups["type"].Value, string.Join("\n", messageLines).TrimEnd(), traceback), CellStatus.RuntimeError);
        }
        return (new ErrorOutput("Error", message.Trim(), lines), CellStatus.RuntimeError);
    }

    /// <summary>The first lines of an error, for the progress line under a failed cell.</summary>
    public static string Summary(ErrorOutput error, int maxLines = 8)
    {
        var lines = (error.Name is CompilationError or RestoreError or "Error" ? error.Value : $"{error.Name}: {error.Value}").Split('\n');
        var shown = string.Join("\n      ", lines.Take(maxLines));
        return lines.Length > maxLines ? shown + $"\n      ... ({lines.Length - maxLines} more lines in the executed notebook)" : shown;
    }

    static string Describe(Match diagnostic, string cellLabel, Func<int, int>? map)
    {
        var line = int.Parse(diagnostic.Groups["line"].Value, CultureInfo.InvariantCulture);
        var column = diagnostic.Groups["column"].Value;
        var cellLine = map?.Invoke(line) ?? line;
        return $"{cellLabel}, line {cellLine}, column {column}: {diagnostic.Groups["severity"].Value} {diagnostic.Groups["code"].Value}: {diagnostic.Groups["text"].Value}";
    }

    /// <summary>Frames of the kernel's scripting machinery say nothing to the person who wrote the cell.</summary>
    static bool IsKernelFrame(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.StartsWith("at Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal)
            || trimmed.StartsWith("at Microsoft.DotNet.Interactive.", StringComparison.Ordinal)
            || trimmed.StartsWith("at System.Runtime.CompilerServices.AsyncMethodBuilderCore.", StringComparison.Ordinal);
    }

    // "(2,12): error CS0029: Cannot implicitly convert type 'int' to 'string'"
    [GeneratedRegex(@"^\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning) (?<code>[A-Z]+\d+): (?<text>.*)$")]
    private static partial Regex Diagnostic();

    // ".../Project.fsproj : error NU1101: Unable to find package ..."
    [GeneratedRegex(@"\berror NU\d{4}\b")]
    private static partial Regex RestoreFailure();

    // "System.InvalidOperationException: message" (also nested types such as Outer+InnerException)
    [GeneratedRegex(@"^(?<type>[A-Za-z_][\w.+`]*(Exception|Error))(: (?<message>.*))?$")]
    private static partial Regex ExceptionHeader();
}
