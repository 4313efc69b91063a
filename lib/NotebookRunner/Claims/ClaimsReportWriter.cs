using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookRunner.Notebook;
using NotebookRunner.Running;

namespace NotebookRunner.Claims;

/// <summary>
/// Writes <c>x.claims.json</c> next to the executed copy: the parameters of the run and, for every claim,
/// the values its cell printed. Runs with several seeds then compare by script, margins included.
/// </summary>
public sealed class ClaimsReportWriter : INotebookWriter
{
    public string Extension => ".claims.json";

    public void Write(NotebookDocument notebook, NotebookRunResult run, NotebookSequence sequence, Stream destination)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(destination, options))
            ToJson(run).WriteTo(writer);
        destination.Write("\n"u8);
    }

    /// <summary>
    /// <c>{"notebook", "parameters": {name: value}, "completed", "claims": [{"cell", "claim", "statement",
    /// "pattern", "min", "max", "values", "holds", "verdict", "detail"}]}</c>; a bound not given is null.
    /// </summary>
    public static JsonObject ToJson(NotebookRunResult run)
    {
        var parameters = new JsonObject();
        // As the injected cell assigns them: a name given twice ends with its last value.
        foreach (var (name, value) in run.Parameters) parameters[name] = value;
        return new JsonObject
        {
            ["notebook"] = run.SourcePath,
            ["parameters"] = parameters,
            ["completed"] = run.Succeeded,
            ["claims"] = new JsonArray((run.Claims ?? []).Select(c => (JsonNode?)ClaimToJson(c)).ToArray()),
        };
    }

    static JsonObject ClaimToJson(ClaimResult result) => new()
    {
        ["cell"] = result.Claim.CellNumber,
        ["claim"] = result.Claim.Index,
        ["statement"] = result.Claim.Statement,
        ["pattern"] = result.Claim.Pattern.ToString(),
        ["min"] = result.Claim.Min,
        ["max"] = result.Claim.Max,
        ["values"] = new JsonArray(result.Values.Select(Number).ToArray()),
        ["holds"] = result.Holds,
        ["verdict"] = result.Verdict switch
        {
            ClaimVerdict.Holds => "holds",
            ClaimVerdict.Fails => "fails",
            _ => "not checked",
        },
        ["detail"] = result.Detail,
    };

    /// <summary>JSON has no NaN or infinity; a diverged run's value is kept as its name ("NaN", "Infinity").</summary>
    static JsonNode? Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
