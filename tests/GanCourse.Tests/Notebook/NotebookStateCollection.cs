namespace GanCourse.Tests.Notebook;

/// <summary>
/// Tests that change process-wide state (the display Formatter, the plotly.js "already on the page"
/// flag, TorchSharp's seed and threads, Console.Out) run in this collection: alone, after the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookStateCollection
{
    public const string Name = "Process-wide notebook state";
}
