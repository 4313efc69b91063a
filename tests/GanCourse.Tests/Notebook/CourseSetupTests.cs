using GanCourse.Charts;
using GanCourse.Notebook;
using Microsoft.DotNet.Interactive.Formatting;
using TorchSharp;

namespace GanCourse.Tests.Notebook;

[Collection(NotebookStateCollection.Name)]
public class CourseSetupTests
{
    /// <summary>Runs Setup with Console.Out captured; keeps the thread count as it is so other tests are unaffected.</summary>
    static (SetupReport Report, string Printed) SetupCapturingOutput(int seed)
    {
        var threads = torch.get_num_threads();
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            return (Course.Setup(seed, threads), captured.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [Fact]
    public void Setup_reports_versions_device_threads_seed_and_the_native_fix()
    {
        var (report, printed) = SetupCapturingOutput(seed: 7);

        Assert.StartsWith("0.107.0", report.TorchSharpVersion);
        Assert.Matches(@"^\d+\.\d+", report.LibraryVersion);
        Assert.Equal("2.28.0", report.PlotlyJsVersion);
        Assert.StartsWith("Device: ", report.Device);
        Assert.Matches(@"^OpenMP wait policy: \w+\.\nTorchSharp native: ", report.NativeFix);
        Assert.NotNull(GanCourse.Training.TrainingLoop.DefaultProgress);   // every loop shows its progress in place
        Assert.Equal(torch.get_num_threads(), report.Threads);
        Assert.Equal(7, report.Seed);
        Assert.Equal(report.ToString() + Environment.NewLine, printed);
        Assert.Contains("Threads: " + report.Threads + " · seed: 7", printed);
        Assert.Equal(report.ToString(), report.ToDisplayString(NotebookDisplay.PlainText));
        Assert.Equal(report.Device.StartsWith("Device: CUDA") ? DeviceType.CUDA : DeviceType.CPU, Course.Device.type);
    }

    [Fact]
    public void Setup_twice_is_harmless_and_reseeds()
    {
        var (first, _) = SetupCapturingOutput(seed: 3);
        var formatters = Formatter.RegisteredFormatters(includeDefaults: false).Count();
        var a = torch.rand(4).data<float>().ToArray();
        Chart().ToHtml(); // the page now has plotly.js

        var (second, _) = SetupCapturingOutput(seed: 3);
        var b = torch.rand(4).data<float>().ToArray();

        Assert.Equal(first, second);
        Assert.Equal(a, b);
        Assert.Equal(formatters, Formatter.RegisteredFormatters(includeDefaults: false).Count());
        Assert.True(NotebookDisplay.IsRegistered());
        Assert.True(PlotlyJs.IsPending, "a setup call starts a new page, so the next chart carries plotly.js again");
    }

    [Fact]
    public void Setup_registers_the_display_formatters()
    {
        Formatter.ResetToDefault();
        SetupCapturingOutput(seed: 0);

        Assert.True(NotebookDisplay.IsRegistered());
        Assert.Contains(PlotlyJs.MarkerAttribute, Chart().ToDisplayString(NotebookDisplay.Html));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Setup_rejects_a_thread_count_below_one(int threads)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Course.Setup(threads: threads));
        Assert.Contains("threads must be at least 1", error.Message);
    }

    static Figure Chart() => Plot.Lines([0, 1], [("a", [0.0, 1.0])], "t");
}
