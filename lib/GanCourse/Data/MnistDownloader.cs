using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using TorchSharpLoading;

namespace GanCourse.Data;

/// <summary>One file to fetch: its name on the mirrors and the MD5 of its bytes there.</summary>
public sealed record MnistRemoteFile(string Name, string Md5);

/// <summary>Where and how <see cref="MnistDownloader"/> fetches MNIST.</summary>
public sealed class MnistDownloadOptions
{
    /// <summary>The dataset's public mirrors, tried in order: the copies PyTorch and TensorFlow use, then the home site.</summary>
    public static readonly IReadOnlyList<Uri> DefaultMirrors =
    [
        new("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        new("https://storage.googleapis.com/cvdf-datasets/mnist/"),
        new("http://yann.lecun.com/exdb/mnist/"),
    ];

    /// <summary>The four gzip'd IDX files of MNIST with their well-known MD5 sums.</summary>
    public static readonly IReadOnlyList<MnistRemoteFile> StandardFiles =
    [
        new("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        new("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
        new("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
        new("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
    ];

    /// <summary>Base addresses the file names are appended to, tried in order.</summary>
    public IReadOnlyList<Uri> Mirrors { get; init; } = DefaultMirrors;

    /// <summary>Files to fetch and their MD5 sums.</summary>
    public IReadOnlyList<MnistRemoteFile> Files { get; init; } = StandardFiles;

    /// <summary>Folder the files are stored in; default <see cref="MnistDownloader.DefaultCacheDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Longest wait for a connection (name lookup included); short, so that offline fails fast.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for the response or for the next bytes of it before giving up on a mirror.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Downloads MNIST into a per-user cache. Each file is streamed to a temporary name next to its final
/// place, MD5-checked, and only then renamed, so the cache never holds a partial or wrong file. Files
/// already cached with the right MD5 are not fetched again.
/// </summary>
public static class MnistDownloader
{
    /// <summary>Per-user cache folder: <c>~/.cache/gan-course/mnist</c> (honours XDG_CACHE_HOME and GANCOURSE_CACHE).</summary>
    public static string DefaultCacheDirectory => Path.Combine(TorchSharpNative.CacheRoot(), "mnist");

    /// <summary>Downloads the files of <paramref name="split"/> (or all files when null) and returns the cache folder.</summary>
    /// <exception cref="MnistDownloadException">No mirror delivered a file with the right MD5.</exception>
    public static string Download(MnistSplit? split = null, MnistDownloadOptions? options = null, TextWriter? log = null,
        CancellationToken cancellationToken = default)
    {
        // Task.Run keeps the async I/O off any notebook synchronisation context while the caller waits.
        return Task.Run(() => DownloadAsync(split, options, log, cancellationToken), cancellationToken).GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="Download"/>
    public static async Task<string> DownloadAsync(MnistSplit? split = null, MnistDownloadOptions? options = null, TextWriter? log = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new MnistDownloadOptions();
        log ??= Console.Out;
        var folder = options.CacheDirectory ?? DefaultCacheDirectory;
        Directory.CreateDirectory(folder);
        var wanted = options.Files.Where(f => split is null || IsPartOf(f.Name, split.Value)).ToList();
        if (wanted.Count == 0) throw new ArgumentException($"No file in the download list belongs to the {split} split.", nameof(options));

        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.None,
        }) { Timeout = Timeout.InfiniteTimeSpan };

        foreach (var file in wanted)
        {
            var target = Path.Combine(folder, file.Name);
            if (File.Exists(target) && await Md5Async(target, cancellationToken).ConfigureAwait(false) == Normalize(file.Md5)) continue;
            await FetchAsync(http, file, target, options, log, cancellationToken).ConfigureAwait(false);
        }
        return folder;
    }

    static bool IsPartOf(string name, MnistSplit split) =>
        name.StartsWith(split == MnistSplit.Train ? "train-" : "t10k-", StringComparison.Ordinal);

    static async Task FetchAsync(HttpClient http, MnistRemoteFile file, string target, MnistDownloadOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var mirror in options.Mirrors)
        {
            var url = new Uri(mirror, file.Name);
            var temp = $"{target}.partial-{Guid.NewGuid():N}";
            try
            {
                var watch = Stopwatch.StartNew();
                var (md5, bytes) = await CopyAsync(http, url, temp, options.StallTimeout, cancellationToken).ConfigureAwait(false);
                if (md5 != Normalize(file.Md5))
                {
                    failures.Add($"{url}: MD5 {md5} does not match the expected {Normalize(file.Md5)}");
                    continue;
                }
                File.Move(temp, target, overwrite: true);
                log.WriteLine($"Downloaded {file.Name} ({bytes / 1e6:F1} MB) from {mirror.Host} in {watch.Elapsed.TotalSeconds:F1} s.");
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
            {
                failures.Add($"{url}: {Describe(e, options)}");
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
        throw new MnistDownloadException(
            $"Could not download {file.Name} from any mirror (are you offline?). Tried:{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", failures) + Environment.NewLine +
            "Alternatively put the MNIST files in a folder and set MNIST_DIR to it.");
    }

    static async Task<(string Md5, long Bytes)> CopyAsync(HttpClient http, Uri url, string temp, TimeSpan stallTimeout, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(stallTimeout);
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        await using var source = await response.Content.ReadAsStreamAsync(stall.Token).ConfigureAwait(false);
        await using var sink = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = await source.ReadAsync(buffer, stall.Token).ConfigureAwait(false)) > 0)
        {
            stall.CancelAfter(stallTimeout);
            md5.AppendData(buffer, 0, n);
            await sink.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            total += n;
        }
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        sink.Flush(flushToDisk: true);
        return (Convert.ToHexString(md5.GetHashAndReset()).ToLowerInvariant(), total);
    }

    static string Describe(Exception e, MnistDownloadOptions options) => e switch
    {
        { InnerException: TimeoutException } => $"no connection within {options.ConnectTimeout.TotalSeconds:0.#} s",
        OperationCanceledException => $"no answer within {options.StallTimeout.TotalSeconds:0.#} s",
        HttpRequestException h when h.InnerException?.Message is { } inner && !h.Message.Contains(inner, StringComparison.Ordinal) => $"{h.Message} ({inner})",
        _ => e.Message,
    };

    static async Task<string> Md5Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexString(await MD5.HashDataAsync(stream, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
    }

    static string Normalize(string md5) => md5.Trim().ToLowerInvariant();
}
