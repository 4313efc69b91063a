using GanCourse.Data;
using static GanCourse.Tests.Data.IdxTestFiles;

namespace GanCourse.Tests.Data;

public class IdxReaderTests : IDisposable
{
    readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    string Write(string name, byte[] bytes)
    {
        var path = temp.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_images_and_labels_raw_or_gzipped(bool gzip)
    {
        var (pixels, labels) = Digits(7);
        var images = IdxReader.ReadImages(Write("i", gzip ? Gzip(ImagesIdx(pixels)) : ImagesIdx(pixels)));
        var read = IdxReader.ReadLabels(Write("l", gzip ? Gzip(LabelsIdx(labels)) : LabelsIdx(labels)));

        Assert.Equal((7, 28, 28), (images.Count, images.Rows, images.Columns));
        Assert.Equal(pixels, images.Pixels);
        Assert.Equal(labels, read);
    }

    [Fact]
    public void A_label_file_read_as_images_is_reported_by_name_and_kind()
    {
        var path = Write("train-labels-idx1-ubyte", LabelsIdx([1, 2, 3]));
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Equal(path, e.File);
        Assert.Contains(path, e.Message);
        Assert.Contains("0x00000801", e.Message);
        Assert.Contains("label file", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_idx_is_rejected()
    {
        var path = Write("notes.txt", "hello, this is not MNIST"u8.ToArray());
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("not an IDX file", e.Message);
    }

    [Fact]
    public void An_idx_file_of_another_element_type_says_so()
    {
        var path = Write("floats", Idx(0x0D03, [1, 28, 28], new byte[784 * 4]));
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("element type 0x0D", e.Message);
    }

    [Fact]
    public void A_truncated_raw_file_is_reported_with_the_sizes()
    {
        var bytes = ImagesIdx(Digits(3).Pixels);
        var path = Write("train-images-idx3-ubyte", bytes[..^100]);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("2,352", e.Message);
        Assert.Contains("2,252", e.Message);
    }

    [Fact]
    public void Extra_bytes_after_the_data_are_reported()
    {
        var path = Write("l", [.. LabelsIdx([1, 2, 3]), 9, 9]);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("2 unexpected bytes", e.Message);
    }

    [Fact]
    public void A_truncated_gzip_file_is_reported()
    {
        var gz = Gzip(ImagesIdx(Digits(50).Pixels));
        var path = Write("train-images-idx3-ubyte.gz", gz[..(gz.Length / 2)]);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Equal(path, e.File);
        Assert.Matches("truncated|not a valid gzip", e.Message);
    }

    [Fact]
    public void Extra_data_inside_a_gzip_file_is_reported()
    {
        var path = Write("l.gz", Gzip([.. LabelsIdx([1, 2, 3]), 7]));
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("unexpected bytes", e.Message);
    }

    [Fact]
    public void A_damaged_gzip_stream_is_reported()
    {
        var gz = Gzip(ImagesIdx(Digits(20).Pixels));
        for (int i = 20; i < 60; i++) gz[i] ^= 0x5a;
        var path = Write("i.gz", gz);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void A_gzip_header_promising_more_than_deflate_can_hold_is_rejected_before_allocating()
    {
        var path = Write("i.gz", Gzip(Idx(0x803, [int.MaxValue / 784 - 1, 28, 28], [])));
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("header is corrupt", e.Message);
    }

    [Theory]
    [InlineData(-1, 28, 28, "invalid dimension 0")]
    [InlineData(1, 0, 28, "invalid dimension 1")]
    [InlineData(1, 28, -5, "invalid dimension 2")]
    public void Invalid_dimensions_are_rejected(int count, int rows, int cols, string expected)
    {
        var path = Write("i", Idx(0x803, [count, rows, cols], []));
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Empty_and_short_headers_are_truncation()
    {
        Assert.Contains("truncated", Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(Write("e", []))).Message);
        Assert.Contains("inside its header", Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(Write("h", Idx(0x803, [1, 28, 28], [])[..10]))).Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = temp.File("nope-idx3-ubyte");
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("not found", e.Message);
        Assert.Equal(path, e.File);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_file_declaring_zero_items_is_refused_naming_the_file(bool gzip)
    {
        byte[] Maybe(byte[] content) => gzip ? Gzip(content) : content;
        var images = Write("images-0", Maybe(Idx(0x803, [0, 28, 28], [])));
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages(images));
        Assert.Equal(images, e.File);
        Assert.Equal($"{images}: declares 0 images in its header; the file is empty or was cut off when it was made.", e.Message);

        var labels = Write("labels-0", Maybe(Idx(0x801, [0], [])));
        Assert.Equal($"{labels}: declares 0 labels in its header; the file is empty or was cut off when it was made.",
            Assert.Throws<IdxFormatException>(() => IdxReader.ReadLabels(labels)).Message);
    }
}
