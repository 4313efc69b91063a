using NotebookRunner.Html;
using static NotebookRunner.Tests.Html.Pages;

namespace NotebookRunner.Tests.Html;

public class CSharpHighlighterTests
{
    const string Cell = """"
        #r "nuget: Plotly.NET, 6.0.0"
        #!time
        using GanCourse.Charts;
        // a comment with <tags> & "quotes"
        /* block */ var n = 42 + 0.5e-3;
        var s = $"epoch {n:F2} of {Total()}" + @"C:\path" + "\"<b>\"";
        var raw = """
            <script>alert(1)</script>
            """;
        char c = 'x';
        int Total() => Plot.Lines(new double[] { 1 }).Count;
        record Point(int X);
        bool ok = n is > 1 and < 100;
        """";

    [Fact]
    public void Keeps_the_text_exactly_and_escapes_it()
    {
        var html = CSharpHighlighter.ToHtml(Cell);
        Assert.Equal(Cell, Text(html));
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<tags>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Theory]
    [InlineData("hl-d", "#!time")]
    [InlineData("hl-c", "// a comment with &lt;tags&gt; &amp; &quot;quotes&quot;")]
    [InlineData("hl-c", "/* block */")]
    [InlineData("hl-k", "var")]
    [InlineData("hl-k", "using")]
    [InlineData("hl-k", "record")]
    [InlineData("hl-k", "int")]
    [InlineData("hl-k", "is")]
    [InlineData("hl-n", "42")]
    [InlineData("hl-n", "0.5e-3")]
    [InlineData("hl-s", "&quot;nuget: Plotly.NET, 6.0.0&quot;")]
    [InlineData("hl-s", "@&quot;C:\\path&quot;")]
    [InlineData("hl-s", "&#39;x&#39;")]
    [InlineData("hl-s", "$&quot;")]
    [InlineData("hl-s", "epoch ")]
    [InlineData("hl-m", "Total")]
    [InlineData("hl-m", "Lines")]
    [InlineData("hl-t", "Plot")]
    [InlineData("hl-t", "Point")]
    public void Marks_each_kind_of_token(string css, string escapedText)
    {
        Assert.Contains($"<span class=\"{css}\">{escapedText}</span>", CSharpHighlighter.ToHtml(Cell));
    }

    [Fact]
    public void Leaves_names_and_namespaces_unmarked_and_copes_with_broken_code()
    {
        var html = CSharpHighlighter.ToHtml(Cell);
        Assert.Contains("<span class=\"hl-d\">#r <span class=\"hl-s\">&quot;nuget: Plotly.NET, 6.0.0&quot;</span></span>", html);
        Assert.Contains("<span class=\"hl-k\">var</span> n = ", html);        // locals stay plain
        Assert.Contains("<span class=\"hl-k\">using</span> GanCourse.Charts;", html);   // and so do namespaces

        var broken = "var x = \"unterminated\nif (x {\n  @@@ /* open comment";
        Assert.Equal(broken, Text(CSharpHighlighter.ToHtml(broken)));
        Assert.Equal("", CSharpHighlighter.ToHtml(""));
    }
}
