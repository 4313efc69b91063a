using NotebookRunner.Claims;

namespace NotebookRunner.Tests.Claims;

public class StatementNumbersTests
{
    [Theory]
    [InlineData("between 0.55 and 0.75", new[] { "0.55", "0.75" })]
    [InlineData("over seeds 1–3 and 1-3", new[] { "1", "3", "1", "3" })]
    [InlineData("between −0.5 and -2, in [-1, 1], x=-4", new[] { "-0.5", "-2", "-1", "1", "-4" })]
    [InlineData("1,000 steps, 12,345.5 images, 1, 2, 3", new[] { "1000", "12345.5", "1", "2", "3" })]
    [InlineData("a rate of 1e-3 or 2.5E4.", new[] { "1e-3", "2.5E4" })]
    [InlineData("version .5 and 8. End", new[] { "8" })]
    [InlineData("no numbers here", new string[0])]
    public void Finds_numbers_as_prose_writes_them(string text, string[] numbers) =>
        Assert.Equal(numbers, StatementNumbers.In(text));

    [Theory]
    [InlineData("between 0.55 and 0.75", "0.55", 0.55, true)]
    [InlineData("between 0.55 and 0.75", "5", 5, false)]
    [InlineData("between 0.55 and 0.75", "0.5", 0.5, false)]
    [InlineData("between 0.55 and 0.75", "0.550", 0.55, true)]
    [InlineData("at most 1,000 steps", "1000", 1000, true)]
    [InlineData("at most 1000 steps", "1e3", 1000, true)]
    [InlineData("at least 8 modes", "8.0", 8, true)]
    [InlineData("at least 8.0 modes", "8", 8, false)]
    [InlineData("above −0.25", "-0.25", -0.25, true)]
    [InlineData("above 0.25", "-0.25", -0.25, false)]
    [InlineData("above −0.25", "0.25", 0.25, false)]
    public void A_bound_must_be_written_as_its_json_writes_it_or_in_its_shortest_form(string statement, string json, double value, bool contained) =>
        Assert.Equal(contained, StatementNumbers.Contains(statement, json, value));
}
