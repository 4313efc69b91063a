using System.Text.Json.Nodes;
using NotebookRunner.Html;
using NotebookRunner.Notebook;
using NotebookRunner.Running;
using NotebookRunner.Tests.Support;
using TestSupport;
using static NotebookRunner.Tests.Html.Pages;

namespace NotebookRunner.Tests.Html;

public class HtmlNotebookWriterTests
{
    [Fact]
    public void Renders_markdown_with_pipe_tables_emphasis_lists_and_links()
    {
        var body = Body(Render(Markdown("""
            Some *emphasis*, **strong** and `code`; a [paper](https://example.org/paper).

            | symbol | meaning |
            |---|---|
            | $p_r$ | the data, $\|\mu\|$ wide |
            | G | the *generator* |

            1. first
            2. second
            """)));
        Assert.Contains("<em>emphasis</em>", body);
        Assert.Contains("<strong>strong</strong>", body);
        Assert.Contains("<code>code</code>", body);
        Assert.Contains("<a href=\"https://example.org/paper\">paper</a>", body);
        Assert.Contains("<th>symbol</th>", body);
        Assert.Contains("<td>the <em>generator</em></td>", body);
        Assert.Equal(3, Count(body, "<tr>"));
        Assert.Contains("<li>second</li>", body);
    }

    [Fact]
    public void Keeps_math_delimited_for_the_typesetter_and_escapes_it()
    {
        var body = Body(Render(Markdown("""
            Inline $a < b$ and $D^*$, costs $5 and $6, display inline $$x^2$$ here.

            $$
            \mathrm{KL}(p \,\|\, q) = \int p \log\frac{p}{q}\,dx
            $$

            | $\|x\|$ | y |
            |---|---|
            | $p_g$ | 1 |
            """)));
        Assert.Contains("<span class=\"nb-math\">\\(a &lt; b\\)</span>", body);
        Assert.Contains("<span class=\"nb-math\">\\(D^*\\)</span>", body);
        Assert.Contains("costs $5 and $6", body);
        Assert.Contains("<span class=\"nb-math nb-display\">\\[x^2\\]</span>", body);
        Assert.Contains("<div class=\"nb-math nb-display\">\\[\n\\mathrm{KL}(p \\,\\|\\, q) = \\int p \\log\\frac{p}{q}\\,dx\n\\]</div>", body);
        Assert.Contains("<td><span class=\"nb-math\">\\(p_g\\)</span></td>", body);
        Assert.DoesNotContain("$$", body);
    }

    [Fact]
    public void Carries_katex_with_inlined_fonts_only_when_the_page_has_math()
    {
        var withMath = Render(Markdown("Let $x$ be real."));
        Assert.Contains("window.katex.render", withMath);
        Assert.Contains("KaTeX", withMath);
        Assert.Contains("MIT", withMath);
        Assert.Contains("@font-face", withMath);
        Assert.Contains("url(data:font/woff2;base64,", withMath);
        Assert.DoesNotContain("url(fonts/", withMath);
        Assert.DoesNotContain(".woff)", withMath);

        var without = Render(Markdown("No formulas, only $5."));
        Assert.DoesNotContain("katex", WithoutStyles(without), StringComparison.OrdinalIgnoreCase);
        Assert.True(without.Length < withMath.Length / 4, $"{without.Length} vs {withMath.Length}");
    }

    [Fact]
    public void Highlights_code_cells_and_fenced_csharp_and_shows_execution_counts()
    {
        var body = Body(Render(
            Code("var x = 1; // one", 3),
            Code("Console.WriteLine(2);", null),
            Markdown("```csharp\nvar y = \"s\";\n```\n\n```\nplain <text>\n```")));
        Assert.Contains("<div class=\"nb-prompt\">[3]</div>", body);
        Assert.Contains("<span class=\"hl-k\">var</span> x = <span class=\"hl-n\">1</span>; <span class=\"hl-c\">// one</span>", body);
        Assert.Contains("nb-not-run", body);
        Assert.Contains("title=\"not run\">[ ]</div>", body);
        Assert.Contains("<span class=\"hl-s\">&quot;s&quot;</span>", body);
        Assert.Contains("plain &lt;text&gt;", body);
    }

    [Fact]
    public void Shows_every_output_type()
    {
        var body = Body(Render(Code("x", 1,
            new StreamOutput("stdout", "line 1\n"),
            new StreamOutput("stdout", "line 2\n"),
            new StreamOutput("stderr", "a warning\n"),
            new DisplayOutput(MimeBundle.Of("text/html", "<table class=\"t\"><tr><td>html</td></tr></table>"), null),
            new DisplayOutput(MimeBundle.Of("image/png", Png[..20] + "\n" + Png[20..]), null),
            new DisplayOutput(MimeBundle.Of("image/svg+xml", "<svg width=\"4\" height=\"4\"></svg>"), null),
            new DisplayOutput(MimeBundle.Of("text/markdown", "## Output heading\n*md*"), null),
            new DisplayOutput(MimeBundle.Of("application/json", "{\"a\":[1,2]}"), null),
            new DisplayOutput(MimeBundle.Of("application/x-custom", "?"), null),
            new ResultOutput(MimeBundle.Of("text/plain", "42"), 1),
            new ErrorOutput("System.InvalidOperationException", "boom", ["System.InvalidOperationException: boom", "   at Submission#3.<Main>() in cell 2:line 4"]))));

        Assert.Contains("<div class=\"nb-output nb-stream nb-stdout\"><pre>line 1\nline 2</pre></div>", body);
        Assert.Contains("<div class=\"nb-output nb-stream nb-stderr\"><pre>a warning</pre></div>", body);
        Assert.Contains("<table class=\"t\"><tr><td>html</td></tr></table>", body);
        Assert.Contains($"<img src=\"data:image/png;base64,{Png}\" alt=\"image/png output\">", body);
        Assert.Contains("<svg width=\"4\" height=\"4\"></svg>", body);
        Assert.Contains("<em>md</em>", body);
        Assert.Contains("&quot;a&quot;: [", body);
        Assert.Contains("[output of type application/x-custom, which a page cannot show]", body);
        Assert.Contains("<div class=\"nb-output nb-result\" data-mime-type=\"text/plain\"><pre>42</pre></div>", body);
        Assert.Contains("<span class=\"nb-error-name\">System.InvalidOperationException</span>: boom\n   at Submission#3.&lt;Main&gt;() in cell 2:line 4", body);
        Assert.Equal(1, Count(body, "boom"));
    }

    [Fact]
    public void Chooses_the_richest_representation_and_skips_unusable_images()
    {
        var body = Body(Render(Code("x", 1,
            new DisplayOutput(new MimeBundle([new("image/png", Png), new("text/html", "<figure>with caption</figure>")]), null),
            new DisplayOutput(new MimeBundle([new("image/png", "not base64 \" onerror=\"alert(1)"), new("text/plain", "fallback text")]), null))));
        Assert.Contains("<figure>with caption</figure>", body);
        Assert.Equal(0, Count(body, "<img"));
        Assert.Contains("<pre>fallback text</pre>", body);
        Assert.DoesNotContain("onerror", body);
    }

    [Fact]
    public void Escapes_text_everywhere_it_is_not_html()
    {
        const string Evil = "<script>alert('x')</script> & \"q\"";
        var notebook = NotebookOf(
            Markdown("# Title 1 < 2 & <b>tags</b>"),
            Code($"var s = \"{Evil.Replace("\"", "\\\"")}\";", 1,
                new StreamOutput("stdout", Evil),
                new ResultOutput(MimeBundle.Of("text/plain", Evil), 1),
                new ErrorOutput("E<x>", Evil, [])));
        var page = Render(notebook);
        Assert.Contains("<title>Title 1 &lt; 2 &amp; tags</title>", page);
        Assert.DoesNotContain("<script>alert", page);
        Assert.Equal(3, Count(Body(page), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
        Assert.Contains("<span class=\"nb-error-name\">E&lt;x&gt;</span>", page);
    }

    [Fact]
    public void Lists_headings_in_a_table_of_contents_with_unique_ids()
    {
        var page = Render(
            Markdown("# 3 · The divergence of $p_g$\nintro\n## Summary"),
            Code("x", 1, new DisplayOutput(MimeBundle.Of("text/markdown", "## Not in the contents"), null)),
            Markdown("## Summary\n### Details [link](#x)\n#### Too deep"));

        Assert.Contains("<h1 id=\"3--the-divergence-of-\">", page);
        Assert.Contains("<h2 id=\"summary\">Summary</h2>", page);
        Assert.Contains("<h2 id=\"summary-1\">Summary</h2>", page);
        var toc = page[page.IndexOf("<nav class=\"nb-toc\"", StringComparison.Ordinal)..page.IndexOf("</nav>", StringComparison.Ordinal)];
        Assert.Contains("<li class=\"nb-toc-1\"><a href=\"#3--the-divergence-of-\">3 · The divergence of <span class=\"nb-math\">\\(p_g\\)</span></a></li>", toc);
        Assert.Contains("<li class=\"nb-toc-2\"><a href=\"#summary\">Summary</a></li>", toc);
        Assert.Contains("<li class=\"nb-toc-2\"><a href=\"#summary-1\">Summary</a></li>", toc);
        Assert.Contains("<li class=\"nb-toc-3\"><a href=\"#details-link\">Details link</a></li>", toc);
        Assert.DoesNotContain("Not in the contents", toc);
        Assert.DoesNotContain("Too deep", toc);
        Assert.Contains("<title>3 · The divergence of $p_g$</title>", page);

        Assert.DoesNotContain("nb-toc", WithoutStyles(Render(Markdown("no headings"))));
    }

    [Fact]
    public void Links_to_the_previous_and_next_notebook_of_the_run()
    {
        var notebooks = new[] { "01-a", "02-b c", "03-c" }
            .Select(n => (Name: n, Notebook: NotebookOf(Markdown($"# Title of {n}"))))
            .ToList();
        var entries = notebooks.Select(n => NotebookEntry.Of($"/course/{n.Name}.ipynb", n.Notebook)).ToList();
        string Page(int i) => HtmlNotebookWriter.ToHtml(notebooks[i].Notebook, null, new NotebookSequence(entries, i));

        var middle = Page(1);
        Assert.Equal(2, Count(middle, "<a class=\"nb-pager-prev\" rel=\"prev\" href=\"01-a.html\">← Title of 01-a</a>"));
        Assert.Equal(2, Count(middle, "<a class=\"nb-pager-next\" rel=\"next\" href=\"03-c.html\">Title of 03-c →</a>"));
        Assert.Contains("2 of 3", middle);
        Assert.DoesNotContain("rel=\"prev\"", Page(0));
        Assert.Contains("href=\"02-b%20c.html\"", Page(0));
        Assert.DoesNotContain("rel=\"next\"", Page(2));
        Assert.DoesNotContain("nb-pager", WithoutStyles(Render(Markdown("# alone"))));
    }

    [Fact]
    public void Emits_a_repeated_library_script_once_in_the_head_and_keeps_small_scripts()
    {
        var library = "<script type=\"text/javascript\" data-lib=\"1\">\n" + new string('x', SharedScripts.MinimumLength) + "\n</script>";
        var unique = "<script>" + new string('u', SharedScripts.MinimumLength) + "</script>";
        string Chart(int n) => $"<div id=\"c{n}\"></div>\n<script>draw('c{n}');</script>";
        var page = Render(Code("charts", 1,
            new DisplayOutput(MimeBundle.Of("text/html", library + "\n" + Chart(1)), null),
            new DisplayOutput(MimeBundle.Of("text/html", library + "\n" + Chart(2)), null),
            new ResultOutput(MimeBundle.Of("text/html", unique + Chart(3) + library), 1)));

        Assert.Equal(1, Count(page, library));
        Assert.True(page.IndexOf(library, StringComparison.Ordinal) < page.IndexOf("</head>", StringComparison.Ordinal), "the library belongs in the head");
        Assert.Equal(1, Count(Body(page), unique));
        foreach (var n in new[] { 1, 2, 3 }) Assert.Contains(Chart(n), Body(page));
    }

    [Fact]
    public void Finds_script_elements_as_a_browser_delimits_them()
    {
        const string Html = "<p>a</p><script type=\"x\" data-q=\"a>b\">var s = '<script>';</script ><scripts>no</scripts><SCRIPT>B</SCRIPT>";
        var found = ScriptElements.Find(Html).Select(r => Html.Substring(r.Start, r.Length)).ToList();
        Assert.Equal(["<script type=\"x\" data-q=\"a>b\">var s = '<script>';</script >", "<SCRIPT>B</SCRIPT>"], found);
        Assert.Empty(ScriptElements.Find("<script>never closed"));
    }

    [Fact]
    public void References_nothing_on_the_network()
    {
        var page = Render(
            Markdown("# Math $x$\nand a [link](https://example.org)"),
            Code("x", 1, new DisplayOutput(new MimeBundle([new("image/png", Png)]), null)));
        Assert.Empty(WebResources.Find(page));
        Assert.DoesNotContain("http://", page);
        Assert.DoesNotContain("https://", page.Replace("href=\"https://example.org\"", ""));
    }

    [Fact]
    public void The_resource_check_catches_scripts_styles_images_and_imports_but_not_hyperlinks()
    {
        Assert.Equal(5, WebResources.Find("""
            <script src="https://cdn.example/plotly.js"></script>
            <link rel="stylesheet" href='http://cdn.example/katex.css'>
            <img alt="x" src=//cdn.example/x.png>
            <style>@import url("https://fonts.example/css"); .a { background: url( //cdn.example/bg.png ) }</style>
            <a href="https://example.org">a link</a><img src="data:image/png;base64,AAAA">
            """).Count);
    }

    [Fact]
    public void Embeds_attached_and_local_images_as_data_uris()
    {
        using var folder = new TestFolder();
        File.WriteAllBytes(folder["figure one.png"], Convert.FromBase64String(Png));
        var attachments = new JsonObject { ["pic.png"] = new JsonObject { ["image/png"] = Png } };
        var body = Body(Render(NotebookOf(Markdown("![a](attachment:pic.png) ![b](figure%20one.png) ![c](missing.png)", attachments)), folder.Path));
        Assert.Equal(2, Count(body, $"src=\"data:image/png;base64,{Png}\""));
        Assert.Contains("src=\"missing.png\"", body);
    }

    [Fact]
    public void Marks_a_run_that_did_not_complete_and_the_injected_parameters()
    {
        var injected = Code("// Parameters set on the command line (--param)\nquick = true;", 2);
        injected.Metadata["tags"] = new JsonArray("injected-parameters");
        var notebook = NotebookOf(Code("bool quick = false;", 1), injected, Code("throw new Exception();", 3), Code("after", null));
        var run = new NotebookRunResult { SourcePath = "/tmp/nb.ipynb", Notebook = notebook, Failure = "cell 3 failed" };
        var page = Render(notebook, run: run);
        Assert.Contains("This run did not complete.</strong> cell 3 failed", page);
        Assert.Contains("nb-code-cell nb-injected", page);
        Assert.DoesNotContain("nb-banner\"", Render(notebook, run: new NotebookRunResult { SourcePath = "/tmp/nb.ipynb", Notebook = notebook }));
    }

    [Fact]
    public void Writes_utf8_without_a_byte_order_mark()
    {
        using var stream = new MemoryStream();
        var notebook = NotebookOf(Markdown("# μ · −"));
        new HtmlNotebookWriter().Write(notebook, new NotebookRunResult { SourcePath = "/tmp/nb.ipynb", Notebook = notebook },
            NotebookSequence.Single(NotebookEntry.Of("/tmp/nb.ipynb", notebook)), stream);
        var bytes = stream.ToArray();
        Assert.Equal((byte)'<', bytes[0]);
        Assert.Contains("<h1 id=\"μ--\">μ · −</h1>", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [InlineData("# A *title* with `code`\ntext", "A title with code")]
    [InlineData("intro\n\n## Second level $x^2$", "Second level $x^2$")]
    [InlineData("no heading", null)]
    public void Titles_a_notebook_by_its_first_heading(string markdown, string? title)
    {
        var notebook = NotebookOf(Code("x", null), Markdown(markdown));
        Assert.Equal(title, NotebookEntry.TitleOf(notebook));
        Assert.Equal(title ?? "05-name", NotebookEntry.Of("dir/05-name.ipynb", notebook).Title);
    }
}
