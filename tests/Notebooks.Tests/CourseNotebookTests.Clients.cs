namespace Notebooks.Tests;

/// <summary>
/// The two clients whose executed copies <see cref="CourseNotebookTests"/> checks alike: the course's runner
/// (<see cref="NotebookRun"/>) and Jupyter's nbconvert with the registered .NET kernel (<see cref="JupyterRun"/>).
/// A check that only makes sense for one client (the runner's exit code, its handouts and slide decks; the
/// stderr of Jupyter's kernel) lives with that client's tests.
/// </summary>
public partial class CourseNotebookTests
{
    public static TheoryData<NotebookClient> Clients => [NotebookClient.Runner, NotebookClient.Jupyter];

    public static TheoryData<string, NotebookClient> NotebooksAndClients()
    {
        var data = new TheoryData<string, NotebookClient>();
        foreach (var client in Enum.GetValues<NotebookClient>())
            foreach (var name in NotebookSourceTests.Names)
                data.Add(name, client);
        return data;
    }

    ExecutedNotebook Executed(NotebookClient client, string name) =>
        client == NotebookClient.Runner ? run.Executed(name) : jupyter.Executed(name);

    string CheckpointDir(NotebookClient client) =>
        client == NotebookClient.Runner ? run.CheckpointDir : jupyter.CheckpointDir;

    /// <summary>
    /// A training's progress is one display that every report updates in place, so the executed notebook keeps
    /// one output per training showing its last line. Were each update a new output, the notebook would keep
    /// lines of unfinished epochs (or, in Jupyter, where nbclient also rewrites every earlier output that carries
    /// the same display id, several copies of the last line: the counts of the per-notebook checks catch that);
    /// were the updates lost, the first line would stay. Every multi-epoch training reports at least twice (its
    /// first epoch is shown at once, its last always), so both failures show.
    /// </summary>
    [Theory]
    [MemberData(nameof(NotebooksAndClients))]
    public void Every_progress_display_was_updated_in_place_to_its_last_line(string name, NotebookClient client)
    {
        var nb = Executed(client, name);
        var progress = Progress(nb);
        Assert.All(progress, p => Assert.Matches(@"^epoch (\d+)/\1  .*\(done\)$", p));
        var bars = nb.Data("text/html").Where(h => h.Contains("class=\"gancourse-progress\"", StringComparison.Ordinal)).ToArray();
        Assert.Equal(progress.Length, bars.Length);
        Assert.All(bars, h => Assert.Contains("<progress value=\"1000\" max=\"1000\"", h));
    }
}
