using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TestSupport;

/// <summary>
/// Opens a reveal.js slide deck in headless Chromium (<see cref="HeadlessChromium"/>: offline, every host
/// unresolvable), shows every slide in turn through reveal.js's own API and records what each slide shows
/// once it is on screen: its charts' drawn size against their box, its formulas, whether it fits its
/// 1280×720 box, what inside it is cut off instead of scrolling. Also the page's script errors and any
/// resource it loaded from anywhere but itself.
/// </summary>
public static partial class DeckWalk
{
    /// <summary>A plotly.js chart: the width of its box, and the width and height of the SVG drawn in it (0 when none).</summary>
    /// <param name="Notes">It is in the slide's speaker notes, which the slide does not show.</param>
    public sealed record Chart(double Box, double Width, double Height, bool Notes)
    {
        /// <summary>Drawn, and at the width of its box (a chart drawn while its slide was hidden has another).</summary>
        public bool Fits => Width > 0 && Height > 0 && Math.Abs(Width - Box) <= 1;
    }

    /// <summary>One slide as it was on screen.</summary>
    /// <param name="H">Its horizontal index; <paramref name="V"/> its vertical one.</param>
    /// <param name="Current">reveal.js reported it as the slide shown when it was measured.</param>
    /// <param name="Scrolls">Its content is taller than the slide and scrolls inside it.</param>
    /// <param name="Cut">Elements inside it whose content overflows a box that hides the overflow (not formulas or charts, which manage their own).</param>
    /// <param name="Formulas">Formulas on it; <paramref name="Typeset"/> those KaTeX drew.</param>
    /// <param name="CodeLines">The lines of its longest code cell.</param>
    public sealed record Slide(int H, int V, bool Current, double Width, double Height, double ScrollWidth, double ScrollHeight,
        bool Scrolls, IReadOnlyList<string> Cut, IReadOnlyList<Chart> Charts, int Formulas, int Typeset, int CodeLines, int Fragments, string Notes, string Text)
    {
        /// <summary>The slide stays within 1280×720 and nothing sticks out of it.</summary>
        public bool Fits => Width <= 1280 && Height <= 720 && ScrollWidth <= Width + 1 && ScrollHeight <= Height + 1;

        /// <summary>The address that opens the deck at this slide ("#/2/1").</summary>
        public string Fragment => $"#/{H}/{V}";

        public override string ToString() => $"slide {H}/{V} ({Text})";
    }

    /// <param name="Total">The number of slides reveal.js counts.</param>
    /// <param name="Network">Resources the page loaded by address (http, https, or anything but data:, blob: and its own file).</param>
    public sealed record Walk(IReadOnlyList<Slide> Slides, IReadOnlyList<string> Errors, IReadOnlyList<string> Network, int Total, IReadOnlyList<string> Console);

    /// <summary>Walks the deck: a copy with the walking script added is opened, the deck itself is not changed.</summary>
    public static Walk Run(string deckFile)
    {
        var html = File.ReadAllText(deckFile);
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        if (end < 0) throw new InvalidOperationException($"{deckFile} has no </body>");
        var copy = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(deckFile))!, $".walk-{Guid.NewGuid():N}-{Path.GetFileName(deckFile)}");
        File.WriteAllText(copy, html[..end] + "<script>\n" + Script + "</script>\n" + html[end..]);
        try
        {
            // A second of page time per slide, in Chromium's virtual time: as long as the deck needs, at machine speed.
            var page = HeadlessChromium.Load(copy, virtualTimeMs: 900_000);
            var found = Result().Matches(page.Dom);
            if (found.Count == 0)
                throw new InvalidOperationException($"the walk of {deckFile} did not finish (reveal.js never ready?); console:\n{string.Join("\n", page.Console)}");
            var walk = JsonSerializer.Deserialize<Walk>(WebUtility.HtmlDecode(found[^1].Groups[1].Value), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            return walk with { Console = page.Console };
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [GeneratedRegex("<pre id=\"deck-walk\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Result();

    const string Script = """
        (function () {
          var errors = [];
          window.addEventListener('error', function (event) { errors.push(String(event.message)); });

          function start() {
            if (!window.Reveal || !window.Reveal.isReady || !window.Reveal.isReady()) { setTimeout(start, 100); return; }
            var slides = [];
            var stacks = window.Reveal.getHorizontalSlides();
            for (var h = 0; h < stacks.length; h++) {
              var vertical = stacks[h].querySelectorAll(':scope > section');
              if (vertical.length === 0) slides.push({ h: h, v: 0, element: stacks[h] });
              for (var v = 0; v < vertical.length; v++) slides.push({ h: h, v: v, element: vertical[v] });
            }
            var facts = [], index = 0;
            (function visit() {
              if (index === slides.length) { finish(facts); return; }
              var slide = slides[index++];
              var fragments = slide.element.querySelectorAll('.fragment').length;
              // All fragments shown: the slide as it is before moving on.
              window.Reveal.slide(slide.h, slide.v, fragments > 0 ? fragments - 1 : undefined);
              setTimeout(function () { facts.push(measure(slide, fragments)); visit(); }, 1000);
            })();
          }

          function measure(slide, fragments) {
            var element = slide.element;
            var charts = Array.prototype.map.call(element.querySelectorAll('.js-plotly-plot'), function (chart) {
              var svg = chart.querySelector('svg.main-svg');
              return { box: chart.clientWidth, width: svg ? svg.width.baseVal.value : 0, height: svg ? svg.height.baseVal.value : 0, notes: !!chart.closest('.notes') };
            });
            var cut = [];
            Array.prototype.forEach.call(element.querySelectorAll('*'), function (child) {
              // KaTeX and plotly.js hide overflow of their own parts by design; notes are not on the slide.
              if (child.closest('.katex, .nb-math, .js-plotly-plot, .notes')) return;
              var style = window.getComputedStyle(child);
              var clipsY = style.overflowY === 'hidden' || style.overflowY === 'clip';
              var clipsX = style.overflowX === 'hidden' || style.overflowX === 'clip';
              if ((clipsY && child.scrollHeight > child.clientHeight + 4) || (clipsX && child.scrollWidth > child.clientWidth + 4))
                cut.push(child.tagName.toLowerCase() + (child.className ? '.' + String(child.className).trim().split(/\s+/).join('.') : ''));
            });
            var frame = element.querySelector('.nb-slide-frame') || element;
            var notes = element.querySelector('aside.notes');
            return {
              h: slide.h, v: slide.v,
              current: window.Reveal.getCurrentSlide() === element,
              width: element.offsetWidth, height: element.offsetHeight,
              scrollWidth: element.scrollWidth, scrollHeight: element.scrollHeight,
              scrolls: frame.scrollHeight > frame.clientHeight + 1,
              cut: cut,
              charts: charts,
              formulas: element.querySelectorAll('.nb-math').length,
              typeset: element.querySelectorAll('.nb-math .katex').length,
              codeLines: Array.prototype.reduce.call(element.querySelectorAll('pre.nb-code'), function (most, pre) {
                return Math.max(most, pre.textContent.split('\n').length);
              }, 0),
              fragments: fragments,
              notes: notes ? notes.textContent.trim() : '',
              text: Array.from((frame.innerText || '').replace(/\s+/g, ' ').trim()).slice(0, 80).join('')   // whole characters, not halves of a pair
            };
          }

          function finish(facts) {
            var loaded = performance.getEntriesByType('resource').map(function (entry) { return entry.name; })
              .filter(function (name) { return !/^(data|blob|file|about):/i.test(name); });
            var result = document.createElement('pre');
            result.id = 'deck-walk';
            result.textContent = JSON.stringify({ slides: facts, errors: errors, network: loaded, total: window.Reveal.getTotalSlides(), console: [] });
            document.body.appendChild(result);
          }

          start();
        })();
        """;
}
