using NotebookRunner.Html;

namespace NotebookRunner.Slides;

/// <summary>
/// What every deck carries inline besides the handout's assets: reveal.js (script, core stylesheet and the
/// speaker-notes plugin, embedded in the runner from the npm package, see Slides/RevealJs.targets), the
/// deck's stylesheet and the script that starts the presentation.
/// </summary>
public static class DeckAssets
{
    static readonly Lazy<string> Styles = new(() =>
        $"<style>\n{PageAssets.Text("Slides.Reveal.dist.reveal.css")}\n</style>\n<style>\n{PageAssets.Text("Slides.Assets.deck.css")}</style>");

    static readonly Lazy<string> Scripts = new(() =>
        PageAssets.LibraryScript("reveal.js", "Slides.Reveal.LICENSE", "Slides.Reveal.dist.reveal.js") + "\n"
        + PageAssets.LibraryScript("reveal.js speaker notes", "Slides.Reveal.LICENSE", "Slides.Reveal.dist.plugin.notes.js") + "\n"
        + $"<script>\n{PageAssets.Text("Slides.Assets.deck.js")}</script>");

    /// <summary>reveal.js's core stylesheet and the deck's, as &lt;style&gt; elements; they follow the handout's stylesheet.</summary>
    public static string StyleElements => Styles.Value;

    /// <summary>reveal.js, its notes plugin and the deck's start-up script, as &lt;script&gt; elements at the end of the body.</summary>
    public static string ScriptElements => Scripts.Value;
}
