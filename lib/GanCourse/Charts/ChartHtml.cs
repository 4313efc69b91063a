using System.Net;
using System.Text;

namespace GanCourse.Charts;

/// <summary>Turns a <see cref="Figure"/> into HTML that draws with the embedded plotly.js, never a CDN.</summary>
static class ChartHtml
{
    /// <summary>Class of the &lt;div&gt; each chart is drawn into.</summary>
    public const string PlotClass = "gancourse-plot";

    const string Config = """{"responsive":true,"displaylogo":false}""";

    public static string Fragment(Figure figure, bool includePlotlyJs)
    {
        var id = "gancourse-plot-" + Guid.NewGuid().ToString("N");
        var html = new StringBuilder();
        if (includePlotlyJs) html.Append(PlotlyJs.ScriptElement()).Append('\n');
        // The text inside the div is what viewers without JavaScript (GitHub) show; drawing replaces it.
        html.Append($"<div id=\"{id}\" class=\"{PlotClass}\" style=\"width:100%;max-width:900px;height:{figure.Height}px\">")
            .Append($"Chart: {WebUtility.HtmlEncode(figure.Title)} (drawn by plotly.js; needs JavaScript).</div>\n");
        // Polls for window.Plotly instead of assuming it: the library may sit later on the page (an
        // exporter moved it) or be missing (its output was cleared), which the chart then says in words.
        html.Append("<script type=\"text/javascript\">\n(function () {\n")
            .Append("  var figure = ").Append(ScriptSafeJson(figure.ToFigureJson())).Append(";\n")
            .Append("  var config = ").Append(Config).Append(";\n")
            .Append($"  var id = '{id}', waited = 0;\n")
            .Append("""
                      function draw() {
                        var el = document.getElementById(id);
                        if (el && window.Plotly) { el.textContent = ''; window.Plotly.newPlot(el, figure.data, figure.layout, config); return; }
                        waited += 100;
                        if (el && waited === 10000) el.textContent = 'Waiting for plotly.js, which is not on this page yet. In a notebook, run GanCourse.Charts.PlotlyJs.IncludeAgain() and re-run this cell.';
                        setTimeout(draw, waited < 10000 ? 100 : 500);
                      }
                      draw();
                    })();
                    </script>
                    """);
        return html.ToString();
    }

    public static string Page(Figure figure)
    {
        var title = WebUtility.HtmlEncode(figure.Title);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + $"<title>{title}</title>\n</head>\n<body>\n"
            + Fragment(figure, includePlotlyJs: true)
            + "\n</body>\n</html>\n";
    }

    /// <summary>
    /// JSON is valid JavaScript, but a "&lt;/script&gt;" inside a title would end the script element early;
    /// '&lt;' only occurs inside JSON strings, where \u003c means the same character.
    /// </summary>
    static string ScriptSafeJson(string json) => json.Replace("<", "\\u003c");
}
