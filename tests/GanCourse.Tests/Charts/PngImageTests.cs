using GanCourse.Charts;

namespace GanCourse.Tests.Charts;

public class PngImageTests
{
    static byte[] Gradient(int width, int height) =>
        Enumerable.Range(0, width * height).Select(i => (byte)(i * 7 % 256)).ToArray();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(57, 31)]
    public void Encoded_pixels_decode_back_exactly(int width, int height)
    {
        var pixels = Gradient(width, height);
        var png = PngImage.FromGray(pixels, width, height);

        var decoded = PngReader.Read(png.Bytes.Span);

        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.Equal((width, height), (png.Width, png.Height));
        Assert.Equal(pixels, decoded.Pixels);
        Assert.Equal(["IHDR", "IDAT", "IEND"], decoded.ChunkTypes);
    }

    [Fact]
    public void Base64_data_uri_and_html_carry_the_same_bytes()
    {
        var png = PngImage.FromGray(Gradient(4, 4), 4, 4, caption: "rows <are> epochs");

        Assert.Equal(png.Bytes.ToArray(), Convert.FromBase64String(png.ToBase64()));
        Assert.Equal("data:image/png;base64," + png.ToBase64(), png.ToDataUri());
        var html = png.ToHtml();
        Assert.Contains($"<img src=\"{png.ToDataUri()}\" width=\"4\" height=\"4\"", html);
        Assert.Contains("<figcaption>rows &lt;are&gt; epochs</figcaption>", html);
        Assert.Equal("PNG 4×4: rows <are> epochs", png.ToString());
    }

    [Fact]
    public void Save_writes_the_bytes_into_a_new_folder_and_leaves_no_temporary_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gancourse-png-" + Guid.NewGuid().ToString("N"));
        try
        {
            var png = PngImage.FromGray(Gradient(5, 3), 5, 3);
            var path = Path.Combine(folder, "sub", "grid.png");
            png.Save(path);
            png.Save(path); // overwriting works too

            Assert.Equal(png.Bytes.ToArray(), File.ReadAllBytes(path));
            Assert.Equal(["grid.png"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Wrong_sizes_are_rejected_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => PngImage.FromGray(new byte[10], 4, 3));
        Assert.Contains("4 × 3 pixels need 12 gray levels, got 10", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PngImage.FromGray([], 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngImage.FromGray([], 1, 0));
        Assert.Throws<ArgumentNullException>(() => PngImage.FromGray(null!, 1, 1));
    }
}
