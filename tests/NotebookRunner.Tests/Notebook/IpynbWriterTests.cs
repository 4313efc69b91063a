using Shared;
using TestSupport;
using System.Text;
using System.Text.Json.Nodes;
using NotebookRunner.Notebook;
using NotebookRunner.Tests.Support;

namespace NotebookRunner.Tests.Notebook;

public class IpynbWriterTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("one", new[] { "one" })]
    [InlineData("one\n", new[] { "one\n" })]
    [InlineData("one\ntwo", new[] { "one\n", "two" })]
    [InlineData("// comment\nx\n\ny", new[] { "// comment\n", "x\n", "\n", "y" })]
    [InlineData("a\r\nb", new[] { "a\r\n", "b" })]
    public void Splits_text_into_nbformat_lines(string text, string[] lines)
    {
        var split = MultilineText.Split(text);
        Assert.Equal(lines, split);
        Assert.Equal(text, string.Concat(split));
        Assert.All(split.SkipLast(1), l => Assert.EndsWith("\n", l));
    }

    static NotebookDocument Sample(int minor)
    {
        var notebook = NotebookReader.Parse(TestNotebook.Json(TestNotebook.Markdown("# Hi\nthere"), TestNotebook.Code("var x = 1;\nx")).ToJsonString());
        notebook = new NotebookDocument { FormatMinor = minor, Metadata = notebook.Metadata, Cells = notebook.Cells };
        var code = notebook.Cells[1];
        code.ExecutionCount = 1;
        code.Outputs.Add(new StreamOutput("stdout", "a\nb\n"));
        code.Outputs.Add(new DisplayOutput(new MimeBundle([new("image/png", "iVBORw0KGgo="), new("text/html", "<img>\n<p>x</p>")]), "display-1"));
        code.Outputs.Add(new DisplayOutput(MimeBundle.Of("application/json", "{\"a\": [1, 2]}"), null));
        code.Outputs.Add(new ResultOutput(MimeBundle.Of("text/plain", "1"), 1));
        code.Outputs.Add(new ErrorOutput("System.Exception", "boom", ["System.Exception: boom", "   at cell 2:line 1"]));
        return notebook;
    }

    [Fact]
    public void Writes_sources_and_text_data_as_line_arrays_and_binary_data_as_one_string()
    {
        var json = IpynbWriter.ToJson(Sample(5));
        var code = json["cells"]![1]!;
        Assert.Equal(["var x = 1;\n", "x"], Lines(code["source"]));
        var outputs = code["outputs"]!.AsArray();
        Assert.Equal(["a\n", "b\n"], Lines(outputs[0]!["text"]));
        Assert.Equal("iVBORw0KGgo=", outputs[1]!["data"]!["image/png"]!.GetValue<string>());
        Assert.Equal(["<img>\n", "<p>x</p>"], Lines(outputs[1]!["data"]!["text/html"]));
        Assert.Equal("""{"a":[1,2]}""", outputs[2]!["data"]!["application/json"]!.ToJsonString());
        Assert.Equal(1, outputs[3]!["execution_count"]!.GetValue<int>());
        Assert.Equal("error", outputs[4]!["output_type"]!.GetValue<string>());
        Assert.DoesNotContain("display-1", json.ToJsonString());
    }

    static List<string> Lines(JsonNode? node) => node!.AsArray().Select(l => l!.GetValue<string>()).ToList();

    [Fact]
    public void Gives_cells_stable_unique_ids_from_nbformat_4_5_on_only()
    {
        var with = IpynbWriter.ToJson(Sample(5))["cells"]!.AsArray().Select(c => c!["id"]?.GetValue<string>()).ToList();
        Assert.Equal(["cell-1", "cell-2"], with);
        var again = IpynbWriter.ToJson(Sample(5))["cells"]!.AsArray().Select(c => c!["id"]?.GetValue<string>()).ToList();
        Assert.Equal(with, again);

        var without = IpynbWriter.ToJson(Sample(4))["cells"]!.AsArray();
        Assert.All(without, c => Assert.False(c!.AsObject().ContainsKey("id")));
    }

    [Fact]
    public void Generated_ids_do_not_collide_with_existing_ones()
    {
        var notebook = Sample(5);
        notebook.Cells[1].Id = "cell-1";
        var ids = IpynbWriter.ToJson(notebook)["cells"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Keeps_metadata_and_writes_utf8_without_bom_with_one_space_indent()
    {
        var notebook = Sample(5);
        notebook.Metadata["note"] = "Grüße → ∑";
        using var stream = new MemoryStream();
        IpynbWriter.Write(notebook, stream);
        var bytes = stream.ToArray();
        Assert.NotEqual(0xEF, bytes[0]);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"Grüße → ∑\"", text);
        Assert.StartsWith("{\n \"cells\": [", text);
        Assert.EndsWith("}\n", text);
        Assert.Equal(".net-csharp", JsonNode.Parse(text)!["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Written_notebooks_validate_with_jupyter_nbformat()
    {
        using var folder = new TestFolder();
        foreach (var minor in new[] { 4, 5 })
        {
            var path = folder[$"minor{minor}.ipynb"];
            AtomicFile.Write(path, s => IpynbWriter.Write(Sample(minor), s));
            Nbformat.AssertValid(path);
        }
    }

    [Fact]
    public void Atomic_writes_replace_the_file_and_leave_no_temporary_files()
    {
        using var folder = new TestFolder();
        var path = folder["sub/out.ipynb"];
        AtomicFile.Write(path, s => s.Write("first"u8));
        AtomicFile.Write(path, s => s.Write("second"u8));
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder["sub"]));

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException("disk full")));
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder["sub"]));
    }
}
