using System.Text.Json.Nodes;
using NotebookRunner.Notebook;

namespace NotebookRunner.Planning;

/// <summary>Finds which kernel (language) each cell belongs to, the way Polyglot Notebooks does.</summary>
public static class KernelNames
{
    public const string CSharp = "csharp";

    public const string JavaScript = "javascript";

    /// <summary>Kernel names Polyglot Notebooks knows besides C#, so that `#!fsharp` reads as a kernel, not a magic command.</summary>
    static readonly HashSet<string> OtherKernels =
        ["fsharp", "pwsh", "javascript", "html", "sql", "kql", "markdown", "mermaid", "value", "python", "r", "http", "typescript"];

    /// <summary>Lower-case canonical name: "C#", ".net-csharp" and "cs" all become "csharp".</summary>
    public static string Normalize(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        if (n.StartsWith(".net-", StringComparison.Ordinal)) n = n[".net-".Length..];
        return n switch
        {
            "c#" or "cs" or "csharp" => CSharp,
            "f#" or "fs" or "fsharp" => "fsharp",
            "powershell" or "pwsh" => "pwsh",
            "js" or "javascript" => "javascript",
            "md" or "markdown" => "markdown",
            _ => n,
        };
    }

    /// <summary>True when a `#!name` line selects a kernel (as opposed to a magic command such as `#!time`).</summary>
    public static bool IsKernel(string name)
    {
        var n = Normalize(name);
        return n == CSharp || OtherKernels.Contains(n);
    }

    /// <summary>JavaScript runs in the browser that shows the notebook (VS Code's webview); the kernel process has no such subkernel.</summary>
    public static bool RunsInBrowser(string kernel) => Normalize(kernel) == JavaScript;

    /// <summary>A name for messages: "F#", "PowerShell", ...</summary>
    public static string DisplayName(string kernel) => Normalize(kernel) switch
    {
        CSharp => "C#",
        "fsharp" => "F#",
        "pwsh" => "PowerShell",
        "javascript" => "JavaScript",
        "html" => "HTML",
        "sql" => "SQL",
        "kql" => "KQL",
        var other => other,
    };

    /// <summary>The kernel named in the cell's metadata (Polyglot's, then the legacy .NET Interactive field), or null.</summary>
    public static string? FromCellMetadata(NotebookCell cell) =>
        Text(cell.Metadata["polyglot_notebook"]?["kernelName"]) ?? Text(cell.Metadata["dotnet_interactive"]?["language"]);

    /// <summary>The notebook's default kernel from its top-level metadata, or null when it names none.</summary>
    public static string? NotebookDefault(NotebookDocument notebook)
    {
        var metadata = notebook.Metadata;
        var fromPolyglot = Text(metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]);
        if (fromPolyglot != null) return fromPolyglot;
        var fromSpec = Text(metadata["kernelspec"]?["name"]);
        if (fromSpec != null) return fromSpec;
        // Newer Polyglot files say "polyglot-notebook" here, which names no language.
        var language = Text(metadata["language_info"]?["name"]);
        return language is null or "polyglot-notebook" ? null : language;
    }

    static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
