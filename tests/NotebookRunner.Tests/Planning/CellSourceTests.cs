using NotebookRunner.Planning;

namespace NotebookRunner.Tests.Planning;

public class CellSourceTests
{
    [Fact]
    public void Blanks_directive_lines_so_line_numbers_stay()
    {
        var cell = CellSource.Parse("#!csharp\nvar a = 1;\n  #r \"nuget: Markdig, 1.6.0\"\n#r \"lib/x.dll\" // helper\n#i \"nuget: /feeds/local\"\n#!time\n#load \"h.csx\"\nvar b = 2;");

        Assert.Equal("\nvar a = 1;\n\n\n\n\n\nvar b = 2;", cell.Code);
        Assert.Equal([new PackageRequest("Markdig", "1.6.0")], cell.Packages);
    }

    [Theory]
    [InlineData("#r \"nuget: Markdig\"", "Markdig", "", false)]
    [InlineData("#r \"nuget:Markdig,1.6.0\"", "Markdig", "1.6.0", true)]
    [InlineData("#r \"nuget: Some.Package, [1.0,2.0)\"", "Some.Package", "[1.0,2.0)", false)]
    [InlineData("#r \"NuGet: Markdig, 1.*\"", "Markdig", "1.*", false)]
    public void Reads_package_names_and_versions(string line, string name, string version, bool exact)
    {
        var package = Assert.Single(CellSource.Parse(line).Packages);
        Assert.Equal(new PackageRequest(name, version), package);
        Assert.Equal(exact, package.IsExact);
    }

    [Fact]
    public void Leaves_preprocessor_directives_and_code_alone()
    {
        var source = "#nullable enable\n#region x\nvar r = \"#r not a directive\";\n#endregion";
        var cell = CellSource.Parse(source);
        Assert.Empty(cell.Packages);
        Assert.Equal(source, cell.Code);
    }
}
