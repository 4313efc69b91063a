using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;

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

    /// <summary>
    /// AppContext data a script sets, before it loads this library, to the TorchSharp package it referenced
    /// ("TorchSharp-cpu", "TorchSharp-cuda-linux"), so that the fix pairs the patched copy with that
    /// package's libtorch when the NuGet cache holds more than one. The course's notebooks set it.
    /// </summary>
    public const string PackageSwitch = "TorchSharpLoading.Package";

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
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ElfFormatException or DllNotFoundException or BadImageFormatException or System.Xml.XmlException)
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
        var originalDir = Path.GetDirectoryName(original)!;
        if (File.Exists(Path.Combine(originalDir, "libtorch.so")))
        {
            // An app published for a RID: libtorch lies beside the original.
            var copy = Path.Combine(CacheRoot(), "torchsharp-native", hash, LibraryFile);
            if (!File.Exists(copy)) ElfSymbolVersions.WriteWeakenedCopy(original, copy, UnusedGlibcxxVersion);
            LoadAfterLibTorch(copy, originalDir, torchSharp);
            return $"TorchSharp native: this machine's libstdc++ lacks {UnusedGlibcxxVersion}; using a patched copy of {LibraryFile} from {Path.GetDirectoryName(copy)}.";
        }

        // The NuGet cache: libtorch comes in packages of its own, one for the CPU build and several for the
        // CUDA build (its files are split over parts). The patched copy goes into a folder of links to all
        // of their native files, so that its RUNPATH ($ORIGIN) reaches libtorch and libtorch reaches the rest.
        var (package, natives) = LibTorchPackage(torchSharp)
            ?? throw new InvalidOperationException(
                $"TorchSharp native: libtorch.so was not found for {original}. Reference TorchSharp-cpu (or TorchSharp-cuda-linux) so that the libtorch package is restored.");
        var folder = Path.Combine(CacheRoot(), "torchsharp-native", hash, package.ToLowerInvariant());
        var patched = Path.Combine(folder, LibraryFile);
        if (!File.Exists(patched))
            ElfSymbolVersions.WriteWeakenedCopy(original, patched, UnusedGlibcxxVersion);
        try
        {
            LinkNativeFiles(natives, folder);
        }
        catch (IOException) when (natives.Count == 1)
        {
            // No links on this file system: load libtorch from its package first, as its soname then satisfies the copy.
            LoadAfterLibTorch(patched, natives[0], torchSharp);
            return $"TorchSharp native: this machine's libstdc++ lacks {UnusedGlibcxxVersion}; using a patched copy of {LibraryFile} from {folder} ({package}).";
        }
        patchedHandle = NativeLibrary.Load(patched);
        // CUDA builds register their GPU backend when libtorch_cuda loads; load it from the same folder.
        var cudaBackend = Path.Combine(folder, "libtorch_cuda.so");
        if (File.Exists(cudaBackend)) NativeLibrary.TryLoad(cudaBackend, out _);
        ResolveImportsTo(torchSharp);
        return $"TorchSharp native: this machine's libstdc++ lacks {UnusedGlibcxxVersion}; using a patched copy of {LibraryFile} from {folder} ({package}).";
    }

    /// <summary>
    /// The patched copy's RUNPATH ($ORIGIN) does not reach <paramref name="libtorchDir"/>, so load libtorch
    /// first: the loader then satisfies the copy's DT_NEEDED entries by the sonames already in the process.
    /// </summary>
    static void LoadAfterLibTorch(string patched, string libtorchDir, Assembly torchSharp)
    {
        NativeLibrary.Load(Path.Combine(libtorchDir, "libtorch.so"));
        patchedHandle = NativeLibrary.Load(patched);
        ResolveImportsTo(torchSharp);
    }

    static void ResolveImportsTo(Assembly torchSharp)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name == "LibTorchSharp" ? patchedHandle : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
            // Another component already resolves TorchSharp's imports; the bare-name fallback of the
            // runtime's probing still finds our copy because its soname is loaded.
        }
    }

    /// <summary>Links (symbolic links) every native library of <paramref name="natives"/> into <paramref name="folder"/>, replacing links that point elsewhere.</summary>
    internal static void LinkNativeFiles(IReadOnlyList<string> natives, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var native in natives)
            foreach (var file in Directory.EnumerateFiles(native).Where(f => IsSharedLibrary(Path.GetFileName(f)) && Path.GetFileName(f) != LibraryFile))
            {
                var link = Path.Combine(folder, Path.GetFileName(file));
                var existing = new FileInfo(link);
                if (existing.LinkTarget == file) continue;
                if (existing.Exists || existing.LinkTarget != null) existing.Delete();
                try { File.CreateSymbolicLink(link, file); }
                catch (IOException) when (new FileInfo(link).LinkTarget == file) { }   // another kernel made the same link
            }
    }

    // libtorch.so, libgomp-98b21ff3.so.1, libcudnn.so.9 …
    static bool IsSharedLibrary(string name) => Regex.IsMatch(name, @"\.so(\.\d+)*$");

    /// <summary>
    /// The TorchSharp package whose libtorch to use and the native folders of its libtorch packages, found
    /// by following the packages' nuspec dependencies in the NuGet cache from the package a script
    /// referenced: <see cref="PackageSwitch"/> when set (the course's notebooks set it), else TorchSharp-cpu,
    /// else TorchSharp-cuda-linux, at TorchSharp's own version. Null when none is there.
    /// </summary>
    internal static (string Package, IReadOnlyList<string> Natives)? LibTorchPackage(Assembly torchSharp)
    {
        // TorchSharp.dll sits at <packages>/torchsharp/<version>/lib/<tfm>/.
        var version = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(torchSharp.Location)!, "..", ".."));
        var packages = Path.GetFullPath(Path.Combine(version, "..", ".."));
        if (!Directory.Exists(packages)) return null;
        string[] heads = AppContext.GetData(PackageSwitch) is string chosen && chosen.Trim() != ""
            ? [chosen.Trim()]
            : ["TorchSharp-cpu", "TorchSharp-cuda-linux"];
        foreach (var head in heads)
        {
            var natives = NativeFolders(packages, head, Path.GetFileName(version), LinuxRid());
            if (natives.Any(n => File.Exists(Path.Combine(n, "libtorch.so")))) return (head, natives);
        }
        return null;
    }

    /// <summary>
    /// The runtimes/<paramref name="rid"/>/native folders of package <paramref name="id"/> <paramref name="version"/>
    /// and of the packages it depends on (TorchSharp itself left out), from their nuspec files in <paramref name="packages"/>.
    /// </summary>
    internal static IReadOnlyList<string> NativeFolders(string packages, string id, string version, string rid)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Visit(id, version);
        return found;

        void Visit(string id, string version)
        {
            var home = Path.Combine(packages, id.ToLowerInvariant(), version.ToLowerInvariant());
            if (!seen.Add(home) || !Directory.Exists(home)) return;
            var native = Path.Combine(home, "runtimes", rid, "native");
            if (Directory.Exists(native)) found.Add(native);
            var nuspec = Path.Combine(home, id.ToLowerInvariant() + ".nuspec");
            if (!File.Exists(nuspec)) return;
            foreach (var dependency in XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency"))
            {
                var dependencyId = (string?)dependency.Attribute("id");
                // "2.10.0", or a range such as "[2.10.0]" or "[2.10.0, )": its lower bound is what NuGet restores for an exact pin.
                var dependencyVersion = ((string?)dependency.Attribute("version"))?.Trim('[', '(', ' ').Split(',')[0].Trim(']', ')', ' ');
                if (string.IsNullOrEmpty(dependencyId) || string.IsNullOrEmpty(dependencyVersion)
                    || dependencyId.Equals("TorchSharp", StringComparison.OrdinalIgnoreCase))
                    continue;
                Visit(dependencyId, dependencyVersion);
            }
        }
    }

    static string LinuxRid() => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";

    static string? FindOriginal(Assembly torchSharp)
    {
        var dir = Path.GetDirectoryName(torchSharp.Location);
        if (string.IsNullOrEmpty(dir)) return null;
        var rid = LinuxRid();
        string[] candidates =
        [
            Path.Combine(dir, LibraryFile),                                        // app published for a RID
            Path.Combine(dir, "runtimes", rid, "native", LibraryFile),             // portable app output
            Path.Combine(dir, "..", "..", "runtimes", rid, "native", LibraryFile), // NuGet package layout
        ];
        return candidates.Select(Path.GetFullPath).FirstOrDefault(File.Exists);
    }
}
