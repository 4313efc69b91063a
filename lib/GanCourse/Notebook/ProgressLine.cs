using System.Globalization;
using System.Net;

namespace GanCourse.Notebook;

/// <summary>The state of a long run as one line with a bar: what <see cref="EpochProgress"/> shows in place in a notebook.</summary>
/// <param name="Done">Units finished (epochs).</param>
/// <param name="Total">Units in the run.</param>
/// <param name="Text">The line itself, e.g. "epoch 3/100  G loss ...".</param>
public sealed record ProgressLine(int Done, int Total, string Text)
{
    public string ToHtml()
    {
        var done = Done.ToString(CultureInfo.InvariantCulture);
        var total = Total.ToString(CultureInfo.InvariantCulture);
        return $"<div class=\"gancourse-progress\"><progress value=\"{done}\" max=\"{total}\" style=\"width:12em;vertical-align:middle\"></progress> "
            + $"<code>{WebUtility.HtmlEncode(Text)}</code></div>";
    }

    public override string ToString() => Text;
}
