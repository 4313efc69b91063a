using NotebookRunner.Notebook;
using NotebookRunner.Scripting;
using NotebookRunner.Tests.Support;
using static NotebookRunner.Tests.Scripting.KernelHarness;

namespace NotebookRunner.Tests.Scripting;

[Collection(KernelCollection.Name)]
public class CSharpKernelTests
{
    [Fact]
    public void Carries_state_from_cell_to_cell_and_keeps_it_after_a_runtime_error()
    {
        using var kernel = new KernelHarness();
        Assert.Equal(CellStatus.Succeeded, kernel.Run("var total = 40;\nint Twice(int x) => 2 * x;").Outcome.Status);
        var (failed, events) = kernel.Run("total += 2;\nthrow new InvalidOperationException(\"boom\");");
        Assert.Equal(CellStatus.RuntimeError, failed.Status);
        Assert.Equal("System.InvalidOperationException: boom", failed.Summary);

        var (outcome, result) = kernel.Run("Twice(total)");
        Assert.Equal(CellStatus.Succeeded, outcome.Status);
        Assert.Contains("<pre>84</pre>", Assert.IsType<ResultOutput>(Assert.Single(Outputs(result))).Data["text/html"]);
    }

    [Fact]
    public void Reports_exceptions_with_their_type_message_and_the_notebook_frames_only()
    {
        using var kernel = new KernelHarness();
        kernel.Run("void Fail() => throw new ArgumentException(\"bad value\");");
        var (_, events) = kernel.Run("var x = 1;\nFail();");
        var error = Assert.IsType<ErrorOutput>(Assert.Single(Outputs(events)));
        Assert.Equal("System.ArgumentException", error.Name);
        Assert.Equal("bad value", error.Value);
        Assert.Equal("System.ArgumentException: bad value", error.Traceback[0]);
        Assert.Contains(error.Traceback, l => l.Contains("Fail() in cell 1:line 1"));
        Assert.Contains(error.Traceback, l => l.Contains("in cell 2:line 2"));
        Assert.DoesNotContain(error.Traceback, l => l.Contains("Microsoft.CodeAnalysis") || l.Contains("NotebookRunner."));
    }

    [Fact]
    public void Reports_compile_errors_with_cell_line_column_and_code_even_below_directives()
    {
        using var kernel = new KernelHarness();
        var (outcome, events) = kernel.Run("#!csharp\n#!time\nvar ok = 1;\nint wrong = \"text\";\nundefinedName++;");
        Assert.Equal(CellStatus.CompileError, outcome.Status);
        var error = Assert.IsType<ErrorOutput>(Outputs(events)[0]);
        Assert.Equal("CompilationError", error.Name);
        Assert.Equal(
            [
                "cell 1, line 4, column 13: error CS0029: Cannot implicitly convert type 'string' to 'int'",
                "cell 1, line 5, column 1: error CS0103: The name 'undefinedName' does not exist in the current context",
            ],
            error.Traceback);
        Assert.Equal(error.Traceback[0], outcome.Summary);

        // Nothing of a cell that did not compile runs, and the kernel carries on.
        Assert.Equal(CellStatus.Succeeded, kernel.Run("var ok = 2;").Outcome.Status);
    }

    [Fact]
    public void A_trailing_expression_is_the_result_and_void_or_semicolon_gives_none()
    {
        using var kernel = new KernelHarness();
        var (_, text) = kernel.Run("\"hello\"");
        var result = Assert.IsType<ResultOutput>(Assert.Single(Outputs(text)));
        Assert.Equal(1, result.ExecutionCount);
        Assert.Equal([new("text/plain", "hello")], result.Data.Entries);

        Assert.Empty(Outputs(kernel.Run("var s = \"hello\";").Events));
        Assert.Empty(Outputs(kernel.Run("Console.Write(\"\")").Events));
        Assert.Empty(Outputs(kernel.Run("await Task.Delay(1)").Events));

        var (_, nulls) = kernel.Run("string? nothing = null;\nnothing");
        Assert.Contains("&lt;null&gt;", Assert.IsType<ResultOutput>(Assert.Single(Outputs(nulls))).Data["text/html"]);

        var (_, awaited) = kernel.Run("await Task.FromResult(\"later\")");
        Assert.Equal("later", Assert.IsType<ResultOutput>(Assert.Single(Outputs(awaited))).Data["text/plain"]);
    }

    [Fact]
    public void Captures_console_output_of_the_cell_and_of_its_background_threads_in_order()
    {
        using var kernel = new KernelHarness();
        var (_, events) = kernel.Run("""
            Console.WriteLine("one");
            Console.Error.WriteLine("warning");
            Console.Write("two");
            var t = new System.Threading.Thread(() => Console.WriteLine(" three"));
            t.Start(); t.Join();
            await Task.Run(() => Console.Out.WriteLine("four"));
            """);
        Assert.Equal("one\ntwo three\nfour\n", Stream(events, "stdout"));
        Assert.Equal("warning\n", Stream(events, "stderr"));
        // Text may arrive in several pieces; what matters is the order in which the streams alternate.
        var streams = Outputs(events).OfType<StreamOutput>().Select(s => s.Name).ToList();
        Assert.Equal(["stdout", "stderr", "stdout"], streams.Where((name, i) => i == 0 || streams[i - 1] != name));
    }

    [Fact]
    public void Display_shows_values_and_update_replaces_them_by_id()
    {
        using var kernel = new KernelHarness();
        var (_, events) = kernel.Run("var handle = display(\"first\");\nhandle.Update(\"second\");\n42.Display();\ndisplay(HTML(\"<b>x</b>\"));\nhandle");
        var shown = Outputs(events).OfType<DisplayOutput>().ToList();
        Assert.Equal(3, shown.Count);
        Assert.Equal("first", shown[0].Data["text/plain"]);
        Assert.Contains("<pre>42</pre>", shown[1].Data["text/html"]);
        Assert.Equal("<b>x</b>", shown[2].Data["text/html"]);
        var update = Assert.Single(events.OfType<DisplayUpdateEvent>());
        Assert.Equal(shown[0].DisplayId, update.DisplayId);
        Assert.Equal("second", update.Data["text/plain"]);
        Assert.Empty(Outputs(events).OfType<ResultOutput>());

        // A handle from an earlier cell still updates its own output.
        var (_, later) = kernel.Run("handle.Update(\"third\");");
        Assert.Equal(shown[0].DisplayId, Assert.Single(later.OfType<DisplayUpdateEvent>()).DisplayId);
    }

    [Fact]
    public void Honours_formatters_and_preferred_mime_types_registered_by_notebook_code()
    {
        using var kernel = new KernelHarness();
        var (outcome, events) = kernel.Run("""
            using Microsoft.DotNet.Interactive.Formatting;
            public record Chart(string Title);
            public record Picture(byte[] Png);
            Formatter.Register<Chart>((chart, writer) => writer.Write($"<div class='chart'>{chart.Title}</div>"), "text/html");
            Formatter.Register<Picture>((p, writer) => writer.Write(Convert.ToBase64String(p.Png)), "image/png");
            Formatter.Register<Picture>((p, writer) => writer.Write($"<img src='data:image/png;base64,{Convert.ToBase64String(p.Png)}'>"), "text/html");
            Formatter.SetPreferredMimeTypesFor(typeof(Picture), "image/png", "text/html");
            display(new Chart("losses"));
            new Picture(new byte[] { 137, 80, 78, 71 })
            """);
        Assert.Equal(CellStatus.Succeeded, outcome.Status);
        var chart = Assert.Single(Outputs(events).OfType<DisplayOutput>());
        Assert.Equal([new("text/html", "<div class='chart'>losses</div>")], chart.Data.Entries);
        var picture = Assert.Single(Outputs(events).OfType<ResultOutput>());
        Assert.Equal(["image/png", "text/html"], picture.Data.Entries.Select(e => e.Key));
        Assert.Equal("iVBORw==", picture.Data["image/png"]);
    }

    [Fact]
    public void Uses_the_kernel_default_imports_and_the_latest_language_version()
    {
        using var kernel = new KernelHarness();
        var (outcome, events) = kernel.Run("""
            var builder = new StringBuilder();            // System.Text
            var list = new List<int> { 3, 1, 2 };         // System.Collections.Generic
            ArrayList old = [];                           // System.Collections, collection expression
            int[] sorted = [.. list.Order()];             // System.Linq, spread
            Task done = Task.CompletedTask;               // System.Threading.Tasks
            string.Join(",", sorted)
            """);
        Assert.Equal(CellStatus.Succeeded, outcome.Status);
        Assert.Equal("1,2,3", Assert.IsType<ResultOutput>(Assert.Single(Outputs(events))).Data["text/plain"]);
    }

    [Fact]
    public void Time_magic_reports_the_wall_time()
    {
        using var kernel = new KernelHarness();
        var (outcome, events) = kernel.Run("#!time\nSystem.Threading.Thread.Sleep(20);");
        Assert.Equal(CellStatus.Succeeded, outcome.Status);
        var time = Assert.IsType<DisplayOutput>(Assert.Single(Outputs(events))).Data["text/plain"];
        Assert.Matches(@"^Wall time: \d+(\.\d+)?ms$", time);
        Assert.True(double.Parse(time!["Wall time: ".Length..^2], System.Globalization.CultureInfo.InvariantCulture) >= 20);
    }

    [Fact]
    public void Loads_scripts_relative_to_the_notebook_folder()
    {
        using var kernel = new KernelHarness();
        kernel.Folder.Write("scripts/helpers.csx", "int Square(int x) => x * x;");
        var (outcome, events) = kernel.Run("var before = 1;\n#load \"scripts/helpers.csx\"\nSquare(7)");
        Assert.Equal(CellStatus.Succeeded, outcome.Status);
        Assert.Contains("<pre>49</pre>", Assert.IsType<ResultOutput>(Assert.Single(Outputs(events))).Data["text/html"]);

        var (missing, errors) = kernel.Run("#load \"scripts/missing.csx\"");
        Assert.Equal(CellStatus.CompileError, missing.Status);
        Assert.Contains("missing.csx", Assert.IsType<ErrorOutput>(Assert.Single(Outputs(errors))).Value);
    }

    [Fact]
    public void References_dlls_relative_to_the_notebook_folder_with_their_dependencies_in_the_default_context()
    {
        using var kernel = new KernelHarness();
        var dependency = TestAssemblies.Compile("KernelTestDependency", "namespace Dep { public static class Numbers { public static int Seven => 7; } }", kernel.Folder["lib/KernelTestDependency.dll"]);
        TestAssemblies.Compile("KernelTestHelper", "namespace Helper { public static class Api { public static int Value() => Dep.Numbers.Seven * 6; } }", kernel.Folder["lib/KernelTestHelper.dll"], dependency);

        var (outcome, events) = kernel.Run("""
            #r "lib/KernelTestHelper.dll"
            var value = Helper.Api.Value();
            var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(typeof(Helper.Api).Assembly);
            $"{value} {context == System.Runtime.Loader.AssemblyLoadContext.Default}"
            """);
        Assert.True(outcome.Status == CellStatus.Succeeded, string.Join("\n", Outputs(events)));
        Assert.Equal("42 True", Assert.IsType<ResultOutput>(Assert.Single(Outputs(events))).Data["text/plain"]);

        var (missing, errors) = kernel.Run("#r \"lib/Nope.dll\"\n1");
        Assert.Equal(CellStatus.SetupError, missing.Status);
        var error = Assert.IsType<ErrorOutput>(Assert.Single(Outputs(errors)));
        Assert.StartsWith("cell 2, line 1: assembly not found: lib/Nope.dll", error.Value);
    }

    [Fact]
    public void Reading_console_input_ends_at_once_instead_of_waiting()
    {
        using var kernel = new KernelHarness();
        var (outcome, events) = kernel.Run("Console.ReadLine() == null");
        Assert.Equal(CellStatus.Succeeded, outcome.Status);
        Assert.Contains("True", Assert.IsType<ResultOutput>(Assert.Single(Outputs(events))).Data["text/html"]);
    }
}

[Collection(KernelCollection.Name)]
public class KernelPackageTests
{
    [Fact]
    public void NuGet_references_are_hoisted_so_the_package_is_usable_above_its_line()
    {
        using var kernel = new KernelHarness();
        var (outcome, events) = kernel.Run("var html = Markdig.Markdown.ToHtml(\"# Title\");\n#r \"nuget: Markdig, 1.6.0\"\nhtml");
        Assert.True(outcome.Status == CellStatus.Succeeded, string.Join("\n", Outputs(events)));
        Assert.Equal("<h1>Title</h1>\n", Assert.IsType<ResultOutput>(Assert.Single(Outputs(events))).Data["text/plain"]);
        Assert.Contains(events.OfType<LogEvent>(), e => e.Message.Contains("Markdig 1.6.0"));

        // The same package again is a no-op; another version of it cannot be loaded next to the first.
        Assert.Equal(CellStatus.Succeeded, kernel.Run("#r \"nuget: Markdig, 1.6.0\"\n#r \"nuget: Markdig\"").Outcome.Status);
        var (conflict, errors) = kernel.Run("#r \"nuget: Markdig, 0.40.0\"");
        Assert.Equal(CellStatus.SetupError, conflict.Status);
        Assert.Equal("cell 3, line 1: Markdig is already referenced at version 1.6.0; a notebook can load only one version of a package",
            Assert.IsType<ErrorOutput>(Assert.Single(Outputs(errors))).Value);
    }
}
