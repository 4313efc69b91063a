using System.Text.Json;
using System.Text.Json.Serialization;
using NotebookRunner.Scripting;

namespace NotebookRunner.Worker;

/// <summary>The parent's request to run one cell.</summary>
public sealed record RunCellCommand(int ExecutionCount, string Label, string Source);

/// <summary>
/// The line protocol between the runner and its worker process. The parent writes one JSON command per
/// line to the worker's stdin; the worker writes events to its stdout as lines starting with
/// <see cref="Marker"/>. Anything else on the worker's stdout or stderr (native libraries printing, the
/// runtime reporting a crash) is plain text that belongs to the running cell.
/// </summary>
static class WorkerProtocol
{
    public const string WorkerFlag = "--worker";

    /// <summary>A record separator plus a name: cannot be confused with text a cell prints.</summary>
    public const string Marker = "\u001enotebook-runner:";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string EncodeEvent(KernelEvent e) => Marker + JsonSerializer.Serialize(e, Json);

    public static string EncodeCommand(RunCellCommand command) => JsonSerializer.Serialize(command, Json);

    public static RunCellCommand DecodeCommand(string line) =>
        JsonSerializer.Deserialize<RunCellCommand>(line, Json) ?? throw new JsonException("empty command");

    /// <summary>Splits a stdout line into the text before the marker and the event after it (if any).</summary>
    public static (string Text, KernelEvent? Event) DecodeLine(string line)
    {
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0) return (line, null);
        try
        {
            return (line[..at], JsonSerializer.Deserialize<KernelEvent>(line[(at + Marker.Length)..], Json));
        }
        catch (JsonException)
        {
            return (line, null);
        }
    }
}
