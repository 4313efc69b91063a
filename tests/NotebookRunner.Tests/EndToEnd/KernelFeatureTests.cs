using System.Net;
using System.Text;
using TestSupport;
using NotebookRunner.Tests.Support;
using static NotebookRunner.Tests.Support.Executed;
using static NotebookRunner.Tests.Support.TestNotebook;

namespace NotebookRunner.Tests.EndToEnd;

/// <summary>
/// What the kernel runs, the runner runs: every subkernel, the magic commands, kernel-side display APIs,
/// and JavaScript kept for the browser. One notebook, one kernel, many checks.
/// </summary>
public sealed class KernelFeatureTests : IDisposable
{
    readonly TestFolder folder = new();

    [Fact]
    public async Task Cells_of_every_kernel_and_the_magic_commands_give_the_kernels_outputs()
    {
        // The http kernel's request goes to a server of this test on loopback.
        using var server = ListenOnFreePort(out var port);
        var serving = Task.Run(async () =>
        {
            var context = await server.GetContextAsync();
            var body = Encoding.UTF8.GetBytes("{\"answer\": 42}");
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });

        Write(folder["kernels.ipynb"],
            Code("var greeting = \"hello from C#\";\nMicrosoft.DotNet.Interactive.Kernel.Root.Name"),
            new Cell("#!set --name fromCSharp --value @csharp:greeting\nfromCSharp.ToUpper()", Kernel: "fsharp"),
            new Cell("#!share --from csharp greeting\n$greeting.Length", Kernel: "pwsh"),
            Code("#!value --name notes\nsome raw text"),
            Code("#!share --from value notes\nnotes.Length"),
            new Cell("graph TD; A-->B", Kernel: "mermaid"),
            new Cell("<i>an html cell</i>", Kernel: "html"),
            Code("#!html\n<b>magic html</b>"),
            Code("#!markdown\n**magic markdown**"),
            Code("#!who"),
            Code("#!whos"),
            Code("#!lsmagic"),
            Code("#!about"),
            Code("#!time\nSystem.Threading.Thread.Sleep(50);"),
            Code("new[] { new { A = 1, B = \"x\" }, new { A = 2, B = \"y\" } }.DisplayTable();"),
            Code("\"<b>as html</b>\".DisplayAs(\"text/html\");"),
            Code("Javascript(\"window.fromKernel = 1\")"),
            new Cell("window.fromCell = 2;", Kernel: "javascript"),
            new Cell($"GET http://127.0.0.1:{port}/", Kernel: "http"));
        var run = RunnerProcess.Run(folder.Path, "kernels.ipynb", "--out", "out");

        Assert.True(run.ExitCode == 0, run.ToString());
        var executed = Load(folder["out/kernels.ipynb"]);
        string Text(int cell) => string.Concat(Outputs(executed.Cells[cell]).Select(o => Data(o, "text/plain") ?? Data(o, "text/html") ?? Join(o["text"])));

        Assert.Contains(".NET", Text(0));
        Assert.Contains("HELLO FROM C#", Text(1));
        Assert.Contains("13", Text(2));
        Assert.Contains("13", Text(4));
        Assert.Contains("A-->B", Text(5));
        Assert.Equal("<i>an html cell</i>", Data(OfType(executed.Cells[6], "display_data")[0], "text/html"));
        Assert.Equal("<b>magic html</b>", Data(OfType(executed.Cells[7], "display_data")[0], "text/html"));
        Assert.Contains("<strong>magic markdown</strong>", Text(8));
        Assert.Contains("greeting", Text(9));
        Assert.Contains("System.String", Text(10));
        Assert.Contains("#!lsmagic", Text(11));
        Assert.Contains("Version", Text(12));
        Assert.Matches(@"Wall time: \d", Text(13));
        Assert.Contains("<table>", Text(14));
        Assert.Equal("<b>as html</b>", Data(OfType(executed.Cells[15], "display_data")[0], "text/html"));
        Assert.Contains("window.fromKernel = 1", Text(16));
        // JavaScript runs where the notebook is shown: kept as a script, not an error.
        Assert.Equal("<script type=\"text/javascript\">\nwindow.fromCell = 2;\n</script>", Data(OfType(executed.Cells[17], "display_data")[0], "text/html"));
        Assert.Contains("42", Text(18));
        await serving.WaitAsync(TestTimes.Limit(TimeSpan.FromSeconds(30)));
        Assert.All(executed.Cells, c => Assert.Null(Error(c)));
        Nbformat.AssertValid(folder["out/kernels.ipynb"]);
    }

    /// <summary>
    /// A started listener on a loopback port. A port found free can be taken by another process before the
    /// listener binds it, as tests and builds run side by side; binding is what claims it, so a port
    /// taken meanwhile is given up for another one.
    /// </summary>
    static HttpListener ListenOnFreePort(out int port)
    {
        for (var attempt = 1; ; attempt++)
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var server = new HttpListener();
            server.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                server.Start();
                return server;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                server.Close();
            }
        }
    }

    public void Dispose() => folder.Dispose();
}
