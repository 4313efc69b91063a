using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Notebooks.Tests;

/// <summary>
/// What a later notebook takes from an earlier one it takes from the library's saved copy (lib/GanCourse/Saved),
/// as d2l does with its #@save cells. A cell that says "Saved in the course library as Class.Member" must
/// define exactly the members the library's copy has, with the same code: only the library's
/// <c>public static</c> and the cell's comment line differ.
/// </summary>
public partial class SavedCopyTests
{
    static readonly string Root = FindRoot();

    /// <summary>(notebook, cell index, class, members) of every cell that declares a saved copy.</summary>
    public static TheoryData<string, int, string, string> SavedCells()
    {
        var data = new TheoryData<string, int, string, string>();
        foreach (var name in NotebookSourceTests.Names)
        {
            var cells = new ExecutedNotebook(Path.Combine(Root, "notebooks", name)).CodeCells.Select(ExecutedNotebook.Source).ToList();
            for (int i = 0; i < cells.Count; i++)
                if (SavedMarker().Match(cells[i]) is { Success: true } m)
                {
                    var members = Regex.Matches(m.Groups[1].Value, @"(\w+)\.(\w+)").Select(x => x.Groups[2].Value);
                    data.Add(name, i, Regex.Match(m.Groups[1].Value, @"(\w+)\.").Groups[1].Value, string.Join(",", members));
                }
        }
        return data;
    }

    [Fact]
    public void Notebooks_04_06_and_07_save_their_networks_and_steps()
    {
        var saved = SavedCells().Select(row => ((string)row[0], (string)row[2], (string)row[3])).ToList();
        Assert.Equal(
            [("04-mnist-gan.ipynb", "MnistGan", "Generator,Discriminator"), ("04-mnist-gan.ipynb", "MnistGan", "Noise"),
             ("04-mnist-gan.ipynb", "MnistGan", "UpdateDiscriminator"), ("04-mnist-gan.ipynb", "MnistGan", "UpdateGenerator"),
             ("04-mnist-gan.ipynb", "MnistGan", "TrainingStep"),
             ("06-wasserstein-gan.ipynb", "Wgan", "Critic"), ("06-wasserstein-gan.ipynb", "Wgan", "GradientPenalty"),
             ("06-wasserstein-gan.ipynb", "Wgan", "UpdateCritic,UpdateCriticClipped"), ("06-wasserstein-gan.ipynb", "Wgan", "UpdateGenerator"),
             ("06-wasserstein-gan.ipynb", "Wgan", "WganStep"), ("07-dcgan.ipynb", "Dcgan", "InitializeWeights"),
             ("07-dcgan.ipynb", "Dcgan", "Generator"), ("07-dcgan.ipynb", "Dcgan", "Discriminator")],
            saved);
        // Every member of the saved classes comes from a notebook cell.
        foreach (var type in saved.Select(s => s.Item2).Distinct())
            Assert.Equal(saved.Where(s => s.Item2 == type).SelectMany(s => s.Item3.Split(',')).Order(), LibraryMembers(type).Keys.Order());
    }

    [Theory]
    [MemberData(nameof(SavedCells))]
    public void The_library_copy_is_the_cell(string notebook, int cell, string type, string members)
    {
        var source = ExecutedNotebook.Source(new ExecutedNotebook(Path.Combine(Root, "notebooks", notebook)).CodeCells.ElementAt(cell));
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(kind: SourceCodeKind.Script, languageVersion: LanguageVersion.Latest));
        var inCell = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().ToDictionary(m => m.Identifier.Text, Normalize);
        Assert.Equal(members.Split(','), inCell.Keys);
        var library = LibraryMembers(type);
        foreach (var (member, code) in inCell)
        {
            Assert.True(library.TryGetValue(member, out var copy), $"lib/GanCourse/Saved/{type}.cs has no {member}");
            Assert.True(copy == code, $"{type}.{member} differs from {notebook}'s cell {cell + 1}:\n--- notebook\n{code}\n--- library\n{copy}");
        }
    }

    static Dictionary<string, string> LibraryMembers(string type)
    {
        var file = Path.Combine(Root, "lib", "GanCourse", "Saved", type + ".cs");
        var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file));
        return tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .ToDictionary(m => m.Identifier.Text, m => Normalize(m.WithModifiers(default)));
    }

    /// <summary>The declaration without its leading comments and modifiers, in a canonical layout (comments inside are kept).</summary>
    static string Normalize(MethodDeclarationSyntax method) =>
        method.WithModifiers(default).WithoutLeadingTrivia().NormalizeWhitespace().ToFullString();

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "global.json"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"^// Saved in the course library as (.+)\.$", RegexOptions.Multiline)]
    private static partial Regex SavedMarker();
}
