using TorchSharpLoading;

namespace GanCourse.Tests.TorchSharpLoading;

/// <summary>
/// Which libtorch files the native fix pairs its patched copy with: those of the TorchSharp package the
/// script referenced, found through the packages' nuspec dependencies, the CUDA build's split parts included.
/// Fake package folders in the NuGet cache's layout; nothing is loaded.
/// </summary>
public sealed class LibTorchPackageTests : IDisposable
{
    readonly DirectoryInfo packages = Directory.CreateTempSubdirectory("fake-nuget-packages-");

    public void Dispose() => packages.Delete(recursive: true);

    /// <summary>A package folder with a nuspec naming <paramref name="dependencies"/> and the given native files for linux-x64.</summary>
    void Package(string id, string version, string[] dependencies, params string[] natives)
    {
        var home = Directory.CreateDirectory(Path.Combine(packages.FullName, id.ToLowerInvariant(), version)).FullName;
        var group = string.Concat(dependencies.Select(d => $"""<dependency id="{d.Split(' ')[0]}" version="{d.Split(' ')[1]}" exclude="Build,Analyzers" />"""));
        File.WriteAllText(Path.Combine(home, id.ToLowerInvariant() + ".nuspec"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata><id>{id}</id><version>{version}</version>
                <dependencies><group targetFramework="net8.0">{group}</group><group targetFramework=".NETStandard2.0">{group}</group></dependencies>
              </metadata>
            </package>
            """);
        if (natives.Length == 0) return;
        var native = Directory.CreateDirectory(Path.Combine(home, "runtimes", "linux-x64", "native")).FullName;
        foreach (var file in natives) File.WriteAllText(Path.Combine(native, file), file);
    }

    string Native(string id, string version) => Path.Combine(packages.FullName, id.ToLowerInvariant(), version, "runtimes", "linux-x64", "native");

    void Cache()
    {
        Package("TorchSharp", "0.107.0", [], "libLibTorchSharp.so");
        Package("TorchSharp-cpu", "0.107.0", ["libtorch-cpu 2.10.0", "TorchSharp 0.107.0"]);
        Package("libtorch-cpu", "2.10.0", ["libtorch-cpu-linux-x64 2.10.0", "libtorch-cpu-osx-arm64 2.10.0"]);
        Package("libtorch-cpu-linux-x64", "2.10.0", [], "libtorch.so", "libtorch_cpu.so", "libc10.so", "libgomp-98b21ff3.so.1");
        // The CUDA build: a head package, its libtorch package and parts, one of them a fragment without native files.
        Package("TorchSharp-cuda-linux", "0.107.0", ["libtorch-cuda-12.8-linux-x64 [2.10.0]", "TorchSharp 0.107.0"]);
        Package("libtorch-cuda-12.8-linux-x64", "2.10.0",
            ["libtorch-cuda-12.8-linux-x64-part1 2.10.0", "libtorch-cuda-12.8-linux-x64-part2-primary 2.10.0", "libtorch-cuda-12.8-linux-x64-part2-fragment1 2.10.0"]);
        Package("libtorch-cuda-12.8-linux-x64-part1", "2.10.0", [], "libtorch.so", "libc10.so", "libc10_cuda.so", "libtorch_cpu.so.sha");
        Package("libtorch-cuda-12.8-linux-x64-part2-primary", "2.10.0", [], "libtorch_cuda.so");
        Package("libtorch-cuda-12.8-linux-x64-part2-fragment1", "2.10.0", []);
        // An older CUDA build of another TorchSharp version stays out of it.
        Package("libtorch-cuda-12.1-linux-x64-part1", "2.5.1", [], "libtorch.so");
    }

    [Fact]
    public void The_cpu_build_is_its_one_libtorch_package()
    {
        Cache();
        Assert.Equal([Native("libtorch-cpu-linux-x64", "2.10.0")], TorchSharpNative.NativeFolders(packages.FullName, "TorchSharp-cpu", "0.107.0", "linux-x64"));
    }

    [Fact]
    public void The_cuda_build_is_every_part_with_native_files_and_nothing_else()
    {
        Cache();
        var folders = TorchSharpNative.NativeFolders(packages.FullName, "TorchSharp-cuda-linux", "0.107.0", "linux-x64");
        Assert.Equal(
            [Native("libtorch-cuda-12.8-linux-x64-part1", "2.10.0"), Native("libtorch-cuda-12.8-linux-x64-part2-primary", "2.10.0")],
            folders.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_package_missing_from_the_cache_gives_no_folders()
    {
        Package("TorchSharp", "0.107.0", [], "libLibTorchSharp.so");
        Assert.Empty(TorchSharpNative.NativeFolders(packages.FullName, "TorchSharp-cuda-linux", "0.107.0", "linux-x64"));
    }

    [Fact]
    public void The_split_parts_are_linked_into_one_folder_with_only_their_shared_libraries()
    {
        Cache();
        var folder = Path.Combine(packages.FullName, "linked");
        var natives = TorchSharpNative.NativeFolders(packages.FullName, "TorchSharp-cuda-linux", "0.107.0", "linux-x64");

        TorchSharpNative.LinkNativeFiles(natives, folder);
        TorchSharpNative.LinkNativeFiles(natives, folder);   // again: links already there are kept

        Assert.Equal(["libc10.so", "libc10_cuda.so", "libtorch.so", "libtorch_cuda.so"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(Path.Combine(Native("libtorch-cuda-12.8-linux-x64-part2-primary", "2.10.0"), "libtorch_cuda.so"), new FileInfo(Path.Combine(folder, "libtorch_cuda.so")).LinkTarget);
        Assert.Equal("libtorch.so", File.ReadAllText(Path.Combine(folder, "libtorch.so")));
    }

    [Fact]
    public void A_link_to_another_package_version_is_replaced()
    {
        Cache();
        var folder = Directory.CreateDirectory(Path.Combine(packages.FullName, "linked")).FullName;
        File.CreateSymbolicLink(Path.Combine(folder, "libtorch.so"), Path.Combine(Native("libtorch-cuda-12.1-linux-x64-part1", "2.5.1"), "libtorch.so"));

        TorchSharpNative.LinkNativeFiles([Native("libtorch-cpu-linux-x64", "2.10.0")], folder);

        Assert.Equal(Path.Combine(Native("libtorch-cpu-linux-x64", "2.10.0"), "libtorch.so"), new FileInfo(Path.Combine(folder, "libtorch.so")).LinkTarget);
    }
}
