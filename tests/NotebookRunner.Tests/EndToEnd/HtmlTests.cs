using System.Text.RegularExpressions;
using NotebookRunner.Tests.Support;
using TestSupport;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.EndToEnd;

/// <summary>--html from the command line: a page next to every executed copy, linked in run order.</summary>
public sealed class HtmlTests : IDisposable
{
    readonly TestFolder folder = new();

    [Fact]
    public void Html_writes_a_page_next_to_each_executed_copy_and_reports_its_size()
    {
        Write(folder["nb/01-first.ipynb"].EnsureFolder(), Markdown("# The first\nLet $x < 1$."), Code("Console.WriteLine(\"<printed>\");\n6 * 7"));
        Write(folder["nb/02-second.ipynb"], Markdown("# The second"), Code("throw new InvalidOperationException(\"planned failure\");"));

        var run = RunnerProcess.Run(folder.Path, "nb", "--out", "out", "--html", "--allow-errors");

        Assert.True(run.ExitCode == 1, run.ToString());   // the second notebook fails on purpose; its page is still written
        foreach (var name in new[] { "01-first", "02-second" })
        {
            Assert.True(File.Exists(folder[$"out/{name}.ipynb"]), run.ToString());
            var size = new FileInfo(folder[$"out/{name}.html"]).Length;
            Assert.Matches(new Regex($@"wrote {Regex.Escape(Path.Combine("out", name + ".html"))} \((\d+\.\d (KB|MB))\)"), run.Stderr);
            Assert.InRange(size, 1_000, 2_000_000);
        }
        var first = File.ReadAllText(folder["out/01-first.html"]);
        Assert.Contains("&lt;printed&gt;", first);
        Assert.Contains("<pre>42</pre>", first);
        Assert.Contains("<span class=\"nb-math\">\\(x &lt; 1\\)</span>", first);
        Assert.Contains("rel=\"next\" href=\"02-second.html\">The second →</a>", first);
        var second = File.ReadAllText(folder["out/02-second.html"]);
        Assert.Contains("rel=\"prev\" href=\"01-first.html\">← The first</a>", second);
        Assert.Contains("This run did not complete.", second);
        Assert.Contains("planned failure", second);
        Assert.Empty(WebResources.Find(first));
        Assert.Empty(Directory.GetFiles(folder["out"], ".*.tmp"));
    }

    [Fact]
    public void Without_html_only_the_executed_copy_is_written_and_help_lists_the_option()
    {
        Write(folder["one.ipynb"], Code("1"));
        var run = RunnerProcess.Run(folder.Path, "one.ipynb", "--out", "out");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["one.ipynb"], Directory.GetFiles(folder["out"]).Select(Path.GetFileName));
        Assert.Contains($"wrote {Path.Combine("out", "one.ipynb")} (", run.Stderr);

        var help = RunnerProcess.Run(folder.Path, "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--html", help.Stdout);
    }

    public void Dispose() => folder.Dispose();
}
