using System.Text;
using NotebookRunner.Notebook;
using NotebookRunner.Running;

namespace NotebookRunner.Html;

/// <summary>A writer of one self-contained HTML page per notebook (a handout, a slide deck), in UTF-8 without a byte order mark.</summary>
public abstract class PageWriter : INotebookWriter
{
    public abstract string Extension { get; }

    public void Write(NotebookDocument notebook, NotebookRunResult run, NotebookSequence sequence, Stream destination)
    {
        using var writer = new StreamWriter(destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
        writer.Write(Page(notebook, run, sequence));
    }

    /// <summary>The page as a string.</summary>
    protected abstract string Page(NotebookDocument notebook, NotebookRunResult run, NotebookSequence sequence);
}
