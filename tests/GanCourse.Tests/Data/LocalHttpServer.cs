using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GanCourse.Tests.Data;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 for download tests: GET of a known path returns its bytes,
/// anything else 404. With <c>silent</c> it accepts connections and never answers.
/// </summary>
sealed class LocalHttpServer : IDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly Dictionary<string, byte[]> files;
    readonly bool silent;
    readonly CancellationTokenSource stop = new();
    readonly ConcurrentBag<TcpClient> clients = [];

    public LocalHttpServer(Dictionary<string, byte[]> files, bool silent = false)
    {
        this.files = files;
        this.silent = silent;
        listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/mnist/");

    public ConcurrentQueue<string> Requests { get; } = new();

    async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception) { return; }
            clients.Add(client);
            if (!silent) _ = Task.Run(() => Serve(client));
        }
    }

    async Task Serve(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var header = new StringBuilder();
        var buffer = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) > 0)
            header.Append((char)buffer[0]);
        var path = header.ToString().Split(' ')[1];
        Requests.Enqueue(path);
        var name = path.StartsWith("/mnist/", StringComparison.Ordinal) ? path["/mnist/".Length..] : "";
        var found = files.TryGetValue(name, out var body);
        body ??= "not found"u8.ToArray();
        var head = $"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Length: {body.Length}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        foreach (var c in clients) c.Dispose();
    }

    /// <summary>An address on 127.0.0.1 where nothing listens (connections are refused).</summary>
    public static Uri ClosedAddress()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}/mnist/");
    }
}
