using System.Runtime.CompilerServices;
using TorchSharpLoading;

namespace GanCourse;

/// <summary>Runs once, when the runtime first touches this library, before any of its code.</summary>
static class LibraryInitializer
{
    /// <summary>
    /// TorchSharp's native library must be loadable, and libtorch's OpenMP policy chosen, before the first
    /// tensor; every entry into the library passes through here first, so no caller has to remember it.
    /// </summary>
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255",
        Justification = "Notebooks reach the library from many entry points (models, data, charts); the native load must precede all of them.")]
    internal static void PrepareTorchSharp() => TorchSharpNative.EnsureLoadable();
}
