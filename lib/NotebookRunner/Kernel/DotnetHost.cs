using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NotebookRunner.Kernel;

/// <summary>Finds the <c>dotnet</c> executable and starts child processes with a clean environment.</summary>
static class DotnetHost
{
    /// <summary>The dotnet executable that runs this process, else the one on PATH.</summary>
    public static string Path { get; } = Find();

    static string Find()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        var process = Environment.ProcessPath;
        if (process != null && System.IO.Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var beside = System.IO.Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(beside) ? beside : "dotnet";
    }

    /// <summary>
    /// A start description for <paramref name="fileName"/> with redirected streams. MSBuild variables that
    /// `dotnet run` or `dotnet test` set for themselves are removed so that they do not leak into a child
    /// `dotnet tool restore` or the kernel.
    /// </summary>
    public static ProcessStartInfo StartInfo(string fileName, string workingDirectory, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
            StandardInputEncoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var key in info.Environment.Keys.ToList())
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key == "MSBuildExtensionsPath" || key == "MSBuildSDKsPath")
                info.Environment.Remove(key);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        return info;
    }
}
