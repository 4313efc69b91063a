namespace GanCourse.Theory;

/// <summary>Points on the real line at which densities, discriminators and critics are drawn.</summary>
public static class Grid
{
    /// <summary><paramref name="count"/> evenly spaced points from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public static double[] Even(double min, double max, int count)
    {
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "a grid needs at least 2 points");
        if (!(max > min) || !double.IsFinite(min) || !double.IsFinite(max))
            throw new ArgumentException($"the grid's maximum ({max}) must be a finite number above its minimum ({min})");
        return [.. Enumerable.Range(0, count).Select(i => min + (max - min) * i / (count - 1))];
    }
}
