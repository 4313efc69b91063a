using System.Reflection;
using System.Runtime.Loader;

namespace GanCourse.Notebook;

/// <summary>
/// Lets Plotly.NET run inside the .NET Interactive kernel. Plotly.NET 6 (and Plotly.NET.CSharp, DynamicObj)
/// are compiled against FSharp.Core 10.1, while the kernel ships and has already loaded FSharp.Core 10.0;
/// the runtime cannot load a second FSharp.Core next to it, so the first chart fails with
/// FileNotFoundException. Answering those requests with the FSharp.Core already loaded (same major
/// version, the same public API for what Plotly.NET calls) makes every chart work. Outside the kernel the
/// application's own FSharp.Core 10.1 is found first and this never runs.
/// </summary>
static class FSharpCoreBinding
{
    const string FSharpCore = "FSharp.Core";
    static readonly Lock Gate = new();
    static readonly HashSet<AssemblyLoadContext> Installed = [];

    /// <summary>
    /// Installs the answer in the default load context and in the one that loaded this library (the
    /// kernel loads <c>#r</c> assemblies into the default one). Safe to call repeatedly. It must run before
    /// the first chart is built: a failed load is remembered by the runtime.
    /// </summary>
    public static void Install()
    {
        lock (Gate)
        {
            foreach (var context in new[] { AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(typeof(FSharpCoreBinding).Assembly) })
            {
                if (context != null && Installed.Add(context)) context.Resolving += Resolve;
            }
        }
    }

    /// <summary>The FSharp.Core to use for <paramref name="requested"/>: one already loaded, of the same major version and not older than 10.0.</summary>
    internal static Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested)
    {
        if (!string.Equals(requested.Name, FSharpCore, StringComparison.Ordinal)) return null;
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => string.Equals(a.GetName().Name, FSharpCore, StringComparison.Ordinal))
            .Where(a => a.GetName().Version is { } loaded && (requested.Version == null || loaded.Major == requested.Version.Major))
            .OrderByDescending(a => a.GetName().Version)
            .FirstOrDefault();
    }
}
