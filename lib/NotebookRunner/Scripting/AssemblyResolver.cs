using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace NotebookRunner.Scripting;

/// <summary>
/// Makes the assemblies and native libraries that cells reference loadable, all in the default load
/// context so that their types are the same types the runner (and its Formatting assembly) use.
/// </summary>
/// <remarks>
/// Native libraries are found through <see cref="AssemblyLoadContext.ResolvingUnmanagedDll"/>, never
/// through <see cref="NativeLibrary.SetDllImportResolver"/>: a library may set its own resolver (the
/// course library does, for TorchSharp), and an assembly can have only one.
/// </remarks>
sealed class AssemblyResolver
{
    public static AssemblyResolver Shared { get; } = new();

    readonly ConcurrentDictionary<string, string> assemblies = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentDictionary<string, string> nativeLibraries = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, byte> folders = new(StringComparer.Ordinal);

    AssemblyResolver()
    {
        AssemblyLoadContext.Default.Resolving += (context, name) => Resolve(context, name);
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (_, name) => ResolveNative(name);
    }

    /// <summary>Makes an assembly file loadable by its simple name; its folder is probed for its dependencies.</summary>
    public void AddAssembly(string path)
    {
        assemblies.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        folders.TryAdd(Path.GetDirectoryName(path)!, 0);
    }

    /// <summary>Makes a native library loadable by the names DllImport and NativeLibrary use for it.</summary>
    public void AddNativeLibrary(string path)
    {
        foreach (var name in NativeNames(Path.GetFileName(path))) nativeLibraries.TryAdd(name, path);
    }

    /// <summary>Where an assembly with this simple name would come from, or null.</summary>
    public string? Find(string simpleName)
    {
        if (assemblies.TryGetValue(simpleName, out var path)) return path;
        foreach (var folder in folders.Keys)
        {
            var candidate = Path.Combine(folder, simpleName + ".dll");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        var path = name.Name == null ? null : Find(name.Name);
        return path == null ? null : context.LoadFromAssemblyPath(path);
    }

    IntPtr ResolveNative(string name)
    {
        foreach (var candidate in NativeNames(name))
        {
            if (nativeLibraries.TryGetValue(candidate, out var path) && NativeLibrary.TryLoad(path, out var handle))
                return handle;
        }
        return IntPtr.Zero;
    }

    /// <summary>"torch", "libtorch", "libtorch.so" and "torch.dll" all name the same library.</summary>
    static IEnumerable<string> NativeNames(string fileOrName)
    {
        var name = fileOrName;
        foreach (var extension in new[] { ".dll", ".so", ".dylib" })
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) name = name[..^extension.Length];
        // Versioned sonames (libfoo.so.1) keep their full name too.
        var soIndex = name.IndexOf(".so.", StringComparison.Ordinal);
        if (soIndex > 0) name = name[..soIndex];
        yield return fileOrName;
        yield return name;
        if (name.StartsWith("lib", StringComparison.Ordinal)) yield return name[3..];
        else yield return "lib" + name;
    }
}
