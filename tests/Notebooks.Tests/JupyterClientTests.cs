using System.Globalization;
using System.Text.RegularExpressions;

namespace Notebooks.Tests;

/// <summary>
/// The course through Jupyter's own client: nbconvert executes every notebook in the kernel that
/// `dotnet interactive jupyter install` registers (<see cref="JupyterRun"/>), as a lecturer would run it once
/// Polyglot Notebooks is gone. What each notebook shows is checked by <see cref="CourseNotebookTests"/> for
/// both clients; here is what only Jupyter's run has.
/// </summary>
[Collection(NotebookRunCollection.Name)]
public sealed partial class JupyterClientTests(JupyterRun jupyter, ITestOutputHelper output)
{
    [Fact]
    public void Nbconvert_executes_every_course_notebook_in_the_registered_dotnet_kernel()
    {
        var results = NotebookSourceTests.Names.Select(jupyter.Result).ToList();
        foreach (var r in results)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Name}: nbconvert exit code {r.ExitCode} in {r.Seconds:F1} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all {results.Count} notebooks: {results.Sum(r => r.Seconds):F1} s"));
        Assert.All(results, r =>
        {
            Assert.True(r.ExitCode == 0, $"nbconvert exit code {r.ExitCode} for {r.Name}:\n{r.Output}");
            Assert.True(File.Exists(r.Path), $"nbconvert wrote no {r.Path}:\n{r.Output}");
        });
    }

    /// <summary>
    /// The kernel's Jupyter front end writes every compiler diagnostic of a cell, warnings and infos included,
    /// to the cell's stderr (the runner keeps them out of the notebook), e.g. CS1701 where a cell binds a
    /// TorchSharp operator and TorchSharp references System.Runtime.Numerics 8.0 (the SDK's NoWarn silences 1701
    /// in projects; the kernel's script compilation has no such option). Anything else on stderr is a fault.
    /// </summary>
    [Theory]
    [MemberData(nameof(NotebookSourceTests.NotebookNames), MemberType = typeof(NotebookSourceTests))]
    public void Stderr_holds_nothing_but_the_compilers_warnings(string name)
    {
        var nb = jupyter.Executed(name);
        var stderr = nb.OutputsOfType("stream").Where(o => (string?)o["name"] == "stderr").Select(o => ExecutedNotebook.Join(o["text"]));
        foreach (var text in stderr)
            foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0))
                Assert.Matches(CompilerDiagnostic(), line);
    }

    [GeneratedRegex(@"^(\(\d+,\d+\): )?(warning|info) CS\d{4}: ")]
    private static partial Regex CompilerDiagnostic();
}
