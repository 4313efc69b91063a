using TorchSharpLoading;

namespace GanCourse.Tests.TorchSharpLoading;

public class ElfSymbolVersionsTests
{
    static readonly string LibC10 = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libc10.so");

    /// <summary>
    /// The library as TorchSharp ships it, read from the NuGet cache. The build patches only its own
    /// output copy, so the cache copy must still carry the strong requirement.
    /// </summary>
    static byte[] StrongCopy() => File.ReadAllBytes(TestPaths.PackageFile("torchsharp", "0.107.0", "runtimes/linux-x64/native/libLibTorchSharp.so"));

    [Fact]
    public void Reads_the_glibcxx_requirements_of_libtorchsharp()
    {
        var needs = ElfSymbolVersions.ReadNeededVersions(StrongCopy());
        var need = Assert.Single(needs, n => n.Version == TorchSharpNative.UnusedGlibcxxVersion);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
        Assert.Contains(needs, n => n.Version == "GLIBC_2.2.5" && n.File == "libc.so.6");
    }

    [Fact]
    public void Marking_weak_changes_one_flag_and_is_idempotent()
    {
        var original = StrongCopy();
        var bytes = (byte[])original.Clone();

        Assert.Equal(WeakenResult.Patched, ElfSymbolVersions.MarkNeedWeak(bytes, TorchSharpNative.UnusedGlibcxxVersion));
        Assert.Equal(original.Length, bytes.Length);
        Assert.Single(Enumerable.Range(0, bytes.Length), i => bytes[i] != original[i]);
        Assert.True(ElfSymbolVersions.ReadNeededVersions(bytes).Single(n => n.Version == TorchSharpNative.UnusedGlibcxxVersion).IsWeak);
        Assert.All(ElfSymbolVersions.ReadNeededVersions(bytes).Where(n => n.Version != TorchSharpNative.UnusedGlibcxxVersion), n => Assert.False(n.IsWeak));

        var again = (byte[])bytes.Clone();
        Assert.Equal(WeakenResult.AlreadyWeak, ElfSymbolVersions.MarkNeedWeak(again, TorchSharpNative.UnusedGlibcxxVersion));
        Assert.Equal(bytes, again);
    }

    [Fact]
    public void A_library_without_the_requirement_is_left_alone()
    {
        var bytes = File.ReadAllBytes(LibC10);
        var copy = (byte[])bytes.Clone();
        Assert.Equal(WeakenResult.NotNeeded, ElfSymbolVersions.MarkNeedWeak(copy, TorchSharpNative.UnusedGlibcxxVersion));
        Assert.Equal(bytes, copy);
    }

    [Fact]
    public void Reads_the_versions_the_system_libstdcxx_defines()
    {
        var path = SystemLibStdCxx.FindPath();
        Assert.NotNull(path);
        var defined = ElfSymbolVersions.ReadDefinedVersions(File.ReadAllBytes(path));
        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Contains("CXXABI_1.3", defined);
        Assert.Equal(defined.Contains(TorchSharpNative.UnusedGlibcxxVersion), SystemLibStdCxx.Provides(TorchSharpNative.UnusedGlibcxxVersion));
    }

    [Fact]
    public void A_file_that_is_not_elf_is_rejected_clearly()
    {
        var error = Assert.Throws<ElfFormatException>(() => ElfSymbolVersions.ReadNeededVersions("#!/bin/sh\necho hello\n"u8.ToArray()));
        Assert.Contains("not an ELF file", error.Message);
        Assert.Throws<ElfFormatException>(() => ElfSymbolVersions.MarkNeedWeak([], TorchSharpNative.UnusedGlibcxxVersion));
    }

    [Theory]
    [InlineData(40)]      // inside the ELF header
    [InlineData(4096)]    // header intact, section headers (at the end of the file) missing
    public void A_truncated_file_is_rejected_clearly(int length)
    {
        var bytes = StrongCopy()[..length];
        var error = Assert.Throws<ElfFormatException>(() => ElfSymbolVersions.MarkNeedWeak(bytes, TorchSharpNative.UnusedGlibcxxVersion));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_weakened_copy_is_written_atomically_and_the_source_is_untouched()
    {
        var dir = Directory.CreateTempSubdirectory("elf-test-");
        try
        {
            var source = Path.Combine(dir.FullName, "original.so");
            File.WriteAllBytes(source, StrongCopy());
            var before = File.ReadAllBytes(source);
            var target = Path.Combine(dir.FullName, "sub", "patched.so");

            Assert.Equal(WeakenResult.Patched, ElfSymbolVersions.WriteWeakenedCopy(source, target, TorchSharpNative.UnusedGlibcxxVersion));
            Assert.Equal(before, File.ReadAllBytes(source));
            Assert.True(ElfSymbolVersions.ReadNeededVersions(File.ReadAllBytes(target)).Single(n => n.Version == TorchSharpNative.UnusedGlibcxxVersion).IsWeak);
            Assert.Equal(WeakenResult.AlreadyWeak, ElfSymbolVersions.WriteWeakenedCopy(target, target, TorchSharpNative.UnusedGlibcxxVersion));
            Assert.Equal(["original.so"], Directory.GetFiles(dir.FullName).Select(Path.GetFileName));
            Assert.Equal(["patched.so"], Directory.GetFiles(Path.Combine(dir.FullName, "sub")).Select(Path.GetFileName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
