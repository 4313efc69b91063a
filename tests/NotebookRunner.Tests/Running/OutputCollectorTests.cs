using NotebookRunner.Kernel;
using NotebookRunner.Notebook;
using NotebookRunner.Running;
using static NotebookRunner.Tests.Support.KernelEvents;

namespace NotebookRunner.Tests.Running;

public class OutputCollectorTests
{
    static NotebookCell NewCell() => new() { CellType = CellTypes.Code, Source = "x", ExecutionCount = 1 };

    [Fact]
    public void Streams_merge_while_consecutive_and_events_go_to_the_cell_of_their_token()
    {
        var collector = new OutputCollector();
        var first = NewCell();
        var second = NewCell();
        collector.Begin("cell-1", first, "cell 1");
        collector.Apply(Stdout("a\n"));
        collector.Apply(Stdout("b\n"));
        collector.Apply(Stderr("oops\n"));
        collector.Apply(Stdout("c\n"));
        collector.Begin("cell-2", second, "cell 2");
        // A background thread of cell 1 prints after cell 2 started: its token says where it belongs.
        collector.Apply(Stdout("late\n", token: "cell-1.4"));
        collector.Apply(Returned("<b>2</b>", token: "cell-2"));

        Assert.Equal(
            [new StreamOutput("stdout", "a\nb\n"), new StreamOutput("stderr", "oops\n"), new StreamOutput("stdout", "c\nlate\n")],
            first.Outputs);
        var result = Assert.IsType<ResultOutput>(Assert.Single(second.Outputs));
        Assert.Equal("<b>2</b>", result.Data["text/html"]);
    }

    [Fact]
    public void An_update_replaces_the_display_with_its_value_id_even_in_an_earlier_cell()
    {
        var collector = new OutputCollector();
        var first = NewCell();
        var second = NewCell();
        collector.Begin("cell-1", first, "cell 1");
        collector.Apply(Displayed("id-1", "epoch 0"));
        collector.Apply(Updated("id-1", "epoch 1"));
        collector.Begin("cell-2", second, "cell 2");
        collector.Apply(Updated("id-1", "done", token: "cell-2"));

        Assert.Equal("done", Assert.IsType<DisplayOutput>(Assert.Single(first.Outputs)).Data["text/plain"]);
        Assert.Empty(second.Outputs);
    }

    [Fact]
    public void The_kernels_display_then_update_with_two_ids_keeps_only_the_update()
    {
        // display(x).Update(y) in kernel 1.0.712001: x is published under one id, the handle updates under another.
        var collector = new OutputCollector();
        var cell = NewCell();
        collector.Begin("cell-1", cell, "cell 1");
        collector.Apply(Displayed("chart", "<div>chart</div>", mime: "text/html"));
        collector.Apply(Displayed("published", "x"));
        collector.Apply(Updated("handle", "y"));
        collector.Apply(Updated("handle", "z"));

        Assert.Equal(["<div>chart</div>", "z"], cell.Outputs.Cast<DisplayOutput>().Select(d => d.Data.Entries[0].Value));
    }

    [Fact]
    public void An_update_with_nothing_to_replace_becomes_a_new_display()
    {
        var collector = new OutputCollector();
        var cell = NewCell();
        collector.Begin("cell-1", cell, "cell 1");
        collector.Apply(Updated("new", "shown"));
        collector.Apply(Updated("new", "shown again"));
        Assert.Equal("shown again", Assert.IsType<DisplayOutput>(Assert.Single(cell.Outputs)).Data["text/plain"]);
    }

    [Fact]
    public void Each_stream_keeps_at_most_its_limit_per_cell_and_says_how_much_was_left_out()
    {
        var collector = new OutputCollector(maxStreamChars: 1000);
        var cell = NewCell();
        collector.Begin("cell-1", cell, "cell 1");
        var chunk = new string('x', 99) + "\n";
        for (int i = 0; i < 2000; i++) collector.Apply(Stdout(chunk));
        collector.Apply(Stderr("kept\n"));
        collector.Apply(new OversizedMessage(200L * 1024 * 1024, "StandardOutputValueProduced", "cell-1"));
        collector.End("cell-1");

        var stdout = cell.Outputs.OfType<StreamOutput>().Where(s => s.Name == "stdout").ToList();
        Assert.Equal(1000, stdout[0].Text.Length);
        Assert.Equal("kept\n", cell.Outputs.OfType<StreamOutput>().Single(s => s.Name == "stderr").Text);
        // 199,000 characters of small writes plus the 200 MB line.
        Assert.Contains("200.2 MB more of stdout left out", stdout[^1].Text);
        Assert.True(cell.Outputs.OfType<StreamOutput>().Sum(s => s.Text.Length) < 1400);
    }

    [Fact]
    public void An_oversized_display_leaves_a_note_and_remembers_packages_and_compiled_code()
    {
        var collector = new OutputCollector();
        var cell = NewCell();
        collector.Begin("cell-1", cell, "cell 1");
        collector.Apply(new OversizedMessage(60L * 1024 * 1024, "DisplayedValueProduced", "cell-1"));
        collector.Apply(PackageAdded("Humanizer.Core", "2.14.1"));
        collector.Apply(Received("using static X;", token: "cell-1"));
        collector.Apply(Received("int y = 1;", token: "cell-1.3"));

        var note = Assert.IsType<StreamOutput>(Assert.Single(cell.Outputs));
        Assert.Contains("an output of 60.0 MB (DisplayedValueProduced) was left out", note.Text);
        Assert.Equal([("Humanizer.Core", "2.14.1")], collector.Packages("cell-1"));
        Assert.Equal("int y = 1;", collector.CompiledCode("cell-1"));
    }

    [Fact]
    public void Oversized_lines_are_read_for_their_event_type_and_token()
    {
        var tail = "xxxxx \"eventType\": fake\"}], \"valueId\": null}, \"eventType\": \"StandardOutputValueProduced\", \"command\": {\"token\": \"cell-7.2\", \"commandType\": \"SubmitCode\"}}";
        var message = Assert.IsType<OversizedMessage>(KernelProcess.Parse(new KernelLine("{\"event\": {", 300_000_000, tail)));
        Assert.Equal(("StandardOutputValueProduced", "cell-7"), (message.EventType, message.RootToken));
        Assert.IsType<TextMessage>(KernelProcess.Parse(new KernelLine("Welcome to .NET Interactive!", 28, null)));
        Assert.Null(KernelProcess.Parse(new KernelLine("{\"event\":{},\"eventType\":\"FromTheFuture\",\"command\":null}", 50, null)));
    }
}
