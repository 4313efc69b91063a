using System.Globalization;
using Microsoft.CodeAnalysis;
using NotebookRunner.Notebook;

namespace NotebookRunner.Scripting;

/// <summary>Builds the <c>error</c> outputs for compile errors, exceptions and failed directives.</summary>
static class ErrorOutputs
{
    public const string CompilationError = "CompilationError";
    public const string SetupError = "NotebookSetupError";

    /// <summary>One line per compiler error: "cell 3, line 2, column 9: error CS0029: ...".</summary>
    public static ErrorOutput FromDiagnostics(string cellLabel, IEnumerable<Diagnostic> errors)
    {
        var lines = errors.Select(d => Describe(cellLabel, d)).ToList();
        return new ErrorOutput(CompilationError, string.Join("\n", lines), lines);
    }

    static string Describe(string cellLabel, Diagnostic diagnostic)
    {
        var message = $"error {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
        if (!diagnostic.Location.IsInSource && diagnostic.Location.Kind != LocationKind.ExternalFile) return $"{cellLabel}: {message}";
        var span = diagnostic.Location.GetMappedLineSpan();
        var where = string.IsNullOrEmpty(span.Path) || span.Path == cellLabel ? cellLabel : span.Path;
        return $"{where}, line {span.StartLinePosition.Line + 1}, column {span.StartLinePosition.Character + 1}: {message}";
    }

    /// <summary>
    /// The exception with its stack trace cut down to the notebook's own frames: frames of Roslyn's script
    /// machinery and of the runner say nothing to the person who wrote the cell.
    /// </summary>
    /// <param name="workingDirectory">The notebook's folder: frames name cells and scripts relative to it ("in cell 3:line 2").</param>
    public static ErrorOutput FromException(Exception exception, string workingDirectory)
    {
        var folderPrefix = " in " + Path.TrimEndingDirectorySeparator(workingDirectory) + Path.DirectorySeparatorChar;
        var traceback = new List<string>();
        foreach (var line in exception.ToString().Replace(folderPrefix, " in ", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd('\r')))
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("at Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal)) continue;
            if (trimmed.StartsWith("at NotebookRunner.", StringComparison.Ordinal)) continue;
            if (trimmed.StartsWith("at System.Runtime.CompilerServices.AsyncMethodBuilderCore.", StringComparison.Ordinal)) continue;
            traceback.Add(line);
        }
        // An "end of stack trace" marker followed by nothing (its frames were all runner frames) is noise.
        while (traceback.Count > 0 && traceback[^1].TrimStart().StartsWith("--- End of stack trace", StringComparison.Ordinal))
            traceback.RemoveAt(traceback.Count - 1);
        return new ErrorOutput(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, traceback);
    }

    /// <summary>A failed directive (#r, #i, NuGet restore): "cell 3, line 1: ..." plus any detail lines.</summary>
    public static ErrorOutput Setup(string message)
    {
        var lines = message.Split('\n');
        return new ErrorOutput(SetupError, message, lines);
    }
}
