using System.Globalization;
using System.Net;

namespace GanCourse.Notebook;

/// <summary>The state of a long run as one line with a bar: what <see cref="ProgressDisplay"/> shows in place in a notebook.</summary>
/// <param name="Fraction">Share of the run done, 0 to 1.</param>
/// <param name="Text">The line itself, e.g. "epoch 3/100  G loss ...".</param>
public sealed record ProgressLine(double Fraction, string Text)
{
    public string ToHtml()
    {
        var permille = Math.Clamp((int)Math.Round(1000 * Fraction), 0, 1000).ToString(CultureInfo.InvariantCulture);
        return $"<div class=\"gancourse-progress\"><progress value=\"{permille}\" max=\"1000\" style=\"width:12em;vertical-align:middle\"></progress> "
            + $"<code>{WebUtility.HtmlEncode(Text)}</code></div>";
    }

    public override string ToString() => Text;
}
