using System.Text.Json.Nodes;
using NotebookRunner.Notebook;
using NotebookRunner.Tests.Support;

namespace NotebookRunner.Tests.Notebook;

public class NotebookReaderTests
{
    const string Minimal = """
        {"cells": [
          {"cell_type": "markdown", "metadata": {}, "source": "# Title\nText", "attachments": {"a.png": {"image/png": "AAAA"}}},
          {"cell_type": "code", "execution_count": 3, "metadata": {"tags": ["parameters"], "polyglot_notebook": {"kernelName": "csharp"}},
           "outputs": [{"output_type": "stream", "name": "stdout", "text": ["old\n"]}], "source": ["int x = 1;\n", "x"], "id": "abc"}
         ],
         "metadata": {"kernelspec": {"name": ".net-csharp"}, "custom": {"keep": [1, 2]}},
         "nbformat": 4, "nbformat_minor": 5, "extra_field": true}
        """;

    [Fact]
    public void Reads_cells_sources_metadata_and_unknown_fields()
    {
        var notebook = NotebookReader.Parse(Minimal);

        Assert.Equal(5, notebook.FormatMinor);
        Assert.Equal(2, notebook.Cells.Count);
        Assert.Equal("# Title\nText", notebook.Cells[0].Source);
        Assert.Equal("int x = 1;\nx", notebook.Cells[1].Source);
        Assert.Equal(["parameters"], notebook.Cells[1].Tags);
        Assert.Equal("abc", notebook.Cells[1].Id);
        Assert.Equal("[1,2]", notebook.Metadata["custom"]!["keep"]!.ToJsonString());
        Assert.True(notebook.Cells[0].Extra.ContainsKey("attachments"));
        Assert.True(notebook.Extra.ContainsKey("extra_field"));
    }

    [Theory]
    [InlineData("{\"cells\": [}", "not valid JSON at line 1")]
    [InlineData("{\"cells\": [], \"nbformat\": 4, }", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("[1, 2]", "top level is not a JSON object")]
    [InlineData("{\"cells\": [], \"metadata\": {}}", "no \"nbformat\"")]
    [InlineData("{\"worksheets\": [], \"metadata\": {}, \"nbformat\": 3, \"nbformat_minor\": 0}", "nbformat 3 is not supported")]
    [InlineData("{\"cells\": [], \"metadata\": {}, \"nbformat\": 5, \"nbformat_minor\": 0}", "newer than this runner reads")]
    [InlineData("{\"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}", "no \"cells\" array")]
    [InlineData("{\"cells\": {}, \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}", "no \"cells\" array")]
    [InlineData("{\"cells\": [{\"source\": \"x\"}], \"nbformat\": 4}", "cell 1 has no \"cell_type\"")]
    [InlineData("{\"cells\": [{\"cell_type\": \"python\", \"source\": \"x\"}], \"nbformat\": 4}", "unknown cell_type \"python\"")]
    [InlineData("{\"cells\": [{\"cell_type\": \"code\", \"source\": 42}], \"nbformat\": 4}", "neither a string nor an array")]
    [InlineData("{\"cells\": [], \"metadata\": [], \"nbformat\": 4}", "\"metadata\" is not a JSON object")]
    public void Rejects_what_is_not_an_nbformat_4_notebook_with_a_clear_message(string json, string expected)
    {
        var error = Assert.Throws<NotebookFormatException>(() => NotebookReader.Parse(json));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void Recognises_a_truncated_file(double keep)
    {
        var text = Minimal[..(int)(Minimal.Length * keep)];
        var error = Assert.Throws<NotebookFormatException>(() => NotebookReader.Parse(text));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_missing_file_says_so()
    {
        var error = Assert.Throws<NotebookFormatException>(() => NotebookReader.Read("/nonexistent/folder/x.ipynb"));
        Assert.Equal("file not found", error.Message);
    }

    [Fact]
    public void Reads_a_file_with_a_byte_order_mark()
    {
        using var folder = new TestFolder();
        var path = folder["bom.ipynb"];
        File.WriteAllText(path, TestNotebook.Json(TestNotebook.Code("1")).ToJsonString(), new System.Text.UTF8Encoding(true));
        Assert.Single(NotebookReader.Read(path).Cells);
    }

    [Fact]
    public void Old_outputs_are_not_carried_into_the_model()
    {
        var notebook = NotebookReader.Parse(Minimal);
        Assert.Empty(notebook.Cells[1].Outputs);
        Assert.Null(notebook.Cells[1].ExecutionCount);
        Assert.IsType<JsonObject>(notebook.Cells[1].Metadata["polyglot_notebook"]);
    }
}
