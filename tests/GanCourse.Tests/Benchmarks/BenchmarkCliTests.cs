using GanCourse.Benchmarks;

namespace GanCourse.Tests.Benchmarks;

public class BenchmarkCliTests
{
    static (int Code, string Output, string Error, BenchmarkSettings? Settings) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        BenchmarkSettings? seen = null;
        int code = BenchmarkCli.Run(args, output, error, (settings, _) => { seen = settings; return 0; });
        return (code, output.ToString(), error.ToString(), seen);
    }

    [Fact]
    public void Defaults_and_options_reach_the_benchmark()
    {
        Assert.Equal(new BenchmarkSettings(1000, 2000, null), Run("gan").Settings);
        Assert.Equal(new BenchmarkSettings(50, 0, 1, Straightforward: true, Ablation: true),
            Run("gan", "--iterations", "50", "--warmup", "0", "--threads", "1", "--straightforward", "--ablation").Settings);
    }

    [Theory]
    [InlineData("--iterations must be at least 10.", "gan", "--iterations", "9")]
    [InlineData("--warmup must not be negative.", "gan", "--warmup", "-1")]
    [InlineData("--threads must be at least 1.", "gan", "--threads", "0")]
    [InlineData("--threads must be a whole number, not 'two'.", "gan", "--threads", "two")]
    [InlineData("Unrecognized command or argument '--fast'", "gan", "--fast")]
    [InlineData("Required command was not provided", new string[0])]
    public void Bad_arguments_exit_with_code_2_and_say_why(string message, params string[] args)
    {
        var (code, _, error, settings) = Run(args);

        Assert.Equal(BenchmarkCli.UsageError, code);
        Assert.Contains(message, error);
        Assert.Contains("usage: dotnet run -c Release --project tests/GanCourse.Benchmarks -- gan", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Null(settings);
    }
}
