using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookRunner.Kernel;

namespace NotebookRunner.Tests.Support;

/// <summary>Event lines as `dotnet interactive stdio` writes them (shapes recorded from kernel 1.0.712001), parsed by the runner's reader.</summary>
static class KernelEvents
{
    public static EventMessage Parse(string eventType, JsonObject body, string token, string commandCode = "x")
    {
        var envelope = new JsonObject
        {
            ["event"] = body,
            ["eventType"] = eventType,
            ["command"] = new JsonObject
            {
                ["token"] = token,
                ["commandType"] = "SubmitCode",
                ["command"] = new JsonObject { ["code"] = commandCode, ["targetKernelName"] = "csharp" },
                ["routingSlip"] = new JsonArray(),
            },
            ["routingSlip"] = new JsonArray(),
        };
        var line = envelope.ToJsonString();
        var message = KernelProcess.Parse(new KernelLine(line, line.Length, null));
        return Assert.IsType<EventMessage>(message);
    }

    static JsonArray Values(params (string Mime, string Value)[] values) =>
        new(values.Select(v => (JsonNode?)new JsonObject { ["mimeType"] = v.Mime, ["value"] = v.Value, ["suppressDisplay"] = false }).ToArray());

    public static EventMessage Stdout(string text, string token = "cell-1") =>
        Parse("StandardOutputValueProduced", new JsonObject { ["formattedValues"] = Values(("text/plain", text)), ["valueId"] = null }, token);

    public static EventMessage Stderr(string text, string token = "cell-1") =>
        Parse("StandardErrorValueProduced", new JsonObject { ["formattedValues"] = Values(("text/plain", text)), ["valueId"] = null }, token);

    public static EventMessage Displayed(string valueId, string text, string token = "cell-1", string mime = "text/plain") =>
        Parse("DisplayedValueProduced", new JsonObject { ["formattedValues"] = Values((mime, text)), ["valueId"] = valueId }, token);

    public static EventMessage Updated(string valueId, string text, string token = "cell-1", string mime = "text/plain") =>
        Parse("DisplayedValueUpdated", new JsonObject { ["formattedValues"] = Values((mime, text)), ["valueId"] = valueId }, token);

    public static EventMessage Returned(string text, string token = "cell-1") =>
        Parse("ReturnValueProduced", new JsonObject { ["formattedValues"] = Values(("text/html", text)), ["valueId"] = null }, token);

    public static EventMessage Failed(string message, string token = "cell-1") =>
        Parse("CommandFailed", new JsonObject { ["message"] = message, ["executionOrder"] = null }, token);

    public static EventMessage Received(string code, string token) =>
        Parse("CodeSubmissionReceived", new JsonObject { ["code"] = code }, token, commandCode: code);

    public static EventMessage PackageAdded(string name, string version, string token = "cell-1") =>
        Parse("PackageAdded", new JsonObject
        {
            ["packageReference"] = new JsonObject
            {
                ["assemblyPaths"] = new JsonArray(), ["probingPaths"] = new JsonArray(), ["packageRoot"] = "/p",
                ["packageName"] = name, ["packageVersion"] = version,
            },
        }, token);
}
