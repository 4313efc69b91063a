namespace NotebookRunner.Notebook;

/// <summary>Writes an executed notebook in one output format (the executed .ipynb, an HTML handout, ...).</summary>
public interface INotebookWriter
{
    /// <summary>The file extension of what this writer produces, with the dot (".ipynb").</summary>
    string Extension { get; }

    /// <summary>Writes the notebook; <paramref name="run"/> says how each cell went.</summary>
    /// <param name="sequence">The notebooks of the same run and this one's place among them, for links between outputs.</param>
    void Write(NotebookDocument notebook, Running.NotebookRunResult run, NotebookSequence sequence, Stream destination);
}
