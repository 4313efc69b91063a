using Shared;
using NotebookRunner.Claims;
using NotebookRunner.Kernel;
using NotebookRunner.Notebook;
using NotebookRunner.Planning;

namespace NotebookRunner.Running;

/// <summary>Runs notebooks headless: checks every input first, then runs each notebook and writes its executed copy.</summary>
public static class Runner
{
    /// <summary>Runs the notebooks; progress and problems go to <paramref name="progressWriter"/> (stderr on the command line).</summary>
    public static async Task<RunSummary> RunAsync(RunnerOptions options, TextWriter progressWriter, CancellationToken cancellation = default)
    {
        var progress = new ProgressReporter(progressWriter);
        var problems = new List<string>();
        var plans = new List<NotebookPlan>();
        var inputs = ExpandInputs(options.Inputs, problems);
        foreach (var path in inputs)
        {
            try
            {
                var notebookProblems = new List<string>();
                var plan = NotebookPlanner.Plan(path, NotebookReader.Read(path), options.Parameters, notebookProblems);
                problems.AddRange(notebookProblems.Select(p => $"{path}: {p}"));
                plans.Add(plan);
            }
            catch (NotebookFormatException e)
            {
                problems.Add($"{path}: {e.Message}");
            }
        }
        // Whether a parameter is unknown can be told only when every notebook could be read.
        if (plans.Count == inputs.Count && plans.Count > 0) problems.AddRange(CheckParameters(options.Parameters, plans));
        problems.AddRange(CheckOutputNames(plans, options));
        var manifests = plans.Select(p => (Plan: p, Manifest: KernelTool.FindManifestFolder(Path.GetDirectoryName(Path.GetFullPath(p.SourcePath))!))).ToList();
        foreach (var missing in manifests.Where(m => m.Manifest == null))
            problems.Add($"{missing.Plan.SourcePath}: no .config/dotnet-tools.json pinning Microsoft.dotnet-interactive above the notebook or the runner; the runner runs notebooks in that kernel (dotnet tool install Microsoft.dotnet-interactive --version 1.0.712001 creates one)");
        if (problems.Count == 0 && OutputFolder.Check(options.OutputDirectory) is { } unwritable) problems.Add(unwritable);
        if (problems.Count > 0)
        {
            foreach (var problem in problems) progress.Problem(problem);
            return new RunSummary(ExitCodes.UsageError, [], problems);
        }

        var results = new List<NotebookRunResult>();
        var entries = plans.Select(p => NotebookEntry.Of(p.SourcePath, p.Document)).ToList();
        for (int index = 0; index < plans.Count; index++)
        {
            if (cancellation.IsCancellationRequested) break;
            var plan = plans[index];
            var result = await new NotebookExecution(plan, options, progress, manifests[index].Manifest!).RunAsync(cancellation);
            if (options.CheckClaims)
            {
                var completed = result.Cells.Where(c => c.Status == CellStatus.Succeeded && c.SourceNumber != null).Select(c => c.SourceNumber!.Value).ToHashSet();
                result.Claims = ClaimEvaluator.Evaluate(plan.Claims, completed);
                progress.ClaimsChecked(result.SourcePath, result.Claims);
            }
            var sequence = new NotebookSequence(entries, index);
            foreach (var writer in Writers(options))
            {
                var output = OutputPath(options, plan.SourcePath, writer.Extension);
                try
                {
                    AtomicFile.Write(output, stream => writer.Write(result.Notebook, result, sequence, stream));
                    result.OutputFiles.Add(output);
                    progress.FileWritten(output, new FileInfo(output).Length);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Always said, even when a cell failed too: a missing copy must not go unnoticed.
                    var problem = $"could not write {output}: {e.Message}";
                    progress.Problem(problem);
                    result.WriteFailures.Add(problem);
                }
            }
            progress.NotebookFinished(result);
            results.Add(result);
        }
        var ok = results.Count == plans.Count && results.All(r => r.Succeeded && r.WriteFailures.Count == 0);
        // A failed cell says more than the claims it left unchecked.
        var claimsHold = results.All(r => r.Claims == null || r.Claims.All(c => c.Holds));
        return new RunSummary(!ok ? ExitCodes.CellFailed : claimsHold ? ExitCodes.Success : ExitCodes.ClaimsFailed, results, []);
    }

    /// <summary>The writers asked for, and with --check-claims the claims report beside them.</summary>
    static IEnumerable<INotebookWriter> Writers(RunnerOptions options) =>
        options.CheckClaims ? [.. options.Writers, new ClaimsReportWriter()] : options.Writers;

    /// <summary>Files as given; folders become their *.ipynb files in name order.</summary>
    static List<string> ExpandInputs(IReadOnlyList<string> inputs, List<string> problems)
    {
        var files = new List<string>();
        if (inputs.Count == 0) problems.Add("no notebook given");
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var found = Directory.GetFiles(input, "*.ipynb").Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0) problems.Add($"{input}: the folder holds no .ipynb notebooks");
                files.AddRange(found);
            }
            else if (File.Exists(input)) files.Add(input);
            else problems.Add($"{input}: no such notebook or folder");
        }
        return files;
    }

    /// <summary>A `--param` that no notebook declares is a mistake (a typo, or the wrong notebook).</summary>
    static IEnumerable<string> CheckParameters(IReadOnlyList<KeyValuePair<string, string>> parameters, List<NotebookPlan> plans)
    {
        foreach (var name in parameters.Select(p => p.Key).Distinct())
        {
            if (plans.Any(p => p.Declared.Any(d => d.Name == name))) continue;
            var withCell = plans.Where(p => p.HasParameterCell).ToList();
            var known = withCell.SelectMany(p => p.Declared.Select(d => d.Name)).Distinct().ToList();
            yield return withCell.Count == 0
                ? $"--param {name}: unknown parameter; no notebook has a cell tagged \"{ParameterCell.Tag}\""
                : $"--param {name}: unknown parameter; the \"{ParameterCell.Tag}\" cell declares {(known.Count == 0 ? "no variables" : string.Join(", ", known))}";
        }
    }

    /// <summary>
    /// The files written must not overwrite each other (two notebooks of one name, or a.ipynb's deck
    /// a.slides.html and a.slides.ipynb's handout), nor the source notebooks.
    /// </summary>
    static IEnumerable<string> CheckOutputNames(List<NotebookPlan> plans, RunnerOptions options)
    {
        // Real paths: an --out that is a symbolic link to the notebooks' folder must not overwrite them.
        var sources = plans.Select(p => RealPath.Of(p.SourcePath)).ToHashSet(StringComparer.Ordinal);
        var outputs = plans.SelectMany(p => Writers(options).Select(w => (Plan: p, Path: RealPath.Of(OutputPath(options, p.SourcePath, w.Extension)))));
        var clashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in outputs.GroupBy(o => o.Path, StringComparer.Ordinal))
        {
            var writers = string.Join(" and ", group.Select(o => o.Plan.SourcePath));
            if (group.Count() > 1 && clashes.Add(writers))
                yield return $"{writers} would both be written to {group.Key}";
            if (sources.Contains(group.Key))
                yield return $"{group.First().Plan.SourcePath}: the executed copy would overwrite the source notebook; choose another --out folder";
        }
    }

    static string OutputPath(RunnerOptions options, string source, string extension) =>
        Path.Combine(options.OutputDirectory, Path.GetFileNameWithoutExtension(source) + extension);
}
