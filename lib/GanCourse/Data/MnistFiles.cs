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
        foreach (var dir in new[] { folder, Path.Combine(folder, "raw"), Path.Combine(folder, "MNIST", "raw") })
        {
            if (!Directory.Exists(dir)) continue;
            var images = FindFile(dir, ImagesName(split));
            var labels = FindFile(dir, LabelsName(split));
            if (images != null && labels != null) return (images, labels);
        }
        return null;
    }

    static string? FindFile(string dir, string name)
    {
        var dotted = name.Replace("-idx", ".idx", StringComparison.Ordinal);
        return new[] { name, name + ".gz", dotted, dotted + ".gz" }
            .Select(n => Path.Combine(dir, n))
            .FirstOrDefault(File.Exists);
    }
}
