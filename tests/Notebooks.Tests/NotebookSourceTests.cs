using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Notebooks.Tests;

/// <summary>Rules for the notebooks as committed: clean, Polyglot-format, and shaped alike.</summary>
public partial class NotebookSourceTests
{
    public static readonly string[] Names =
    [
        "01-the-gan-game.ipynb", "02-optimal-discriminator.ipynb", "03-js-divergence.ipynb",
        "04-mnist-gan.ipynb", "05-evaluating-gans.ipynb", "06-wasserstein-gan.ipynb", "07-dcgan.ipynb",
        "08-conditional-gan.ipynb",
    ];

    public static TheoryData<string> NotebookNames => [.. Names];

    static readonly string Root = FindRoot();

    static ExecutedNotebook Load(string name) => new(Path.Combine(Root, "notebooks", name));

    [Fact]
    public void The_course_has_exactly_these_notebooks()
    {
        Assert.Equal(Names, Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Select(Path.GetFileName).Order());
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Is_committed_without_outputs_or_execution_counts(string name)
    {
        foreach (var cell in Load(name).CodeCells)
        {
            Assert.Empty(cell["outputs"]!.AsArray());
            Assert.Null(cell["execution_count"]);
        }
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Has_polyglot_csharp_metadata_and_nothing_else(string name)
    {
        var nb = Load(name);
        Assert.Equal(4, (int)nb.Root["nbformat"]!);
        Assert.Equal(5, (int)nb.Root["nbformat_minor"]!);
        var metadata = nb.Root["metadata"]!.AsObject();
        Assert.Equal(["kernelspec", "language_info", "polyglot_notebook"], metadata.Select(p => p.Key).Order());
        Assert.Equal(".net-csharp", (string?)metadata["kernelspec"]!["name"]);
        Assert.Equal("csharp", (string?)metadata["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);
        foreach (var cell in nb.CodeCells)
        {
            Assert.Equal("csharp", (string?)cell["metadata"]!["polyglot_notebook"]!["kernelName"]);
            Assert.Equal("csharp", (string?)cell["metadata"]!["dotnet_interactive"]!["language"]);
        }
        // Every source line but the last ends with a newline, or lines run together when joined.
        foreach (var cell in nb.Cells)
        {
            var lines = cell["source"]!.AsArray().Select(l => (string)l!).ToArray();
            Assert.All(lines.SkipLast(1), l => Assert.EndsWith("\n", l));
        }
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void The_first_code_cell_loads_the_course_setup_script(string name)
    {
        var first = ExecutedNotebook.Source(Load(name).CodeCells.First());
        Assert.Equal("// Sets up the notebook: TorchSharp, Plotly.NET and the course library (see course.csx next to this notebook).\n#load \"course.csx\"", first);
    }

    [Fact]
    public void The_setup_script_pins_the_central_package_versions_and_calls_setup()
    {
        var script = File.ReadAllText(Path.Combine(Root, "notebooks", "course.csx"));
        var pinned = PackageLine().Matches(script).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(["MathNet.Numerics", "Plotly.NET", "Plotly.NET.CSharp", "System.IO.Hashing", "TorchSharp-cpu", "TorchSharp-cuda-linux", "TorchSharp-cuda-windows"], pinned.Keys.Order());
        var central = CentralVersions();
        foreach (var (package, version) in pinned)
            Assert.True(central.TryGetValue(package, out var expected) && expected == version,
                $"course.csx pins {package} {version}; Directory.Packages.props says {(expected ?? "nothing")}");
        Assert.Contains("GanCourse.Course.Setup();", script);
        Assert.Contains("dotnet build lib/GanCourse", script);
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Code_cells_stay_short(string name)
    {
        foreach (var cell in Load(name).CodeCells)
        {
            var lines = ExecutedNotebook.Source(cell).Split('\n').Length;
            Assert.True(lines <= 25, $"{name}: a cell of {lines} lines: {ExecutedNotebook.Source(cell).Split('\n')[0]}");
        }
    }

    [Fact]
    public void Every_notebook_has_the_same_first_cell()
    {
        Assert.Single(Names.Select(n => ExecutedNotebook.Source(Load(n).CodeCells.First())).Distinct());
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Training_code_is_in_cells_not_in_markdown(string name)
    {
        foreach (var markdown in Load(name).Cells.Where(c => (string?)c["cell_type"] == "markdown").Select(ExecutedNotebook.Source))
        {
            // Solutions are listings of cells to paste and run (tested in ExerciseSolutionTests); any other listing is not allowed.
            var outsideSolutions = Regex.Replace(markdown, "<details>.*?</details>", "", RegexOptions.Singleline);
            Assert.DoesNotContain("```", outsideSolutions);
        }
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Has_a_parameters_cell_with_quick_off_by_default(string name)
    {
        var parameters = Assert.Single(Load(name).CodeCells, c => c["metadata"]!["tags"]?.AsArray().Any(t => (string?)t == "parameters") == true);
        Assert.Contains("bool quick = false;", ExecutedNotebook.Source(parameters));
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Ends_with_a_summary_and_exercises(string name)
    {
        var markdown = Load(name).Cells.Where(c => (string?)c["cell_type"] == "markdown").Select(ExecutedNotebook.Source).ToArray();
        var last = markdown[^1];
        Assert.Contains("## Summary", string.Join("\n", markdown.TakeLast(2)));
        var exercises = last[last.IndexOf("## Exercises", StringComparison.Ordinal)..];
        Assert.InRange(ExerciseLine().Matches(exercises).Count, 2, 4);
        Assert.Contains(markdown, m => m.Contains('$'));   // equations are LaTeX
    }

    static Dictionary<string, string> CentralVersions()
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Packages.props"));
        var properties = props.Descendants().Where(e => e.Parent?.Name == "PropertyGroup").ToDictionary(e => e.Name.LocalName, e => e.Value);
        return props.Descendants("PackageVersion").ToDictionary(
            e => (string)e.Attribute("Include")!,
            e => Regex.Replace((string)e.Attribute("Version")!, @"\$\((\w+)\)", m => properties[m.Groups[1].Value]));
    }

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "global.json"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"#r ""nuget:\s*([^,""]+),\s*([^""]+)""")]
    private static partial Regex PackageLine();

    [GeneratedRegex(@"^\d+\. ", RegexOptions.Multiline)]
    private static partial Regex ExerciseLine();
}
