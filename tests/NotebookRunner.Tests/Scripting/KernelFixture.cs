using NotebookRunner.Notebook;
using NotebookRunner.Scripting;
using NotebookRunner.Tests.Support;

namespace NotebookRunner.Tests.Scripting;

/// <summary>Kernel tests share the process's Console, so they run one at a time, apart from other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class KernelCollection
{
    public const string Name = "kernel";
}

/// <summary>Collects what a kernel reports.</summary>
sealed class RecordingSink : IKernelEventSink
{
    readonly List<KernelEvent> events = [];

    public void Emit(KernelEvent kernelEvent)
    {
        lock (events) events.Add(kernelEvent);
    }

    public List<KernelEvent> TakeAll()
    {
        lock (events)
        {
            var all = events.ToList();
            events.Clear();
            return all;
        }
    }
}

/// <summary>A kernel in this process with a scratch notebook folder.</summary>
sealed class KernelHarness : IDisposable
{
    readonly RecordingSink sink = new();
    int count;

    public KernelHarness()
    {
        Kernel = new CSharpKernel(new KernelSettings(Folder.Path) { CacheFolder = RunnerProcess.CacheFolder }, sink);
    }

    public TestFolder Folder { get; } = new();

    public CSharpKernel Kernel { get; }

    /// <summary>Runs a cell; returns how it went and what it reported.</summary>
    public (CellOutcome Outcome, List<KernelEvent> Events) Run(string source)
    {
        count++;
        var outcome = Kernel.RunCellAsync(count, $"cell {count}", source).GetAwaiter().GetResult();
        return (outcome, sink.TakeAll());
    }

    public static List<CellOutput> Outputs(List<KernelEvent> events) => events.OfType<OutputEvent>().Select(e => e.Output).ToList();

    public static string Stream(List<KernelEvent> events, string name) =>
        string.Concat(Outputs(events).OfType<StreamOutput>().Where(s => s.Name == name).Select(s => s.Text));

    public void Dispose()
    {
        Kernel.Dispose();
        Folder.Dispose();
    }
}
