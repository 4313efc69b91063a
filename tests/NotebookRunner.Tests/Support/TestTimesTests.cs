namespace NotebookRunner.Tests.Support;

/// <summary>The variable that scales the end-to-end tests' limits: read strictly, so that a typo is not silently 1.</summary>
public sealed class TestTimesTests
{
    [Theory]
    [InlineData(null, 1.0)]
    [InlineData("", 1.0)]
    [InlineData("1", 1.0)]
    [InlineData("2.5", 2.5)]
    public void The_scale_is_1_unless_set(string? value, double expected) => Assert.Equal(expected, TestTimes.ReadScale(value));

    [Theory]
    [InlineData("2,5")]
    [InlineData("fast")]
    [InlineData("0.5")]
    [InlineData("-3")]
    [InlineData("Infinity")]
    public void A_scale_that_is_not_a_number_of_at_least_1_is_refused(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => TestTimes.ReadScale(value));
        Assert.Contains(TestTimes.ScaleVariable, e.Message);
    }
}
