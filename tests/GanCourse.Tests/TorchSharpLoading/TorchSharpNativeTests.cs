using System.Diagnostics;
using TorchSharpLoading;

namespace GanCourse.Tests.TorchSharpLoading;

/// <summary>
/// Loads TorchSharp the way notebooks do: straight from the NuGet cache, with no native files copied
/// next to the program. That needs its own process, because a process loads a native library once.
/// </summary>
public class TorchSharpNativeTests
{
    const string Program = """
        using System.Runtime.Loader;
        AssemblyLoadContext.Default.Resolving += (ctx, name) => name.Name switch
        {
            "TorchSharp" => ctx.LoadFromAssemblyPath(Environment.GetEnvironmentVariable("TORCHSHARP_DLL")!),
            "TorchSharpLoading" => ctx.LoadFromAssemblyPath(Environment.GetEnvironmentVariable("LOADER_DLL")!),
            _ => null,
        };
        Run(args.Length > 0 && args[0] == "fix");

        static void Run(bool fix)
        {
            if (fix) Console.WriteLine(TorchSharpLoading.TorchSharpNative.EnsureLoadable());
            if (fix) Console.WriteLine(TorchSharpLoading.TorchSharpNative.EnsureLoadable());
            try { Console.WriteLine("sum=" + TorchSharp.torch.ones(3).sum().item<float>()); }
            catch (Exception e) { Console.WriteLine("failed: " + e.GetType().Name); Environment.Exit(3); }
        }
        """;

    [Fact]
    public void Torchsharp_from_the_package_cache_loads_after_the_setup_call()
    {
        var work = Directory.CreateTempSubdirectory("torchsharp-native-");
        try
        {
            var torchSharpDll = TestPaths.PackageFile("torchsharp", "0.107.0", "lib/net8.0/TorchSharp.dll");
            var loaderDll = Path.Combine(AppContext.BaseDirectory, "TorchSharpLoading.dll");
            File.WriteAllText(Path.Combine(work.FullName, "probe.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
                  <ItemGroup>
                    <Reference Include="{torchSharpDll}" Private="false" />
                    <Reference Include="{loaderDll}" Private="false" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(work.FullName, "Program.cs"), Program);
            var (buildCode, buildOutput) = Run("dotnet", $"build -c Release -o out \"{work.FullName}\"", work.FullName, []);
            Assert.True(buildCode == 0, buildOutput);

            var env = new Dictionary<string, string>
            {
                ["TORCHSHARP_DLL"] = torchSharpDll,
                ["LOADER_DLL"] = loaderDll,
                ["GANCOURSE_CACHE"] = Path.Combine(work.FullName, "cache"),
            };
            var app = Path.Combine(work.FullName, "out", "probe.dll");
            var (fixedCode, fixedOutput) = Run("dotnet", $"\"{app}\" fix", work.FullName, env);
            Assert.True(fixedCode == 0, fixedOutput);
            Assert.Contains("sum=3", fixedOutput);

            if (SystemLibStdCxx.Provides(TorchSharpNative.UnusedGlibcxxVersion))
            {
                Assert.Contains("no fix needed", fixedOutput);
                return;
            }
            Assert.Contains("using a patched copy", fixedOutput);
            var patched = Assert.Single(Directory.GetFiles(Path.Combine(work.FullName, "cache"), "libLibTorchSharp.so", SearchOption.AllDirectories));
            Assert.True(ElfSymbolVersions.ReadNeededVersions(File.ReadAllBytes(patched)).Single(n => n.Version == TorchSharpNative.UnusedGlibcxxVersion).IsWeak);

            // Without the setup call, the same program hits the loader error this fix exists for.
            var (plainCode, plainOutput) = Run("dotnet", $"\"{app}\"", work.FullName, env);
            Assert.Equal(3, plainCode);
            Assert.Contains("failed:", plainOutput);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    static (int Code, string Output) Run(string file, string arguments, string cwd, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in env) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
