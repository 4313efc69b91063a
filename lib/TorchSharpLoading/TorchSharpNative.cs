using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace TorchSharpLoading;

/// <summary>
/// Makes TorchSharp's native library loadable on Linux distributions whose libstdc++ is older than
/// the one TorchSharp was built with (Debian 12, Ubuntu 22.04), and chooses libtorch's OpenMP wait
/// policy before libtorch starts (<see cref="OpenMpWaitPolicy"/>).
/// </summary>
/// <remarks>
/// TorchSharp 0.107's libLibTorchSharp.so declares a need for <c>GLIBCXX_3.4.32</c> only because GCC 13's
/// &lt;iostream&gt; references <c>std::ios_base_library_init</c>; no relocation uses that symbol. The
/// dynamic loader still refuses the library, and TorchSharp then reports a misleading "doesn't contain
/// a reference to libtorch-cpu-linux-x64". Builds from this solution patch the copy in their output
/// folder (build/TorchSharpNative.targets). Scripts and notebooks load TorchSharp straight from the
/// NuGet cache, which must not be edited, so this class writes a patched copy into a per-user cache
/// folder and points TorchSharp at it before TorchSharp loads anything.
/// </remarks>
public static class TorchSharpNative
{
    /// <summary>The libstdc++ version TorchSharp 0.107 asks for without needing it.</summary>
    public const string UnusedGlibcxxVersion = "GLIBCXX_3.4.32";
    const string LibraryFile = "libLibTorchSharp.so";

    static readonly Lock Gate = new();
    static string? report;
    static IntPtr patchedHandle;

    /// <summary>
    /// Ensures TorchSharp's native library can load; safe to call any number of times, and it never
    /// throws: what went wrong is in the returned line, and TorchSharp then reports its own load error.
    /// Returns two lines: the OpenMP wait policy and what was done about the library. Call it before the
    /// first TorchSharp operation (the GanCourse library does, when it is loaded).
    /// </summary>
    public static string EnsureLoadable()
    {
        lock (Gate)
        {
            if (report != null) return report;
            var policy = OpenMpWaitPolicy.PreferPassiveWhenBusy();
            string library;
            try { library = Prepare(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ElfFormatException or DllNotFoundException or BadImageFormatException)
            {
                library = $"TorchSharp native: the fix for this machine's libstdc++ failed ({e.Message.Split('\n')[0]}); TorchSharp may not load.";
            }
            report = $"OpenMP wait policy: {policy ?? "not used on this operating system"}.\n{library}";
            return report;
        }
    }

    /// <summary>Folder for files this course writes for the current user (override with GANCOURSE_CACHE).</summary>
    public static string CacheRoot()
    {
        var custom = Environment.GetEnvironmentVariable("GANCOURSE_CACHE");
        if (!string.IsNullOrWhiteSpace(custom)) return custom;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "gan-course");
    }

    static string Prepare()
    {
        if (!OperatingSystem.IsLinux())
            return "TorchSharp native: no fix needed on this operating system.";
        if (SystemLibStdCxx.Provides(UnusedGlibcxxVersion))
            return $"TorchSharp native: no fix needed (this machine's libstdc++ provides {UnusedGlibcxxVersion}).";

        var torchSharp = typeof(TorchSharp.torch).Assembly;
        var original = FindOriginal(torchSharp);
        if (original == null)
            return $"TorchSharp native: {LibraryFile} not found near {torchSharp.Location}; leaving the load to TorchSharp.";

        var bytes = File.ReadAllBytes(original);
        if (!ElfSymbolVersions.ReadNeededVersions(bytes).Any(n => n.Version == UnusedGlibcxxVersion && !n.IsWeak))
            return $"TorchSharp native: {original} already loads on this machine.";

        var hash = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        var patched = Path.Combine(CacheRoot(), "torchsharp-native", hash, LibraryFile);
        if (!File.Exists(patched))
            ElfSymbolVersions.WriteWeakenedCopy(original, patched, UnusedGlibcxxVersion);

        // The patched copy's RUNPATH ($ORIGIN) no longer reaches libtorch, so load libtorch first:
        // the loader then satisfies the copy's DT_NEEDED entries by the sonames already in the process.
        var libtorchDir = FindLibTorchFolder(Path.GetDirectoryName(original)!, torchSharp)
            ?? throw new InvalidOperationException(
                $"TorchSharp native: libtorch.so was not found for {original}. Reference TorchSharp-cpu (or TorchSharp-cuda-linux) so that the libtorch package is restored.");
        NativeLibrary.Load(Path.Combine(libtorchDir, "libtorch.so"));
        patchedHandle = NativeLibrary.Load(patched);
        try
        {
            NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name == "LibTorchSharp" ? patchedHandle : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
            // Another component already resolves TorchSharp's imports; the bare-name fallback of the
            // runtime's probing still finds our copy because its soname is loaded.
        }
        return $"TorchSharp native: this machine's libstdc++ lacks {UnusedGlibcxxVersion}; using a patched copy of {LibraryFile} from {Path.GetDirectoryName(patched)}.";
    }

    static string? FindOriginal(Assembly torchSharp)
    {
        var dir = Path.GetDirectoryName(torchSharp.Location);
        if (string.IsNullOrEmpty(dir)) return null;
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        string[] candidates =
        [
            Path.Combine(dir, LibraryFile),                                        // app published for a RID
            Path.Combine(dir, "runtimes", rid, "native", LibraryFile),             // portable app output
            Path.Combine(dir, "..", "..", "runtimes", rid, "native", LibraryFile), // NuGet package layout
        ];
        return candidates.Select(Path.GetFullPath).FirstOrDefault(File.Exists);
    }

    static string? FindLibTorchFolder(string originalDir, Assembly torchSharp)
    {
        if (File.Exists(Path.Combine(originalDir, "libtorch.so"))) return originalDir;

        // In the NuGet cache, libtorch lives in its own package: <packages>/libtorch-cpu-linux-x64/<version>/...
        // TorchSharp.dll sits at <packages>/torchsharp/<version>/lib/<tfm>/.
        var packages = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(torchSharp.Location)!, "..", "..", "..", ".."));
        if (!Directory.Exists(packages)) return null;
        return Directory.EnumerateDirectories(packages, "libtorch-*")
            .SelectMany(Directory.EnumerateDirectories)
            .OrderByDescending(v => Version.TryParse(Path.GetFileName(v), out var parsed) ? parsed : new Version())
            .Select(v => Path.Combine(v, "runtimes"))
            .Where(Directory.Exists)
            .SelectMany(r => Directory.EnumerateDirectories(r).Select(rid => Path.Combine(rid, "native")))
            .FirstOrDefault(n => File.Exists(Path.Combine(n, "libtorch.so")));
    }
}
