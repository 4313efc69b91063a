// Sets up a course notebook: chooses TorchSharp's build (CPU, or CUDA where an NVIDIA driver is found),
// restores the packages the course library uses (TorchSharp, Plotly.NET, MathNet.Numerics,
// System.IO.Hashing; versions as in Directory.Packages.props), references the course library
// (lib/GanCourse) and calls GanCourse.Course.Setup(), which prints what it did. Every notebook's first
// cell runs this file with #load; its second cell imports the namespaces it uses. The library is taken
// from whichever build is newest (Release or Debug), so `dotnet build lib/GanCourse` in the repository's
// root, in either configuration, is all it needs.
//
// The build is chosen before any TorchSharp package is referenced: once a kernel has loaded one libtorch
// it cannot load the other. GANCOURSE_DEVICE=cpu forces the CPU build (and the CPU device), =cuda tries
// the CUDA build without looking for a driver; unset (or auto) looks for one. Where the CUDA packages
// cannot be restored, the cell says so in one line and carries on with the CPU build.
#nullable enable
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

static class CourseNotebook
{
    const string CpuBuild = """
        #r "nuget: TorchSharp-cpu, 0.107.0"
        """;
    const string CudaBuildLinux = """
        #r "nuget: TorchSharp-cuda-linux, 0.107.0"
        """;
    const string CudaBuildWindows = """
        #r "nuget: TorchSharp-cuda-windows, 0.107.0"
        """;
    const string OtherPackages = """
        #r "nuget: Plotly.NET, 6.0.0"
        #r "nuget: Plotly.NET.CSharp, 0.14.0"
        #r "nuget: MathNet.Numerics, 5.0.0"
        #r "nuget: System.IO.Hashing, 11.0.0"
        """;

    // The choice, kept for the rest of the kernel's life: GanCourse.Course.Setup reports the line, and the
    // library's TorchSharp loader reads the package to find its native files.
    const string ChoiceKey = "GanCourse.TorchSharpBuild";
    const string PackageKey = "TorchSharpLoading.Package";

    public static async Task SetUp([CallerFilePath] string thisFile = "")
    {
        var library = BuiltLibrary(Path.GetDirectoryName(thisFile)!);
        // Run again, the cell keeps the build it chose: the kernel has loaded that one.
        var build = AppContext.GetData(PackageKey) is string chosen && AppContext.GetData(ChoiceKey) is string line
            && new[] { CpuBuild, CudaBuildLinux, CudaBuildWindows }.FirstOrDefault(b => Package(b).Name == chosen) is { } reference
            ? new TorchSharpBuild(reference, line)
            : await ChooseTorchSharp();
        // Packages and references added through the kernel stay with the notebook's later cells.
        try
        {
            await Submit(build.Reference + "\n" + OtherPackages, "The course's packages could not be restored");
        }
        catch (SetupError) when (build.Reference != CpuBuild)
        {
            // The separate restore worked but the kernel's did not: the kernel shows its error, and the
            // cell run again carries on with the CPU build (a failed restore loaded nothing).
            Remember(new TorchSharpBuild(CpuBuild, "TorchSharp: CPU build: the kernel could not restore the CUDA build."));
            throw;
        }
        Remember(build);
        ((CSharpKernel)Kernel.Root.FindKernelByName("csharp")).AddAssemblyReferences([library]);
        await Submit("GanCourse.Course.Setup();", "The course library could not be set up");
    }

    static void Remember(TorchSharpBuild build)
    {
        AppContext.SetData(PackageKey, Package(build.Reference).Name);
        AppContext.SetData(ChoiceKey, build.Report);
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

    /// <param name="Reference">The `#r "nuget: …"` line of the TorchSharp package.</param>
    /// <param name="Report">One line for the setup report: which build and why.</param>
    sealed record TorchSharpBuild(string Reference, string Report);

    static async Task<TorchSharpBuild> ChooseTorchSharp()
    {
        var setting = Environment.GetEnvironmentVariable("GANCOURSE_DEVICE")?.Trim().ToLowerInvariant();
        if (setting == "cpu") return Cpu("GANCOURSE_DEVICE=cpu");
        var cuda = RuntimeInformation.ProcessArchitecture != Architecture.X64 ? null
            : OperatingSystem.IsLinux() ? CudaBuildLinux
            : OperatingSystem.IsWindows() ? CudaBuildWindows
            : null;
        string why;
        if (setting == "cuda")
        {
            why = "GANCOURSE_DEVICE=cuda";
        }
        else
        {
            var driver = NvidiaDriver();
            if (driver is null) return Cpu("no NVIDIA driver found");
            why = driver == "" ? "NVIDIA driver found" : $"NVIDIA driver {driver}";
        }
        if (cuda is null) return Cpu($"{why}, but TorchSharp has no CUDA build for {RuntimeInformation.RuntimeIdentifier}");

        var (name, version) = Package(cuda);
        var failure = await RestoreFailure(name, version, why);
        if (failure is null) return new TorchSharpBuild(cuda, $"TorchSharp: CUDA build ({why}).");
        // The cell has shown the whole message; the report keeps NuGet's code ("NU1101") where there is one.
        var code = Regex.Match(failure, @"^NU\d+(?=:)");
        return new TorchSharpBuild(CpuBuild, $"TorchSharp: CPU build: the CUDA build could not be restored ({(code.Success ? code.Value : failure)}).");

        static TorchSharpBuild Cpu(string why) => new(CpuBuild, $"TorchSharp: CPU build ({why}).");
    }

    /// <summary>
    /// The NVIDIA driver's version ("550.54.15"), "" when a driver is there but its version is not known,
    /// or null when there is none. Reads files only, so a machine without a GPU pays nothing.
    /// GANCOURSE_NVIDIA_PROBE (for tests) names a file read instead of /proc/driver/nvidia/version,
    /// on any operating system; a missing file means no driver.
    /// </summary>
    static string? NvidiaDriver()
    {
        try
        {
            var probe = Environment.GetEnvironmentVariable("GANCOURSE_NVIDIA_PROBE");
            if (!string.IsNullOrEmpty(probe)) return File.Exists(probe) ? LinuxDriverVersion(File.ReadAllText(probe)) : null;
            if (OperatingSystem.IsLinux())
            {
                if (File.Exists("/proc/driver/nvidia/version")) return LinuxDriverVersion(File.ReadAllText("/proc/driver/nvidia/version"));
                if (File.Exists("/dev/nvidiactl")) return "";                            // devices passed into a container
                if (File.Exists("/usr/lib/wsl/lib/libcuda.so.1")) return "";             // WSL 2: the Windows driver's CUDA library
                return null;
            }
            if (OperatingSystem.IsWindows())
            {
                var nvcuda = Path.Combine(Environment.SystemDirectory, "nvcuda.dll");
                return File.Exists(nvcuda) ? WindowsDriverVersion(FileVersionInfo.GetVersionInfo(nvcuda).FileVersion) : null;
            }
            return null;                                                                  // macOS: TorchSharp has no CUDA build
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 …" (or "… Open Kernel Module for x86_64  550.54.15 …")
    static string LinuxDriverVersion(string text) =>
        Regex.Match(text, @"Kernel Module\b.*?\s(\d+\.\d+(?:\.\d+)?)(?:\s|$)") is { Success: true } m ? m.Groups[1].Value : "";

    // nvcuda.dll's file version ends in the driver's version: 32.0.15.6094 is driver 560.94.
    static string WindowsDriverVersion(string? fileVersion)
    {
        var parts = fileVersion?.Split('.') ?? [];
        if (parts.Length != 4 || !parts.All(p => p.All(char.IsAsciiDigit))) return "";
        var digits = parts[2] + parts[3].PadLeft(4, '0');
        return digits.Length < 5 ? "" : $"{int.Parse(digits[^5..^2])}.{digits[^2..]}";
    }

    static (string Name, string Version) Package(string reference)
    {
        var m = Regex.Match(reference, @"nuget:\s*([^,""]+),\s*([^""]+)""");
        return (m.Groups[1].Value.Trim(), m.Groups[2].Value.Trim());
    }

    /// <summary>
    /// Restores the CUDA package in a separate `dotnet restore`, outside the kernel: a failed `#r "nuget:"`
    /// fails the whole cell, so the kernel is only asked once the package is known to restore. The restore
    /// fills the NuGet cache that the kernel's own restore then uses. Returns null when it succeeded, else
    /// one line saying what failed. A package already in the cache is not restored again.
    /// </summary>
    static async Task<string?> RestoreFailure(string name, string version, string why)
    {
        if (InNuGetCache(name, version)) return null;
        // One line that stays one line: it says what is going on (the first restore downloads several GB)
        // and is replaced by the outcome.
        var status = Kernel.display($"TorchSharp: restoring the CUDA build ({name} {version}; {why}); the first time this downloads several GB…");
        string? failure;
        var folder = Directory.CreateTempSubdirectory("gan-course-cuda-restore-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "restore.csproj"), $"""
                <Project>
                  <PropertyGroup>
                    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>
                    <ImportDirectoryBuildTargets>false</ImportDirectoryBuildTargets>
                    <ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>
                  </PropertyGroup>
                  <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
                  <PropertyGroup>
                    <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
                    <EnableDefaultItems>false</EnableDefaultItems>
                    <NuGetAudit>false</NuGetAudit>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="{name}" Version="{version}" />
                  </ItemGroup>
                  <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
                </Project>
                """);
            failure = await Restore(folder.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Win32Exception or InvalidOperationException)
        {
            failure = e.Message.Split('\n')[0].Trim();
        }
        finally
        {
            try { folder.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        status.Update(failure is null
            ? $"TorchSharp: restored the CUDA build ({name} {version})."
            : $"TorchSharp: the CUDA build ({name} {version}, for {why}) could not be restored ({failure}); carrying on with the CPU build.");
        return failure;
    }

    static async Task<string?> Restore(string folder)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "restore", "restore.csproj", "--nologo", "-v", "q", "--disable-build-servers" })
            info.ArgumentList.Add(argument);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            // No time limit: a first CUDA download takes minutes. Interrupting the cell stops the restore;
            // a source that does not answer is left to NuGet's own time-outs and retries.
            await process.WaitForExitAsync(KernelInvocationContext.Current?.CancellationToken ?? default);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            return "the restore was interrupted";
        }
        if (process.ExitCode == 0) return null;
        var lines = (await output + "\n" + await errors).Split('\n').Select(l => l.Trim()).Where(l => l != "");
        // "/tmp/…/restore.csproj : error NU1101: Unable to find package …" → "NU1101: Unable to find package …"
        var error = lines.Select(l => Regex.Match(l, @"\berror\s+(.*?)(\s+\[[^\]]*\])?$")).FirstOrDefault(m => m.Success);
        return error?.Groups[1].Value ?? lines.FirstOrDefault() ?? $"dotnet restore exited with code {process.ExitCode}";
    }

    static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        var process = Environment.ProcessPath;
        return process != null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
    }

    static bool InNuGetCache(string name, string version)
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(packages))
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // NuGet writes .nupkg.metadata last, when a package is completely extracted.
        return File.Exists(Path.Combine(packages, name.ToLowerInvariant(), version.ToLowerInvariant(), ".nupkg.metadata"));
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
