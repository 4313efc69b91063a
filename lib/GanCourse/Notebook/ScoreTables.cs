using GanCourse.Metrics;

namespace GanCourse.Notebook;

/// <summary>The tables notebooks 05–08 show of the feature-space scores, one row per set of images.</summary>
public static class ScoreTables
{
    /// <summary>
    /// Fréchet d² and kernel MMD² (lower is better; the held-out real row is the floor), precision and recall
    /// (higher is better; the real row is the ceiling for this many images), each set against the same reference.
    /// </summary>
    public static TextTable Features(string caption, params (string Images, FeatureScore Score)[] rows) =>
        TextTable.From(rows, caption,
            ("images", r => r.Images),
            ("count", r => r.Score.ComparedCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)),
            ("Fréchet d²", r => Cells.Fixed(r.Score.FrechetSquared, 1)),
            ("kernel MMD²", r => Cells.Fixed(r.Score.KernelMmdSquared, 1)),
            ("precision", r => Cells.Fixed(r.Score.Precision, 3)),
            ("recall", r => Cells.Fixed(r.Score.Recall, 3)));
}
