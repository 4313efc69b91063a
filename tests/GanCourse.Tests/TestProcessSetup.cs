using System.Runtime.CompilerServices;
using TorchSharpLoading;

namespace GanCourse.Tests;

static class TestProcessSetup
{
    /// <summary>
    /// Before any test loads libtorch: idle OpenMP threads sleep instead of spinning, as in the notebooks.
    /// CI runs the test assemblies side by side on two cores, where spinning threads wait for descheduled ones.
    /// </summary>
    [ModuleInitializer]
    internal static void PreferPassiveOpenMp() => OpenMpWaitPolicy.PreferPassive();
}
