namespace GanCourse.Charts;

/// <summary>Argument checks for chart data, with messages that name the offending series.</summary>
static class SeriesCheck
{
    public static double[] NonEmpty(double[]? values, string what)
    {
        if (values is null) throw new ArgumentNullException(what, $"{what} is null.");
        if (values.Length == 0) throw new ArgumentException($"{what} is empty: a chart needs at least one value.", what);
        return values;
    }

    /// <summary>An x axis: non-empty and finite (y values may have gaps, x values may not).</summary>
    public static double[] Axis(double[]? x, string what) => AllFinite(x, what, "x values must be finite numbers");

    /// <summary>Samples for a histogram: non-empty and finite.</summary>
    public static double[] FiniteSamples(double[]? samples, string what) => AllFinite(samples, what, "a histogram needs finite samples");

    public static double[] SameLength(double[] x, double[]? y, string xName, string yName)
    {
        NonEmpty(y, yName);
        if (y!.Length != x.Length)
            throw new ArgumentException($"{yName} has {y.Length} values but {xName} has {x.Length}; they must have the same length.", yName);
        return y;
    }

    public static string Name(string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException($"{what} needs a name for the legend.", what);
        return name;
    }

    static double[] AllFinite(double[]? values, string what, string rule)
    {
        NonEmpty(values, what);
        var bad = Array.FindIndex(values!, v => !double.IsFinite(v));
        if (bad >= 0) throw new ArgumentException($"{what}[{bad}] is {values![bad]}; {rule}.", what);
        return values!;
    }

    public static List<T> AtLeastOne<T>(IEnumerable<T>? items, string what)
    {
        if (items is null) throw new ArgumentNullException(what, $"{what} is null.");
        var list = items.ToList();
        if (list.Count == 0) throw new ArgumentException($"{what} is empty: give at least one series.", what);
        return list;
    }
}
