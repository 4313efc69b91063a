using System.Text.RegularExpressions;
using NotebookRunner.Tests.Support;
using TestSupport;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.EndToEnd;

/// <summary>--slides from the command line: a deck next to every executed copy, alone or with the handout.</summary>
public sealed class SlidesTests : IDisposable
{
    readonly TestFolder folder = new();

    [Fact]
    public void Slides_writes_a_deck_next_to_each_executed_copy_and_reports_its_size()
    {
        Write(folder["nb/01-first.ipynb"].EnsureFolder(),
            Markdown("# The first\nLet $x < 1$."),
            Markdown("## Computing\nA cell and its output."),
            Code("Console.WriteLine(\"<printed>\");\n6 * 7"));
        Write(folder["nb/02-second.ipynb"], Markdown("# The second"), Code("throw new InvalidOperationException(\"planned failure\");"));

        var run = RunnerProcess.Run(folder.Path, "nb", "--out", "out", "--slides", "--html", "--allow-errors");

        Assert.True(run.ExitCode == 1, run.ToString());   // the second notebook fails on purpose; its deck is still written
        foreach (var name in new[] { "01-first", "02-second" })
        {
            Assert.True(File.Exists(folder[$"out/{name}.ipynb"]), run.ToString());
            Assert.True(File.Exists(folder[$"out/{name}.html"]), run.ToString());
            Assert.Matches(new Regex($@"wrote {Regex.Escape(Path.Combine("out", name + ".slides.html"))} \((\d+\.\d (KB|MB))\)"), run.Stderr);
            Assert.InRange(new FileInfo(folder[$"out/{name}.slides.html"]).Length, 100_000, 3_000_000);
        }
        var first = File.ReadAllText(folder["out/01-first.slides.html"]);
        Assert.Equal(2, Regex.Count(first, "<section class=\"nb-slide"));
        Assert.Contains("&lt;printed&gt;", first);
        Assert.Contains("<pre>42</pre>", first);
        Assert.Contains("<span class=\"nb-math\">\\(x &lt; 1\\)</span>", first);
        Assert.Contains("Reveal.initialize(", first);
        Assert.Empty(WebResources.Find(first));
        var second = File.ReadAllText(folder["out/02-second.slides.html"]);
        Assert.Contains("This run did not complete.", second);
        Assert.Contains("planned failure", second);
        Assert.Empty(Directory.GetFiles(folder["out"], ".*.tmp"));
    }

    [Fact]
    public void Without_slides_no_deck_is_written_and_help_lists_the_option()
    {
        Write(folder["one.ipynb"], Code("1"));
        var run = RunnerProcess.Run(folder.Path, "one.ipynb", "--out", "out", "--html");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["one.html", "one.ipynb"], Directory.GetFiles(folder["out"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var help = RunnerProcess.Run(folder.Path, "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--slides", help.Stdout);
        Assert.Contains("x.slides.html", help.Stdout);
    }

    [Fact]
    public void A_deck_that_would_overwrite_another_notebooks_page_is_a_usage_error_before_anything_runs()
    {
        Write(folder["a.ipynb"], Code("System.IO.File.WriteAllText(\"ran.txt\", \"yes\");"));
        Write(folder["a.slides.ipynb"], Code("2"));

        var clash = RunnerProcess.Run(folder.Path, "a.ipynb", "a.slides.ipynb", "--out", "out", "--html", "--slides");
        Assert.True(clash.ExitCode == 2, clash.ToString());
        var line = Assert.Single(clash.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: a.ipynb and a.slides.ipynb would both be written to ", line);
        Assert.EndsWith(Path.Combine("out", "a.slides.html"), line);
        Assert.False(File.Exists(folder["ran.txt"]));

        // Either page alone is fine.
        Assert.Equal(0, RunnerProcess.Run(folder.Path, "a.ipynb", "a.slides.ipynb", "--out", "out", "--slides").ExitCode);
    }

    public void Dispose() => folder.Dispose();
}
