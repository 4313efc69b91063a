using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TestSupport;

/// <summary>
/// Opens a local page in headless Chromium (Debian's chromium package, installed on demand) and returns
/// the DOM after the page's scripts ran, or a screenshot. Offline by construction: no background networking, and every
/// host name fails to resolve, so a page that needed the network would show it.
/// </summary>
public static partial class HeadlessChromium
{
    /// <summary>The page's DOM after scripts ran, and what its scripts wrote to the console.</summary>
    public sealed record Page(string Dom, IReadOnlyList<string> Console)
    {
        /// <summary>Console lines of uncaught exceptions.</summary>
        public IEnumerable<string> Errors => Console.Where(l => l.Contains("\"Uncaught", StringComparison.Ordinal));
    }

    /// <summary>
    /// Loads the page and dumps its DOM once <paramref name="virtualTimeMs"/> of page time has passed:
    /// Chromium runs timers (charts that wait for their library) in virtual time, so this is fast and
    /// does not depend on the machine's speed.
    /// </summary>
    public static Page Load(string htmlFile, int virtualTimeMs = 15_000, int width = 1280, int height = 720)
    {
        var (stdout, stderr) = Run(htmlFile, "", "--dump-dom", $"--virtual-time-budget={virtualTimeMs}", $"--window-size={width},{height}", "--enable-logging=stderr", "--v=0");
        var console = stderr.Split('\n').Where(l => ConsoleLine().IsMatch(l)).Select(l => l.Trim()).ToList();
        if (!stdout.Contains("</html>", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Chromium returned no DOM for {htmlFile}:\n{Tail(stderr)}");
        return new Page(stdout, console);
    }

    /// <summary>
    /// Saves a PNG of the page as a window of <paramref name="width"/>×<paramref name="height"/> shows it
    /// after <paramref name="virtualTimeMs"/> of page time; <paramref name="fragment"/> (as "#/2/1") is
    /// added to the address, which is how a reveal.js deck is opened at a given slide.
    /// </summary>
    public static void Screenshot(string htmlFile, string pngFile, string fragment = "", int width = 1280, int height = 720, int virtualTimeMs = 15_000)
    {
        var (_, stderr) = Run(htmlFile, fragment, $"--screenshot={Path.GetFullPath(pngFile)}", $"--window-size={width},{height}", "--hide-scrollbars",
            $"--virtual-time-budget={virtualTimeMs}");
        if (!File.Exists(pngFile)) throw new InvalidOperationException($"Chromium wrote no screenshot of {htmlFile}{fragment}:\n{Tail(stderr)}");
    }

    static (string Stdout, string Stderr) Run(string htmlFile, string fragment, params string[] arguments)
    {
        DebianPackages.Require("chromium", "the handout and slide deck tests open the generated HTML pages in headless Chromium");
        var profile = Directory.CreateTempSubdirectory("chromium-profile-");
        try
        {
            var info = new ProcessStartInfo("chromium")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])
                     ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                      "--disable-extensions", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND",
                      $"--user-data-dir={profile.FullName}", .. arguments, new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri + fragment])
                info.ArgumentList.Add(argument);
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"headless Chromium did not finish with {htmlFile} within 2 minutes");
            }
            process.WaitForExit();
            return (stdout.Result, stderr.Result);
        }
        finally
        {
            try { profile.Delete(recursive: true); } catch (IOException) { }
        }
    }

    static string Tail(string text) => string.Join("\n", text.Split('\n').TakeLast(20));

    [GeneratedRegex(@"CONSOLE[(:]")]
    private static partial Regex ConsoleLine();
}
