using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Notebooks.Tests;

/// <summary>
/// What a later notebook takes from an earlier one it takes from the library's saved copy (lib/GanCourse/Saved),
/// as d2l does with its #@save cells. A cell that says "Saved in the course library as Class.Member" must
/// define exactly the members the library's copy has, with the same code: a method, or a class that the
/// library nests in its saved class. Only the library's modifiers on the member itself (<c>public static</c>,
/// <c>public</c>) and the comment lines above it differ; a class's body must match to the letter, its members'
/// modifiers included.
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
    public void Notebooks_04_06_07_and_08_save_their_networks_and_steps()
    {
        var saved = SavedCells().Select(row => ((string)row[0], (string)row[2], (string)row[3])).ToList();
        Assert.Equal(
            [("04-mnist-gan.ipynb", "MnistGan", "Generator,Discriminator"), ("04-mnist-gan.ipynb", "MnistGan", "Noise"),
             ("04-mnist-gan.ipynb", "MnistGan", "UpdateDiscriminator"), ("04-mnist-gan.ipynb", "MnistGan", "UpdateGenerator"),
             ("04-mnist-gan.ipynb", "MnistGan", "TrainingStep"),
             ("06-wasserstein-gan.ipynb", "Wgan", "Critic"), ("06-wasserstein-gan.ipynb", "Wgan", "GradientPenalty"),
             ("06-wasserstein-gan.ipynb", "Wgan", "UpdateCritic,UpdateCriticClipped"), ("06-wasserstein-gan.ipynb", "Wgan", "UpdateGenerator"),
             ("06-wasserstein-gan.ipynb", "Wgan", "WganStep"), ("07-dcgan.ipynb", "Dcgan", "InitializeWeights"),
             ("07-dcgan.ipynb", "Dcgan", "Generator"), ("07-dcgan.ipynb", "Dcgan", "Discriminator"),
             ("08-conditional-gan.ipynb", "ConditionalGan", "ConditionalGenerator"), ("08-conditional-gan.ipynb", "ConditionalGan", "ConditionalDiscriminator"),
             ("08-conditional-gan.ipynb", "ConditionalGan", "UpdateDiscriminator"), ("08-conditional-gan.ipynb", "ConditionalGan", "UpdateGenerator")],
            saved);
        // Every member of the saved classes, nested classes included, comes from a notebook cell.
        foreach (var type in saved.Select(s => s.Item2).Distinct())
            Assert.Equal(saved.Where(s => s.Item2 == type).SelectMany(s => s.Item3.Split(',')).Order(), LibraryMembers(type).Keys.Order());
    }

    [Theory]
    [MemberData(nameof(SavedCells))]
    public void The_library_copy_is_the_cell(string notebook, int cell, string type, string members)
    {
        var differences = Differences(CellSource(notebook, cell), members.Split(','), type, LibraryMembers(type));
        Assert.True(differences.Count == 0, $"{notebook}'s cell {cell + 1}: " + string.Join("\n", differences));
    }

    /// <summary>A changed line inside a saved class is caught as surely as one inside a saved method; modifiers on the class itself are not compared.</summary>
    [Theory]
    [InlineData("body = Dcgan.Generator(noiseSize + embeddingSize, filters);", "body = Dcgan.Generator(noiseSize, filters);")]
    [InlineData("public Tensor Embed(Tensor labels)", "Tensor Embed(Tensor labels)")]
    [InlineData("    public Tensor Draw(Tensor z, Tensor labelEmbeddings) => body.forward(cat([z, labelEmbeddings], 1));\n", "")]
    [InlineData("readonly nn.Module<Tensor, Tensor> body;", "readonly nn.Module<Tensor, Tensor> body, extra;")]
    public void A_class_whose_body_differs_from_the_librarys_copy_is_reported(string original, string altered)
    {
        var (notebook, cell) = ("08-conditional-gan.ipynb", CellIndex("08-conditional-gan.ipynb", "ConditionalGan.ConditionalGenerator"));
        var source = CellSource(notebook, cell).ReplaceLineEndings("\n");
        Assert.Contains(original, source);
        var library = LibraryMembers("ConditionalGan");
        Assert.Empty(Differences(source, ["ConditionalGenerator"], "ConditionalGan", library));
        Assert.Empty(Differences(source.Replace("class ConditionalGenerator", "public sealed class ConditionalGenerator"), ["ConditionalGenerator"], "ConditionalGan", library));

        var differences = Differences(source.Replace(original, altered), ["ConditionalGenerator"], "ConditionalGan", library);

        Assert.Contains("ConditionalGan.ConditionalGenerator differs", Assert.Single(differences));
    }

    /// <summary>What keeps the cell from matching the library: wrong members, a member the library lacks, or a member whose code differs.</summary>
    static List<string> Differences(string cellSource, IReadOnlyList<string> members, string type, IReadOnlyDictionary<string, string> library)
    {
        var tree = CSharpSyntaxTree.ParseText(cellSource, new CSharpParseOptions(kind: SourceCodeKind.Script, languageVersion: LanguageVersion.Latest));
        var inCell = SavedMembers(((CompilationUnitSyntax)tree.GetRoot()).Members);
        if (!inCell.Keys.SequenceEqual(members))
            return [$"the cell declares {string.Join(", ", inCell.Keys)}; its marker names {string.Join(", ", members)}"];
        var differences = new List<string>();
        foreach (var (member, code) in inCell)
            if (!library.TryGetValue(member, out var copy))
                differences.Add($"lib/GanCourse/Saved/{type}.cs has no {member}");
            else if (copy != code)
                differences.Add($"{type}.{member} differs from the cell:\n--- notebook\n{code}\n--- library\n{copy}");
        return differences;
    }

    /// <summary>The methods and classes of the saved class <paramref name="type"/> (its nested classes, not their members), normalised.</summary>
    static Dictionary<string, string> LibraryMembers(string type)
    {
        var file = Path.Combine(Root, "lib", "GanCourse", "Saved", type + ".cs");
        var saved = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
            .Single(c => c.Identifier.Text == type && c.Parent is not TypeDeclarationSyntax);
        return SavedMembers(saved.Members);
    }

    /// <summary>The methods and classes among <paramref name="members"/> by name, normalised; what they declare inside is part of their code.</summary>
    static Dictionary<string, string> SavedMembers(SyntaxList<MemberDeclarationSyntax> members) => members
        .Select(m => m switch
        {
            MethodDeclarationSyntax method => (method.Identifier.Text, Normalize(method.WithModifiers(default))),
            ClassDeclarationSyntax type => (type.Identifier.Text, Normalize(type.WithModifiers(default))),
            _ => ((string, string)?)null,
        })
        .OfType<(string Name, string Code)>()
        .ToDictionary(m => m.Name, m => m.Code);

    /// <summary>The declaration without its leading comments (its modifiers already dropped), in a canonical layout (comments inside are kept).</summary>
    static string Normalize(MemberDeclarationSyntax member) => member.WithoutLeadingTrivia().NormalizeWhitespace().ToFullString();

    static string CellSource(string notebook, int cell) =>
        ExecutedNotebook.Source(new ExecutedNotebook(Path.Combine(Root, "notebooks", notebook)).CodeCells.ElementAt(cell));

    static int CellIndex(string notebook, string savedAs) =>
        SavedCells().Where(row => (string)row[0] == notebook && $"{row[2]}.{row[3]}" == savedAs).Select(row => (int)row[1]).Single();

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "global.json"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"^// Saved in the course library as (.+)\.$", RegexOptions.Multiline)]
    private static partial Regex SavedMarker();
}
