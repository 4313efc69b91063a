using System.Security.Cryptography;
using GanCourse.Data;
using TorchSharp;
using static GanCourse.Tests.Data.IdxTestFiles;

namespace GanCourse.Tests.Data;

public class MnistLoadTests : IDisposable
{
    readonly TempFolder temp = new();
    readonly StringWriter log = new();
    public void Dispose() => temp.Dispose();

    MnistDownloadOptions EmptyCache => new() { CacheDirectory = Path.Combine(temp.Path, "cache") };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_folder_is_read_and_scaled_to_minus_one_one_exactly_as_the_lecture(bool gzip)
    {
        var folder = Path.Combine(temp.Path, "mnist");
        var (pixels, labels) = WriteSplit(folder, "train", 30, gzip);

        using var data = Mnist.Load(MnistSource.Folder, folder: folder, log: log);

        Assert.Equal([30, 784], data.Images.shape);
        Assert.Equal(torch.ScalarType.Float32, data.Images.dtype);
        var values = data.Images.data<float>().ToArray();
        for (int i = 0; i < pixels.Length; i++)
            Assert.Equal((pixels[i] / 255f - 0.5f) / 0.5f, values[i]);
        Assert.Equal(labels.Select(l => (long)l), data.Labels.data<long>().ToArray());
        Assert.Equal(MnistSource.Folder, data.Source);
        Assert.Equal(MnistSplit.Train, data.Split);
        Assert.True(data.IsFullDataset);
        Assert.Contains(folder, data.Message);
        Assert.Equal(data.Message, log.ToString().Trim());
    }

    [Fact]
    public void The_test_split_and_torchvision_layout_and_dotted_names_are_found()
    {
        var raw = Path.Combine(temp.Path, "root", "MNIST", "raw");
        WriteSplit(raw, "t10k", 12, gzip: false);
        File.Move(Path.Combine(raw, "t10k-images-idx3-ubyte"), Path.Combine(raw, "t10k-images.idx3-ubyte"));

        using var data = Mnist.Load(MnistSource.Folder, MnistSplit.Test, folder: Path.Combine(temp.Path, "root"), log: log);

        Assert.Equal(12, data.Count);
        Assert.Equal(MnistSplit.Test, data.Split);
        Assert.Equal(Path.GetFullPath(raw), data.Location);
    }

    [Fact]
    public void Images_and_labels_of_different_lengths_are_reported_naming_the_label_file()
    {
        var folder = temp.Path;
        WriteSplit(folder, "train", 20, gzip: false);
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte"), LabelsIdx(new byte[19]));

        var e = Assert.Throws<IdxFormatException>(() => Mnist.Load(MnistSource.Folder, folder: folder, log: log));
        Assert.EndsWith("train-labels-idx1-ubyte", e.File);
        Assert.Contains("19 labels", e.Message);
        Assert.Contains("20 images", e.Message);
    }

    [Fact]
    public void Labels_that_are_not_digits_and_images_that_are_not_28_by_28_are_rejected()
    {
        WriteSplit(temp.Path, "train", 5, gzip: false);
        File.WriteAllBytes(Path.Combine(temp.Path, "train-labels-idx1-ubyte"), LabelsIdx([1, 2, 12, 3, 4]));
        Assert.Contains("label #2 is 12", Assert.Throws<IdxFormatException>(() => Mnist.Load(MnistSource.Folder, folder: temp.Path, log: log)).Message);

        File.WriteAllBytes(Path.Combine(temp.Path, "train-labels-idx1-ubyte"), LabelsIdx([1, 2, 3, 4, 5]));
        File.WriteAllBytes(Path.Combine(temp.Path, "train-images-idx3-ubyte"), Idx(0x803, [5, 32, 32], new byte[5 * 32 * 32]));
        Assert.Contains("32x32", Assert.Throws<IdxFormatException>(() => Mnist.Load(MnistSource.Folder, folder: temp.Path, log: log)).Message);
    }

    [Fact]
    public void An_explicit_folder_without_the_files_is_an_error_not_a_fallback()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => Mnist.Load(folder: temp.Path, log: log));
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Throws<ArgumentException>(() => Mnist.Load(MnistSource.Folder, MnistSplit.Train, null, log, EmptyCache, variable: null));
        Assert.Throws<DirectoryNotFoundException>(() => Mnist.Load(MnistSource.Cache, download: EmptyCache, log: log));
    }

    [Fact]
    public void Auto_without_full_mnist_falls_back_to_the_embedded_subset_with_a_notice()
    {
        using var data = Mnist.Load(MnistSource.Auto, MnistSplit.Train, null, log, EmptyCache, variable: null);

        Assert.Equal(MnistSource.Embedded, data.Source);
        Assert.False(data.IsFullDataset);
        Assert.Equal(10_000, data.Count);
        Assert.StartsWith($"Notice: full MNIST not found (MNIST_DIR is not set; the download cache {EmptyCache.CacheDirectory} does not exist), so using ", data.Message);
        Assert.Contains("MnistSource.Download", data.Message);
        Assert.Equal(data.Message, log.ToString().Trim());
    }

    [Fact]
    public void The_fallback_notice_names_the_missing_files()
    {
        var empty = Path.Combine(temp.Path, "empty");
        Directory.CreateDirectory(empty);
        using (var data = Mnist.Load(MnistSource.Auto, MnistSplit.Train, null, log, EmptyCache, variable: empty))
        {
            Assert.Equal(MnistSource.Embedded, data.Source);
            Assert.Contains($"MNIST_DIR={empty} lacks train-images-idx3-ubyte and train-labels-idx1-ubyte (raw or .gz; also looked in raw/ and MNIST/raw/)", data.Message);
        }

        // Half a pair: only the missing file is named, beside the one that was found; the cache is described the same way.
        WriteSplit(Path.Combine(empty, "raw"), "train", 3, gzip: true);
        File.Delete(Path.Combine(empty, "raw", "train-labels-idx1-ubyte.gz"));
        Directory.CreateDirectory(EmptyCache.CacheDirectory!);
        using (var data = Mnist.Load(MnistSource.Auto, MnistSplit.Train, null, log, EmptyCache, variable: empty))
        {
            Assert.Contains($"MNIST_DIR={empty} lacks train-labels-idx1-ubyte (raw or .gz) beside {Path.Combine("raw", "train-images-idx3-ubyte.gz")}", data.Message);
            Assert.Contains($"the download cache {EmptyCache.CacheDirectory} lacks train-images-idx3-ubyte and train-labels-idx1-ubyte", data.Message);
        }

        var nowhere = Path.Combine(temp.Path, "nowhere");
        using (var data = Mnist.Load(MnistSource.Auto, MnistSplit.Train, null, log, EmptyCache, variable: nowhere))
            Assert.Contains($"MNIST_DIR={nowhere} does not exist", data.Message);

        // Asked for explicitly, the same folder is an error with the same detail.
        var e = Assert.Throws<DirectoryNotFoundException>(() => Mnist.Load(MnistSource.Folder, folder: empty, log: log));
        Assert.Equal($"{empty} does not hold the MNIST train files: it lacks train-labels-idx1-ubyte (raw or .gz) beside {Path.Combine("raw", "train-images-idx3-ubyte.gz")}.", e.Message);
    }

    [Fact]
    public void A_split_whose_files_declare_no_images_is_refused_naming_the_file()
    {
        var images = Path.Combine(temp.Path, "train-images-idx3-ubyte");
        File.WriteAllBytes(images, ImagesIdx([]));
        File.WriteAllBytes(Path.Combine(temp.Path, "train-labels-idx1-ubyte"), LabelsIdx([]));

        var e = Assert.Throws<IdxFormatException>(() => Mnist.Load(MnistSource.Folder, folder: temp.Path, log: log));
        Assert.Equal(images, e.File);
        Assert.Contains("declares 0 images", e.Message);
        // Found through MNIST_DIR it is refused too, not loaded as "0 images" and not silently replaced by the embedded digits.
        Assert.Throws<IdxFormatException>(() => Mnist.Load(MnistSource.Auto, MnistSplit.Train, null, log, EmptyCache, variable: temp.Path));
    }

    [Fact]
    public void Auto_prefers_the_folder_variable_then_the_cache()
    {
        var named = Path.Combine(temp.Path, "named");
        var cache = Path.Combine(temp.Path, "cache");
        WriteSplit(named, "train", 11, gzip: true);
        WriteSplit(cache, "train", 13, gzip: true);

        using (var fromVariable = Mnist.Load(MnistSource.Auto, MnistSplit.Train, null, log, EmptyCache, variable: named))
        {
            Assert.Equal((11, MnistSource.Folder), (fromVariable.Count, fromVariable.Source));
            Assert.Contains("(MNIST_DIR)", fromVariable.Message);
        }
        using (var fromCache = Mnist.Load(MnistSource.Auto, MnistSplit.Train, null, log, EmptyCache, variable: Path.Combine(temp.Path, "elsewhere")))
            Assert.Equal((13, MnistSource.Cache), (fromCache.Count, fromCache.Source));
        using var fallback = Mnist.Load(MnistSource.Auto, MnistSplit.Test, null, log, EmptyCache, variable: named);
        Assert.Equal(MnistSource.Embedded, fallback.Source);
        Assert.Contains($"MNIST_DIR={named} lacks t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (raw or .gz; also looked in raw/ and MNIST/raw/)", fallback.Message);
    }

    [Fact]
    public void The_embedded_subset_is_the_documented_data()
    {
        var (images, labels) = EmbeddedMnist.ReadIdx();

        // The SHA-256 values of environment/data/README.md (uncompressed IDX content).
        Assert.Equal("68edd122f9dba5ef1238a0ef595ecb5792a26401bbe7f32c6df7471a8cdde908",
            Sha256(ImagesIdx(images.Pixels)));
        Assert.Equal("0c85ed9560e584ed1040888c010ff8daee9e3356d80be4ee42883d5e84dd5b14", Sha256(LabelsIdx(labels)));
        Assert.Equal([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978],
            Enumerable.Range(0, 10).Select(d => labels.Count(l => l == d)));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1], labels[..12].Select(l => (int)l));
    }

    [Fact]
    public void The_embedded_subset_loads_as_scaled_tensors()
    {
        using var data = Mnist.Load(MnistSource.Embedded, log: log);

        Assert.Equal([EmbeddedMnist.Count, 784], data.Images.shape);
        Assert.Equal(-1f, data.Images.min().item<float>());
        Assert.Equal(1f, data.Images.max().item<float>());
        Assert.Null(data.Split);
        Assert.Contains("CC BY-SA 3.0", data.Message);
        // A digit has ink: about a fifth of MNIST pixels are non-zero.
        var inked = data.Images.gt(-1f).to_type(torch.ScalarType.Float32).mean().item<float>();
        Assert.InRange(inked, 0.12f, 0.3f);

        Assert.Equal([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], data.DigitCounts());
        using var slice = data.Slice(100, 64);
        Assert.Equal([64, 784], slice.Images.shape);
        // The classes are interleaved, so 64 rows from row 100 hold seven of each digit and one more of 0-3.
        Assert.Equal([7, 7, 7, 7, 6, 6, 6, 6, 6, 6], slice.DigitCounts());
        Assert.True(slice.Images.allclose(data.Images.narrow(0, 100, 64), rtol: 0, atol: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Slice(9_990, 64));
    }

    static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
