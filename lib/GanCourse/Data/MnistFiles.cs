namespace GanCourse.Data;

/// <summary>The two parts of MNIST: 60,000 training and 10,000 test images.</summary>
public enum MnistSplit
{
    Train,
    Test,
}

/// <summary>MNIST's standard file names and where a folder may hold them.</summary>
public static class MnistFiles
{
    /// <summary>Base name of the image file of a split, e.g. <c>train-images-idx3-ubyte</c>.</summary>
    public static string ImagesName(MnistSplit split) => Prefix(split) + "-images-idx3-ubyte";

    /// <summary>Base name of the label file of a split, e.g. <c>train-labels-idx1-ubyte</c>.</summary>
    public static string LabelsName(MnistSplit split) => Prefix(split) + "-labels-idx1-ubyte";

    static string Prefix(MnistSplit split) => split == MnistSplit.Train ? "train" : "t10k";

    /// <summary>
    /// Finds a split's image and label files in <paramref name="folder"/>, also looking in <c>raw/</c> and
    /// <c>MNIST/raw/</c> (torchvision's layout). Each file may be raw or .gz, and named with a dash or
    /// a dot before <c>idx</c> (<c>train-images.idx3-ubyte</c>, as some archives unpack).
    /// Returns null when either file is missing.
    /// </summary>
    public static (string Images, string Labels)? Find(string folder, MnistSplit split)
    {
        foreach (var (_, images, labels) in Search(folder, split))
            if (images != null && labels != null) return (images, labels);
        return null;
    }

    /// <summary>
    /// Why <see cref="Find"/> finds nothing, as the end of a sentence about <paramref name="folder"/>:
    /// "does not exist", or "lacks train-labels-idx1-ubyte (…)" naming exactly the files that are missing
    /// where most of the pair was found.
    /// </summary>
    public static string Missing(string folder, MnistSplit split)
    {
        if (!Directory.Exists(folder)) return "does not exist";
        var (dir, images, labels) = Search(folder, split).OrderByDescending(d => (d.Images != null ? 1 : 0) + (d.Labels != null ? 1 : 0)).First();
        var missing = new[] { (images, ImagesName(split)), (labels, LabelsName(split)) }.Where(f => f.Item1 == null).Select(f => f.Item2).ToList();
        if (missing.Count == 0) return "holds both files";
        var found = images ?? labels;
        return found is null
            ? $"lacks {string.Join(" and ", missing)} (raw or .gz; also looked in raw/ and MNIST/raw/)"
            : $"lacks {missing[0]} (raw or .gz) beside {Path.GetRelativePath(folder, found)}";
    }

    static IEnumerable<(string Dir, string? Images, string? Labels)> Search(string folder, MnistSplit split) =>
        new[] { folder, Path.Combine(folder, "raw"), Path.Combine(folder, "MNIST", "raw") }
            .Where(Directory.Exists)
            .Select(dir => (dir, FindFile(dir, ImagesName(split)), FindFile(dir, LabelsName(split))));

    static string? FindFile(string dir, string name)
    {
        var dotted = name.Replace("-idx", ".idx", StringComparison.Ordinal);
        return new[] { name, name + ".gz", dotted, dotted + ".gz" }
            .Select(n => Path.Combine(dir, n))
            .FirstOrDefault(File.Exists);
    }
}
