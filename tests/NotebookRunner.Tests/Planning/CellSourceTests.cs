using NotebookRunner.Planning;

namespace NotebookRunner.Tests.Planning;

public class CellSourceTests
{
    [Fact]
    public void Finds_directives_anywhere_and_blanks_their_lines_so_line_numbers_stay()
    {
        var cell = CellSource.Parse("#!csharp\nvar a = 1;\n  #r \"nuget: Markdig, 1.6.0\"\n#r \"lib/x.dll\" // helper\n#i \"nuget: /feeds/local\"\n#!time\nvar b = 2;");

        Assert.Equal(
            [
                (1, DirectiveKind.CSharpKernel), (3, DirectiveKind.NuGetReference), (4, DirectiveKind.AssemblyReference),
                (5, DirectiveKind.NuGetSource), (6, DirectiveKind.Time),
            ],
            cell.Directives.Select(d => (d.Line, d.Kind)));
        Assert.Equal("\nvar a = 1;\n\n\n\n\nvar b = 2;", cell.Code);
        Assert.Equal(("Markdig", "1.6.0"), cell.Directives[1].Package);
        Assert.Equal("lib/x.dll", cell.Directives[2].Argument);
        Assert.Equal("/feeds/local", cell.Directives[3].Source);
    }

    [Theory]
    [InlineData("#r \"nuget: Markdig\"", "Markdig", "")]
    [InlineData("#r \"nuget:Markdig,1.6.0\"", "Markdig", "1.6.0")]
    [InlineData("#r \"nuget: Some.Package, [1.0,2.0)\"", "Some.Package", "[1.0,2.0)")]
    [InlineData("#r \"NuGet: Markdig, 1.*\"", "Markdig", "1.*")]
    public void Reads_package_ids_and_versions(string line, string id, string version)
    {
        var directive = Assert.Single(CellSource.Parse(line).Directives);
        Assert.Equal(DirectiveKind.NuGetReference, directive.Kind);
        Assert.Equal((id, version), directive.Package);
    }

    [Fact]
    public void Hoists_load_directives_and_restores_the_line_numbering()
    {
        var cell = CellSource.Parse("var a = 1;\n#load \"helpers.csx\"\nvar b = a;");
        Assert.Equal("#load \"helpers.csx\"\n#line 1\nvar a = 1;\n\nvar b = a;", cell.Code);
        Assert.Equal(DirectiveKind.Load, Assert.Single(cell.Directives).Kind);
    }

    [Theory]
    [InlineData("#!fsharp", DirectiveKind.OtherKernel, "fsharp")]
    [InlineData("#!pwsh", DirectiveKind.OtherKernel, "pwsh")]
    [InlineData("#!F#", DirectiveKind.OtherKernel, "fsharp")]
    [InlineData("#!C#", DirectiveKind.CSharpKernel, "csharp")]
    [InlineData("#!who", DirectiveKind.UnknownMagic, "who")]
    [InlineData("#i \"/some/path\"", DirectiveKind.UnsupportedInclude, "/some/path")]
    public void Classifies_magic_lines(string line, DirectiveKind kind, string argument)
    {
        var directive = Assert.Single(CellSource.Parse(line).Directives);
        Assert.Equal((kind, argument), (directive.Kind, directive.Argument));
    }

    [Fact]
    public void Leaves_preprocessor_directives_and_code_alone()
    {
        var source = "#nullable enable\n#region x\nvar r = \"#r not a directive\";\n#endregion";
        var cell = CellSource.Parse(source);
        Assert.Empty(cell.Directives);
        Assert.Equal(source, cell.Code);
    }
}
