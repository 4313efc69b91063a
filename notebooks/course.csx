// Sets up a course notebook: restores the packages the course library uses (TorchSharp, Plotly.NET,
// MathNet.Numerics, System.IO.Hashing; versions as in Directory.Packages.props), references the course
// library (lib/GanCourse) and calls GanCourse.Course.Setup(), which prints what it did. Every notebook's
// first cell runs this file with #load; its second cell imports the namespaces it uses. The library is
// taken from whichever build is newest (Release or Debug), so `dotnet build lib/GanCourse` in the
// repository's root, in either configuration, is all it needs.
using System.IO;
using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

static class CourseNotebook
{
    const string Packages = """
        #r "nuget: TorchSharp-cpu, 0.107.0"
        #r "nuget: Plotly.NET, 6.0.0"
        #r "nuget: Plotly.NET.CSharp, 0.14.0"
        #r "nuget: MathNet.Numerics, 5.0.0"
        #r "nuget: System.IO.Hashing, 11.0.0"
        """;

    public static async Task SetUp([CallerFilePath] string thisFile = "")
    {
        var library = BuiltLibrary(Path.GetDirectoryName(thisFile)!);
        // Packages and references added through the kernel stay with the notebook's later cells.
        await Submit(Packages, "The course's packages could not be restored");
        ((CSharpKernel)Kernel.Root.FindKernelByName("csharp")).AddAssemblyReferences([library]);
        await Submit("GanCourse.Course.Setup();", "The course library could not be set up");
    }

    static string BuiltLibrary(string notebooks)
    {
        var project = Path.GetFullPath(Path.Combine(notebooks, "..", "lib", "GanCourse"));
        return new[] { "Release", "Debug" }
            .Select(configuration => Path.Combine(project, "bin", configuration, "net10.0", "GanCourse.dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault()
            ?? throw new SetupError("The course library is not built yet: run `dotnet build lib/GanCourse` in a terminal at the repository's root, then run this cell again.");
    }

    static async Task Submit(string code, string failure)
    {
        var result = await Kernel.Root.SendAsync(new SubmitCode(code, "csharp"));
        foreach (var failed in result.Events.OfType<CommandFailed>())
            throw new SetupError($"{failure}: {failed.Message}");
    }

    // One line in the cell, without a stack trace: what to do next, not a bug to report.
    sealed class SetupError(string message) : Exception(message)
    {
        public override string StackTrace => "";
        public override string ToString() => Message;
    }
}

await CourseNotebook.SetUp();
