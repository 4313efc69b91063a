using System.Security.Cryptography;
using GanCourse.Data;
using static GanCourse.Tests.Data.IdxTestFiles;

namespace GanCourse.Tests.Data;

/// <summary>The download path against a local HTTP server serving small generated MNIST-format files.</summary>
public class MnistDownloaderTests : IDisposable
{
    readonly TempFolder temp = new();
    readonly StringWriter log = new();
    readonly Dictionary<string, byte[]> served = [];
    readonly (byte[] Pixels, byte[] Labels) train, test;

    public MnistDownloaderTests()
    {
        train = Digits(40, seed: 3);
        test = Digits(10, seed: 4);
        served["train-images-idx3-ubyte.gz"] = Gzip(ImagesIdx(train.Pixels));
        served["train-labels-idx1-ubyte.gz"] = Gzip(LabelsIdx(train.Labels));
        served["t10k-images-idx3-ubyte.gz"] = Gzip(ImagesIdx(test.Pixels));
        served["t10k-labels-idx1-ubyte.gz"] = Gzip(LabelsIdx(test.Labels));
    }

    public void Dispose() => temp.Dispose();

    string Cache => Path.Combine(temp.Path, "cache");

    MnistDownloadOptions Options(params Uri[] mirrors) => new()
    {
        Mirrors = mirrors,
        Files = [.. served.Select(f => new MnistRemoteFile(f.Key, Md5(f.Value)))],
        CacheDirectory = Cache,
        // Limits that only a broken server reaches: the local server answers at once on an idle machine, but
        // on loaded cores its thread may wait seconds to run (the silent server's test sets its own limit).
        ConnectTimeout = TimeSpan.FromSeconds(30),
        StallTimeout = TimeSpan.FromSeconds(30),
    };

    static string Md5(byte[] bytes) => Convert.ToHexString(MD5.HashData(bytes)).ToLowerInvariant();

    [Fact]
    public void Downloads_a_split_into_the_cache_once_and_loads_it()
    {
        using var server = new LocalHttpServer(served);

        using var data = Mnist.Load(MnistSource.Download, log: log, download: Options(server.BaseAddress));

        Assert.Equal((40, MnistSource.Cache), (data.Count, data.Source));
        Assert.Equal(train.Labels.Select(l => (long)l), data.Labels.data<long>().ToArray());
        Assert.Equal(["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"], Directory.GetFiles(Cache).Select(Path.GetFileName).Order());
        Assert.Contains("Downloaded train-images-idx3-ubyte.gz", log.ToString());
        Assert.Equal(2, server.Requests.Count);

        // Cached files with the right MD5 are not fetched again; Auto now finds them in the cache.
        using var again = Mnist.Load(MnistSource.Download, log: log, download: Options(server.BaseAddress));
        Assert.Equal(2, server.Requests.Count);
        using var auto = Mnist.Load(MnistSource.Auto, MnistSplit.Train, null, log, Options(server.BaseAddress), variable: null);
        Assert.Equal(MnistSource.Cache, auto.Source);
    }

    [Fact]
    public void Downloading_everything_fetches_both_splits()
    {
        using var server = new LocalHttpServer(served);
        var folder = MnistDownloader.Download(options: Options(server.BaseAddress), log: log);
        Assert.Equal(Cache, folder);
        Assert.Equal(4, Directory.GetFiles(Cache).Length);
        using var data = Mnist.Load(MnistSource.Cache, MnistSplit.Test, log: log, download: Options(server.BaseAddress));
        Assert.Equal(10, data.Count);
    }

    [Fact]
    public void A_mirror_with_a_wrong_file_is_skipped_for_the_next_one()
    {
        var tampered = served.ToDictionary(f => f.Key, f => f.Value.ToArray());
        tampered["train-images-idx3-ubyte.gz"][^5] ^= 0xff;
        using var bad = new LocalHttpServer(tampered);
        using var good = new LocalHttpServer(served);

        MnistDownloader.Download(MnistSplit.Train, Options(bad.BaseAddress, good.BaseAddress), log);

        Assert.Equal(served["train-images-idx3-ubyte.gz"], File.ReadAllBytes(Path.Combine(Cache, "train-images-idx3-ubyte.gz")));
        Assert.Contains(good.Requests, r => r.EndsWith("train-images-idx3-ubyte.gz"));
    }

    [Fact]
    public void An_md5_mismatch_everywhere_fails_and_leaves_no_file_behind()
    {
        var tampered = served.ToDictionary(f => f.Key, f => f.Value.ToArray());
        tampered["train-labels-idx1-ubyte.gz"][^5] ^= 0xff;
        using var server = new LocalHttpServer(tampered);

        var e = Assert.Throws<MnistDownloadException>(() => MnistDownloader.Download(MnistSplit.Train, Options(server.BaseAddress), log));

        Assert.Contains("train-labels-idx1-ubyte.gz", e.Message);
        Assert.Contains("does not match the expected", e.Message);
        Assert.DoesNotContain(Directory.GetFiles(Cache), f => f.Contains("labels"));
    }

    [Fact]
    public void A_corrupt_cached_file_is_fetched_again()
    {
        using var server = new LocalHttpServer(served);
        Directory.CreateDirectory(Cache);
        File.WriteAllBytes(Path.Combine(Cache, "train-images-idx3-ubyte.gz"), [1, 2, 3]);

        MnistDownloader.Download(MnistSplit.Train, Options(server.BaseAddress), log);

        Assert.Equal(served["train-images-idx3-ubyte.gz"], File.ReadAllBytes(Path.Combine(Cache, "train-images-idx3-ubyte.gz")));
    }

    [Fact]
    public void An_unreachable_host_fails_with_a_message_naming_every_mirror()
    {
        var closed = LocalHttpServer.ClosedAddress();
        using var missing = new LocalHttpServer([]);

        var e = Assert.Throws<MnistDownloadException>(() => Mnist.Load(MnistSource.Download, log: log, download: Options(closed, missing.BaseAddress)));

        Assert.Contains(closed.ToString(), e.Message);
        Assert.Contains("HTTP 404", e.Message);
        Assert.Contains("offline", e.Message);
        Assert.Contains("MNIST_DIR", e.Message);
        Assert.False(Directory.Exists(Cache) && Directory.GetFiles(Cache).Length > 0);
    }

    [Fact]
    public void A_server_that_never_answers_times_out()
    {
        using var silent = new LocalHttpServer(served, silent: true);
        var options = new MnistDownloadOptions
        {
            Mirrors = [silent.BaseAddress],
            Files = Options().Files,
            CacheDirectory = Cache,
            StallTimeout = TimeSpan.FromMilliseconds(300),
        };
        var e = Assert.Throws<MnistDownloadException>(() => MnistDownloader.Download(MnistSplit.Train, options, log));
        Assert.Contains("no answer within 0.3 s", e.Message);
    }

    [Fact]
    public void Cancellation_is_not_reported_as_a_failed_mirror()
    {
        using var silent = new LocalHttpServer(served, silent: true);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.ThrowsAny<OperationCanceledException>(() => MnistDownloader.Download(MnistSplit.Train, Options(silent.BaseAddress), log, cancel.Token));
    }
}
