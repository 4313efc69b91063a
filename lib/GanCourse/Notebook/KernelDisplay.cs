using System.Reflection;
using Microsoft.DotNet.Interactive.Formatting;

namespace GanCourse.Notebook;

/// <summary>
/// Shows a value in the running notebook cell and returns a handle whose <c>Update</c> replaces it in
/// place, when the code runs inside the .NET Interactive kernel (Polyglot Notebooks, Jupyter, the
/// course's runner); null elsewhere.
/// </summary>
/// <remarks>
/// It calls the kernel's public <c>KernelInvocationContextExtensions.Display(KernelInvocationContext, object, string[])</c>,
/// found among the loaded assemblies, so the library does not depend on the kernel's package. That call
/// publishes the value under the id of the handle it returns; Formatting's own <c>value.Display()</c>
/// returns a second handle whose updates carry another id, which front ends show as a new output.
/// </remarks>
static class KernelDisplay
{
    const string KernelAssembly = "Microsoft.DotNet.Interactive";

    public static DisplayedValue? Show(object value, params string[] mimeTypes)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == KernelAssembly);
        var contextType = assembly?.GetType(KernelAssembly + ".KernelInvocationContext");
        var display = assembly?.GetType(KernelAssembly + ".KernelInvocationContextExtensions")
            ?.GetMethod("Display", BindingFlags.Public | BindingFlags.Static, [contextType!, typeof(object), typeof(string[])]);
        var context = contextType?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        if (display == null || context == null) return null;
        return display.Invoke(null, [context, value, mimeTypes]) as DisplayedValue;
    }
}
