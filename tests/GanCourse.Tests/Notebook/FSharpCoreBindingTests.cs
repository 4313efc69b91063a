using System.Reflection;
using System.Runtime.Loader;
using GanCourse.Notebook;

namespace GanCourse.Tests.Notebook;

public class FSharpCoreBindingTests
{
    static Assembly Loaded => typeof(Microsoft.FSharp.Core.FSharpOption<int>).Assembly;

    [Fact]
    public void A_request_for_a_newer_FSharp_Core_of_the_same_major_version_gets_the_loaded_one()
    {
        var loaded = Loaded.GetName().Version!;
        var newer = new AssemblyName($"FSharp.Core, Version={loaded.Major}.{loaded.Minor + 1}.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a");
        Assert.Same(Loaded, FSharpCoreBinding.Resolve(AssemblyLoadContext.Default, newer));
    }

    [Fact]
    public void Other_major_versions_and_other_assemblies_are_left_alone()
    {
        var loaded = Loaded.GetName().Version!;
        Assert.Null(FSharpCoreBinding.Resolve(AssemblyLoadContext.Default, new AssemblyName($"FSharp.Core, Version={loaded.Major + 1}.0.0.0")));
        Assert.Null(FSharpCoreBinding.Resolve(AssemblyLoadContext.Default, new AssemblyName("Plotly.NET, Version=6.0.0.0")));
    }

    [Fact]
    public void Once_installed_loading_a_newer_FSharp_Core_by_name_succeeds_as_in_the_kernel()
    {
        // What Plotly.NET's references do inside the kernel, which has an older FSharp.Core loaded.
        var loaded = Loaded.GetName().Version!;
        var newer = new AssemblyName($"FSharp.Core, Version={loaded.Major}.{loaded.Minor + 50}.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a");
        FSharpCoreBinding.Install();
        FSharpCoreBinding.Install();
        Assert.Same(Loaded, AssemblyLoadContext.Default.LoadFromAssemblyName(newer));
    }
}
