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
    public void Defaults_are_a_full_run_of_notebook_04_on_the_digits_with_at_least_10000_timed_iterations()
    {
        var (code, _, error, settings) = Run("gan");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(new BenchmarkSettings(GanBenchmark.FullRunEpochs, 13, null, BenchmarkData.Digits), settings);
        Assert.True((settings!.Epochs - settings.WarmupEpochs) * GanBenchmark.IterationsPerEpoch >= 10_000);
    }

    [Fact]
    public void Options_reach_the_benchmark()
    {
        Assert.Equal(new BenchmarkSettings(20, 2, 1, BenchmarkData.Noise),
            Run("gan", "--epochs", "20", "--warmup-epochs", "2", "--threads", "1", "--data", "noise").Settings);
        Assert.Equal(new BenchmarkSettings(3, 0, null, BenchmarkData.Digits),
            Run("gan", "--epochs", "3", "--warmup-epochs", "0", "--data", "digits").Settings);
    }

    [Theory]
    [InlineData("--epochs must be at least 1.", "gan", "--epochs", "0")]
    [InlineData("--epochs must be a whole number, not '1e3'.", "gan", "--epochs", "1e3")]
    [InlineData("--warmup-epochs must not be negative.", "gan", "--warmup-epochs", "-1")]
    [InlineData("--epochs (10) must exceed --warmup-epochs (8) by at least 3", "gan", "--epochs", "10", "--warmup-epochs", "8")]
    [InlineData("--epochs (5) must exceed --warmup-epochs (13) by at least 3", "gan", "--epochs", "5")]
    [InlineData("--threads must be at least 1.", "gan", "--threads", "0")]
    [InlineData("--threads must be a whole number, not 'two'.", "gan", "--threads", "two")]
    [InlineData("--data must be digits or noise, not 'fashion'.", "gan", "--data", "fashion")]
    [InlineData("Unrecognized command or argument '--iterations'", "gan", "--iterations", "1000")]
    [InlineData("Required command was not provided", new string[0])]
    public void Bad_arguments_exit_with_code_2_and_say_why(string message, params string[] args)
    {
        var (code, output, error, settings) = Run(args);

        Assert.Equal(BenchmarkCli.UsageError, code);
        Assert.Contains(message, error);
        Assert.Contains("usage: dotnet run -c Release --project tests/GanCourse.Benchmarks -- gan", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal("", output);
        Assert.Null(settings);
    }
}
