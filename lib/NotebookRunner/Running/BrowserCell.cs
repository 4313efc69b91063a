using NotebookRunner.Notebook;

namespace NotebookRunner.Running;

/// <summary>
/// A JavaScript cell. Polyglot Notebooks runs it in the VS Code webview, not in the kernel process, so the
/// runner keeps it as a script output: the notebook's viewer, and the HTML handout, run it where the
/// notebook is shown.
/// </summary>
static class BrowserCell
{
    public static DisplayOutput Output(string source)
    {
        var lines = source.Split('\n').ToList();
        // The cell's own "#!javascript" line names its kernel; it is not JavaScript.
        var first = lines.FindIndex(l => l.Trim().Length > 0);
        if (first >= 0 && lines[first].TrimStart().StartsWith("#!", StringComparison.Ordinal)) lines.RemoveAt(first);
        var code = string.Join('\n', lines).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
        return new DisplayOutput(MimeBundle.Of("text/html", "<script type=\"text/javascript\">\n" + code + "\n</script>"), null);
    }
}
