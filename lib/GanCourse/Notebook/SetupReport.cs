namespace GanCourse;

/// <summary>What <see cref="Course.Setup"/> did, printed as a few lines at the top of every notebook.</summary>
/// <param name="LibraryVersion">Version of the GanCourse library.</param>
/// <param name="LibraryFolder">The folder the library was loaded from (which build a notebook uses), relative to the working folder when inside it.</param>
/// <param name="TorchSharpVersion">Version of the loaded TorchSharp assembly.</param>
/// <param name="TorchSharpBuild">One line naming TorchSharp's build (CPU or CUDA) and why it was chosen, e.g. "TorchSharp: CPU build (no NVIDIA driver found).".</param>
/// <param name="PlotlyJsVersion">plotly.js version the charts use (offline copy from Plotly.NET).</param>
/// <param name="Device">The device line from <c>ComputeDevice.Select</c>, e.g. "Device: CPU, 2 thread(s) ...".</param>
/// <param name="Threads">TorchSharp's intra-op thread count after setup.</param>
/// <param name="Seed">The seed given to TorchSharp's CPU (and CUDA) generators.</param>
/// <param name="NativeFix">The lines from <c>TorchSharpNative.EnsureLoadable</c>: the OpenMP wait policy and the native library.</param>
public sealed record SetupReport(
    string LibraryVersion,
    string LibraryFolder,
    string TorchSharpVersion,
    string TorchSharpBuild,
    string PlotlyJsVersion,
    string Device,
    int Threads,
    int Seed,
    string NativeFix)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"GanCourse {LibraryVersion} from {LibraryFolder} · TorchSharp {TorchSharpVersion} · plotly.js {PlotlyJsVersion} (offline copy)\n"
        + $"{TorchSharpBuild}\n"
        + $"{Device}\n"
        + $"Threads: {Threads} · seed: {Seed}\n"
        + NativeFix;
}
