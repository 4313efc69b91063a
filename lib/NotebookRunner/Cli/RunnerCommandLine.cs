using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using NotebookRunner.Html;
using NotebookRunner.Notebook;
using NotebookRunner.Running;
using NotebookRunner.Slides;

namespace NotebookRunner.Cli;

/// <summary>The command line: <c>NotebookRunner &lt;notebook.ipynb | folder&gt;... [--out DIR] [--param name=value]... ...</c></summary>
public static class RunnerCommandLine
{
    /// <summary>Parses the arguments, runs, and returns the exit code (2 for usage errors, one line per problem).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        var notebooks = new Argument<string[]>("notebooks")
        {
            Description = "Notebook files, or folders whose *.ipynb files run in name order.",
            Arity = ArgumentArity.OneOrMore,
        };
        var outDir = new Option<string>("--out")
        {
            Description = "Folder for the executed copies (x.ipynb is written to DIR/x.ipynb).",
            HelpName = "DIR",
            DefaultValueFactory = _ => RunnerOptions.DefaultOutputDirectory,
        };
        var parameters = new Option<string[]>("--param")
        {
            Description = "Sets a variable of the cell tagged \"parameters\" (papermill style); repeat for several.",
            HelpName = "name=value",
            Arity = ArgumentArity.OneOrMore,
        };
        var cellTimeout = SecondsOption("--cell-timeout", "Stops a notebook when one cell runs longer than this.");
        var timeout = SecondsOption("--timeout", "Stops a notebook when it runs longer than this in total.");
        var allowErrors = new Option<bool>("--allow-errors")
        {
            Description = "Runs the remaining cells after a cell fails (the exit code still says it failed).",
        };

        var html = new Option<bool>("--html")
        {
            Description = "Also writes DIR/x.html: a self-contained page of the executed notebook (math, charts, highlighted code) that opens offline.",
        };

        var slides = new Option<bool>("--slides")
        {
            Description = "Also writes DIR/x.slides.html: a reveal.js slide deck of the executed notebook (one slide per ## heading, 1280×720) that presents offline.",
        };

        var checkClaims = new Option<bool>("--check-claims")
        {
            Description = "Checks the claims in code cells' metadata (\"claims\": statement, pattern, min, max) against what the cells printed: one line per claim, DIR/x.claims.json, exit code 3 when one does not hold.",
        };

        var root = new RootCommand(Description)
        {
            notebooks, outDir, parameters, cellTimeout, timeout, allowErrors, html, slides, checkClaims,
        };
        var parsed = root.Parse(args);
        var problems = parsed.Errors.Select(e => e.Message).ToList();
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var text in parsed.GetValue(parameters) ?? [])
        {
            var equals = text.IndexOf('=');
            if (equals <= 0) problems.Add($"--param {text}: expected name=value");
            else pairs.Add(new(text[..equals].Trim(), text[(equals + 1)..]));
        }
        if (problems.Count > 0 && !IsHelpRequest(parsed))
        {
            foreach (var problem in problems.Distinct()) await error.WriteLineAsync($"error: {problem}");
            await error.WriteLineAsync("Run with --help for usage.");
            return ExitCodes.UsageError;
        }
        if (parsed.Action is not null && IsHelpRequest(parsed))
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellation);

        var options = new RunnerOptions
        {
            Inputs = parsed.GetValue(notebooks) ?? [],
            OutputDirectory = parsed.GetValue(outDir) ?? RunnerOptions.DefaultOutputDirectory,
            Parameters = pairs,
            CellTimeout = ToTime(parsed.GetValue(cellTimeout)),
            NotebookTimeout = ToTime(parsed.GetValue(timeout)),
            AllowErrors = parsed.GetValue(allowErrors),
            Writers = Writers(parsed.GetValue(html), parsed.GetValue(slides)),
            CheckClaims = parsed.GetValue(checkClaims),
        };
        var summary = await Runner.RunAsync(options, error, cancellation);
        return summary.ExitCode;
    }

    const string Description =
        "Runs Polyglot-format C# notebooks headless and writes executed copies.\n\n" +
        "Exit codes:\n" +
        "  0  every cell ran and every file was written (with --check-claims: every claim holds)\n" +
        "  1  a cell failed, timed out or was interrupted, or a file could not be written\n" +
        "  2  usage error, unreadable notebook or malformed claim; nothing ran\n" +
        "  3  with --check-claims: everything ran and was written, but a claim does not hold";

    /// <summary>The executed copy always; the handout and the deck when asked for.</summary>
    static IReadOnlyList<INotebookWriter> Writers(bool html, bool slides)
    {
        List<INotebookWriter> writers = [new IpynbWriter()];
        if (html) writers.Add(new HtmlNotebookWriter());
        if (slides) writers.Add(new SlideDeckWriter());
        return writers;
    }

    static bool IsHelpRequest(ParseResult parsed) =>
        parsed.Tokens.Any(t => t.Value is "--help" or "-h" or "-?" or "--version");

    static Option<double?> SecondsOption(string name, string description)
    {
        return new Option<double?>(name)
        {
            Description = description,
            HelpName = "SECONDS",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && double.IsFinite(seconds))
                    return seconds;
                result.AddError($"{name} must be a positive number of seconds, not '{text}'");
                return null;
            },
        };
    }

    static TimeSpan? ToTime(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
