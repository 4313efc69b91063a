using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NotebookRunner.Tests.Support;

/// <summary>Compiles small libraries for tests that reference DLLs from notebooks.</summary>
static class TestAssemblies
{
    public static string Compile(string assemblyName, string code, string outputPath, params string[] references)
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == Path.TrimEndingDirectorySeparator(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory()));
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(code)],
            framework.Concat(references).Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        var result = compilation.Emit(outputPath);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return outputPath;
    }
}
