using System.Text.Json.Nodes;
using NotebookRunner.Claims;
using NotebookRunner.Notebook;

namespace NotebookRunner.Planning;

/// <summary>A code cell the runner will execute.</summary>
/// <param name="SourceNumber">1-based position in the source notebook; null for the injected parameters cell.</param>
/// <param name="Kernel">The subkernel the cell is sent to ("csharp", "fsharp", "html", ...).</param>
public sealed record PlannedCell(NotebookCell Cell, int? SourceNumber, string Kernel = KernelNames.CSharp)
{
    /// <summary>How messages name the cell: "cell 3" or "injected parameters cell".</summary>
    public string Label => SourceNumber is int n ? $"cell {n}" : "injected parameters cell";

    /// <summary>JavaScript cells run in the browser (VS Code's webview, the handout page), not in the kernel.</summary>
    public bool RunsInBrowser => KernelNames.RunsInBrowser(Kernel);
}

/// <summary>A notebook checked and prepared for running: outputs cleared, parameters injected.</summary>
public sealed class NotebookPlan
{
    public required string SourcePath { get; init; }

    /// <summary>The copy that becomes the executed notebook.</summary>
    public required NotebookDocument Document { get; init; }

    /// <summary>The code cells to run, in order.</summary>
    public required IReadOnlyList<PlannedCell> Cells { get; init; }

    /// <summary>Cells in the source notebook.</summary>
    public required int SourceCellCount { get; init; }

    /// <summary>Variables declared in the cell tagged "parameters".</summary>
    public required IReadOnlyList<ParameterDeclaration> Declared { get; init; }

    /// <summary>The `--param` values this notebook received, in command-line order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Applied { get; init; }

    /// <summary>The claims of its code cells (cell metadata "claims"), checked for form; whether they hold is known after the run.</summary>
    public IReadOnlyList<Claim> Claims { get; init; } = [];

    public bool HasParameterCell { get; init; }
}

/// <summary>Checks a notebook before anything runs and prepares the copy that will be executed.</summary>
public static class NotebookPlanner
{
    /// <summary>
    /// Plans one notebook. Problems that make it impossible to run (a parameter value of the wrong type, a
    /// parameters cell that is not C#, a malformed claim) are added to <paramref name="problems"/>; everything
    /// a cell may say is the kernel's business, as in VS Code.
    /// Parameters the notebook does not declare are left alone here: with several notebooks, each takes the
    /// ones it declares, and only a name that no notebook declares is an error.
    /// </summary>
    public static NotebookPlan Plan(string path, NotebookDocument document, IReadOnlyList<KeyValuePair<string, string>> parameters, ICollection<string> problems)
    {
        var sourceCount = document.Cells.Count;
        // A previous executed copy used as input: its injected cell would run twice.
        var numbered = document.Cells
            .Select((cell, i) => (Cell: cell, Number: i + 1))
            .Where(c => !c.Cell.Tags.Contains(ParameterCell.InjectedTag))
            .ToList();
        document.Cells.Clear();
        document.Cells.AddRange(numbered.Select(c => c.Cell));

        var defaultKernel = KernelNames.NotebookDefault(document);
        var planned = new List<PlannedCell>();
        foreach (var (cell, number) in numbered.Where(c => c.Cell.IsCode))
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            if (!string.IsNullOrWhiteSpace(cell.Source))
                planned.Add(new PlannedCell(cell, number, KernelOf(cell, defaultKernel)));
        }

        var runsInBrowser = planned.Where(p => p.RunsInBrowser).Select(p => p.Cell).ToHashSet();
        var claims = ClaimReader.Read(numbered, runsInBrowser.Contains, problems);

        var parameterCell = numbered.FirstOrDefault(c => c.Cell.IsCode && c.Cell.Tags.Contains(ParameterCell.Tag)).Cell;
        var parameterKernel = parameterCell == null ? KernelNames.CSharp : KernelOf(parameterCell, defaultKernel);
        var declared = parameterCell == null || parameterKernel != KernelNames.CSharp ? [] : ParameterCell.Declarations(parameterCell.Source);
        if (parameterCell != null && parameterKernel != KernelNames.CSharp && parameters.Count > 0)
            problems.Add($"the cell tagged \"{ParameterCell.Tag}\" is {KernelNames.DisplayName(parameterKernel)}; --param can set variables of a C# parameters cell only");
        var assignments = new List<string>();
        var applied = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in parameters)
        {
            var declaration = declared.LastOrDefault(d => d.Name == name);
            if (declaration == null) continue;
            var assignment = declaration.Assignment(value, out var problem);
            if (assignment == null) problems.Add($"--param {name}: {problem}");
            else
            {
                assignments.Add(assignment);
                applied.Add(new(name, value));
            }
        }
        if (parameterCell != null && assignments.Count > 0)
        {
            var injected = InjectedCell(parameterCell, assignments);
            document.Cells.Insert(document.Cells.IndexOf(parameterCell) + 1, injected);
            var at = planned.FindIndex(p => p.Cell == parameterCell);
            planned.Insert(at + 1, new PlannedCell(injected, null));
        }

        return new NotebookPlan
        {
            SourcePath = path,
            Document = document,
            Cells = planned,
            SourceCellCount = sourceCount,
            Declared = declared,
            Applied = applied,
            Claims = claims,
            HasParameterCell = parameterCell != null,
        };
    }

    /// <summary>
    /// The cell's kernel as Polyglot Notebooks chooses it: the cell's metadata, else a <c>#!name</c> first
    /// line, else the notebook's default kernel, else C#.
    /// </summary>
    static string KernelOf(NotebookCell cell, string? defaultKernel) =>
        KernelNames.Normalize(KernelNames.FromCellMetadata(cell) ?? FirstLineKernel(cell) ?? defaultKernel ?? KernelNames.CSharp);

    static string? FirstLineKernel(NotebookCell cell)
    {
        var first = cell.Source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        if (!first.StartsWith("#!", StringComparison.Ordinal)) return null;
        var name = first[2..].Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return KernelNames.IsKernel(name) ? name : null;
    }

    static NotebookCell InjectedCell(NotebookCell parameterCell, IEnumerable<string> assignments)
    {
        var metadata = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = KernelNames.CSharp },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = KernelNames.CSharp },
            ["tags"] = new JsonArray(ParameterCell.InjectedTag),
        };
        return new NotebookCell
        {
            CellType = CellTypes.Code,
            Source = "// Parameters set on the command line (--param)\n" + string.Join("\n", assignments),
            Metadata = metadata,
            Id = parameterCell.Id == null ? null : parameterCell.Id + "-injected",
        };
    }
}
