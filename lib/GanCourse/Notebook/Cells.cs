using System.Globalization;

namespace GanCourse.Notebook;

/// <summary>Number formats for <see cref="TextTable"/> cells, independent of the machine's culture.</summary>
public static class Cells
{
    /// <summary>Fixed decimals; rounds first so that −0.0000001 does not print as "-0.000000".</summary>
    public static string Fixed(double value, int decimals) =>
        (Math.Round(value, decimals) + 0.0).ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>A short general number such as 0.5, 1e-04 or 2.</summary>
    public static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Scientific notation with two significant decimals, e.g. 9.30E-010.</summary>
    public static string Scientific(double value) => value.ToString("0.00E+00", CultureInfo.InvariantCulture);

    /// <summary>An integer.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
