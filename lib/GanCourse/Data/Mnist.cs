namespace GanCourse.Data;

/// <summary>
/// Loads MNIST for the notebooks. <c>Mnist.Load()</c> uses full MNIST when it is on the machine (a folder
/// named in <c>MNIST_DIR</c>, or the download cache) and otherwise the 10,000 digits built into the
/// library, printing a notice. <c>Mnist.Load(MnistSource.Download)</c> fetches full MNIST once.
/// </summary>
public static class Mnist
{
    /// <summary>Environment variable naming a folder with the MNIST IDX files.</summary>
    public const string FolderVariable = "MNIST_DIR";

    /// <summary>
    /// Loads MNIST images scaled to [−1, 1] and their labels, and writes one line to <paramref name="log"/>
    /// (default: the console) saying which source it used.
    /// </summary>
    /// <param name="source">Where to look; <see cref="MnistSource.Auto"/> falls back to the embedded subset with a notice.</param>
    /// <param name="split">Training (60,000) or test (10,000) images; the embedded subset has no split.</param>
    /// <param name="folder">A folder with the IDX files (raw or .gz). Given with <see cref="MnistSource.Auto"/>, it must hold them.</param>
    /// <param name="log">Where the one-line message goes; <see cref="TextWriter.Null"/> silences it.</param>
    /// <param name="download">Mirrors, cache folder and timeouts for <see cref="MnistSource.Download"/> and the cache lookup.</param>
    /// <exception cref="IdxFormatException">A file is corrupt, truncated or does not match its partner.</exception>
    /// <exception cref="MnistDownloadException">Download was asked for and failed.</exception>
    /// <exception cref="DirectoryNotFoundException">An explicitly requested folder or cache lacks the files.</exception>
    public static MnistData Load(MnistSource source = MnistSource.Auto, MnistSplit split = MnistSplit.Train, string? folder = null,
        TextWriter? log = null, MnistDownloadOptions? download = null) =>
        Load(source, split, folder, log, download, Environment.GetEnvironmentVariable(FolderVariable));

    /// <summary><see cref="Load(MnistSource, MnistSplit, string?, TextWriter?, MnistDownloadOptions?)"/> with the value of MNIST_DIR given (tests).</summary>
    internal static MnistData Load(MnistSource source, MnistSplit split, string? folder, TextWriter? log, MnistDownloadOptions? download, string? variable)
    {
        log ??= Console.Out;
        var data = Resolve(source, split, folder, log, download ?? new MnistDownloadOptions(), variable);
        log.WriteLine(data.Message);
        return data;
    }

    static MnistData Resolve(MnistSource source, MnistSplit split, string? folder, TextWriter log, MnistDownloadOptions download, string? variable)
    {
        var cache = download.CacheDirectory ?? MnistDownloader.DefaultCacheDirectory;
        if (string.IsNullOrWhiteSpace(variable)) variable = null;
        switch (source)
        {
            case MnistSource.Embedded:
                return EmbeddedMnist.Load();
            case MnistSource.Folder:
            {
                var dir = folder ?? variable
                    ?? throw new ArgumentException($"MnistSource.Folder needs a folder: pass folder: \"...\" or set {FolderVariable}.", nameof(folder));
                return FromFolder(dir, split, MnistSource.Folder, folder != null ? "" : $" ({FolderVariable})");
            }
            case MnistSource.Cache:
                return FromFolder(cache, split, MnistSource.Cache, " (download cache)");
            case MnistSource.Download:
                MnistDownloader.Download(split, download, log);
                return FromFolder(cache, split, MnistSource.Cache, " (download cache)");
            case MnistSource.Auto:
                if (folder != null) return FromFolder(folder, split, MnistSource.Folder, "");
                var looked = new List<string>();
                if (variable is null) looked.Add($"{FolderVariable} is not set");
                else if (MnistFiles.Find(variable, split) != null) return FromFolder(variable, split, MnistSource.Folder, $" ({FolderVariable})");
                else looked.Add($"{FolderVariable}={variable} {MnistFiles.Missing(variable, split)}");
                if (MnistFiles.Find(cache, split) != null) return FromFolder(cache, split, MnistSource.Cache, " (download cache)");
                looked.Add($"the download cache {cache} {MnistFiles.Missing(cache, split)}");
                return EmbeddedMnist.Load(
                    $"Notice: full MNIST not found ({string.Join("; ", looked)}), so using the {EmbeddedMnist.Description}. " +
                    "Mnist.Load(MnistSource.Download) fetches the full 60,000 once.");
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, null);
        }
    }

    static MnistData FromFolder(string folder, MnistSplit split, MnistSource source, string how)
    {
        var files = MnistFiles.Find(folder, split)
            ?? throw new DirectoryNotFoundException(
                $"{folder} does not hold the MNIST {split.ToString().ToLowerInvariant()} files: it {MnistFiles.Missing(folder, split)}.");
        var images = IdxReader.ReadImages(files.Images);
        var labels = IdxReader.ReadLabels(files.Labels);
        var location = Path.GetDirectoryName(Path.GetFullPath(files.Images))!;
        var description = $"MNIST {split.ToString().ToLowerInvariant()}, {images.Count:N0} images";
        return MnistData.FromIdx(images, labels, files.Images, files.Labels, source, split, location, description,
            $"MNIST: {description} from {location}{how}.");
    }
}
