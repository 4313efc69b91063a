using GanCourse.Charts;
using GanCourse.Training;
using TorchSharp;

namespace GanCourse.Tests.Charts;

public class ImageGridTests
{
    const int Side = 28, Pixels = Side * Side;

    /// <summary>An image whose every pixel is <paramref name="value"/>.</summary>
    static float[] Flat(float value) => Enumerable.Repeat(value, Pixels).ToArray();

    static PngReader Decode(PngImage png) => PngReader.Read(png.Bytes.Span);

    [Fact]
    public void Rows_become_cells_with_black_strokes_on_white_and_gray_gaps()
    {
        var style = new GridStyle(Scale: 2, Gap: 3);
        var rows = new[] { new[] { Flat(1f), Flat(-1f) }, new[] { Flat(0f), Flat(5f) } };

        var grid = Decode(ImageGrid.FromRows(rows, style: style));

        int cell = Side * 2;
        Assert.Equal(3 + 2 * (cell + 3), grid.Width);
        Assert.Equal(3 + 2 * (cell + 3), grid.Height);
        int Left(int c) => 3 + c * (cell + 3);
        Assert.Equal(0, grid[Left(0) + 5, Left(0) + 5]);            // +1: stroke, black
        Assert.Equal(255, grid[Left(1) + 5, Left(0) + 5]);          // −1: background, white
        Assert.InRange(grid[Left(0) + 5, Left(1) + 5], 127, 128);   // 0: mid gray
        Assert.Equal(0, grid[Left(1) + cell - 1, Left(1) + cell - 1]); // above +1 is clamped to black
        Assert.Equal(224, grid[1, 1]);                               // gap
        Assert.Equal(224, grid[Left(1) - 1, 10]);
    }

    [Fact]
    public void Pixels_are_placed_row_major_and_scaled()
    {
        var image = Flat(-1f);
        image[2 * Side + 5] = 1f; // row 2, column 5
        var grid = Decode(ImageGrid.FromImages([image], style: new GridStyle(Scale: 3, Gap: 0)));

        Assert.Equal((Side * 3, Side * 3), (grid.Width, grid.Height));
        for (int dy = 0; dy < 3; dy++)
            for (int dx = 0; dx < 3; dx++)
                Assert.Equal(0, grid[5 * 3 + dx, 2 * 3 + dy]);
        Assert.Equal(255, grid[5 * 3 + 3, 2 * 3]);
        Assert.Equal(Side * Side * 9 - 9, grid.Pixels.Count(p => p == 255));
    }

    [Fact]
    public void Row_labels_are_drawn_in_a_margin_left_of_the_cells()
    {
        var rows = new[] { new[] { Flat(-1f) }, new[] { Flat(-1f) } };
        var style = new GridStyle(Scale: 2, Gap: 2);

        var plain = Decode(ImageGrid.FromRows(rows, style: style));
        var labelled = Decode(ImageGrid.FromRows(rows, [1, 100], style));

        var labelWidth = PixelFont.Width("100", 2) + 2;
        Assert.Equal(plain.Width + labelWidth, labelled.Width);
        Assert.Equal(plain.Height, labelled.Height);
        var inkInMargin = Enumerable.Range(0, labelled.Height)
            .SelectMany(y => Enumerable.Range(0, 2 + labelWidth).Select(x => labelled[x, y]))
            .Count(p => p == 0);
        Assert.True(inkInMargin > 20, $"labels should leave ink in the margin, found {inkInMargin} black pixels");
        Assert.Equal(0, plain.Pixels.Count(p => p == 0));
    }

    [Fact]
    public void History_grid_has_one_labelled_row_per_saved_epoch_present()
    {
        var history = new TrainingHistory
        {
            Samples =
            {
                new SampleSnapshot(1, Enumerable.Range(0, 8).Select(_ => Flat(-1f)).ToArray()),
                new SampleSnapshot(2, Enumerable.Range(0, 8).Select(_ => Flat(1f)).ToArray()),
            },
        };

        var png = ImageGrid.FromHistory(history, samplesPerEpoch: 5, epochs: [1, 2, 4, 10, 50, 100]);
        var grid = Decode(png);

        var expected = Decode(ImageGrid.FromRows(
            [history.Samples[0].Images.Take(5).ToArray(), history.Samples[1].Images.Take(5).ToArray()], [1, 2]));
        Assert.Equal(expected.Pixels, grid.Pixels);
        Assert.Equal((expected.Width, expected.Height), (grid.Width, grid.Height));
        Assert.Contains("epochs 1, 2", png.Caption);
    }

    [Fact]
    public void History_problems_say_what_is_missing()
    {
        var empty = new TrainingHistory();
        Assert.Contains("no samples", Assert.Throws<ArgumentException>(() => ImageGrid.FromHistory(empty)).Message);

        var history = new TrainingHistory { Samples = { new SampleSnapshot(3, [Flat(0f), Flat(0f)]) } };
        Assert.Contains("it has them for 3", Assert.Throws<ArgumentException>(() => ImageGrid.FromHistory(history, epochs: [1, 2])).Message);
        Assert.Contains("Epoch 3 has 2 samples", Assert.Throws<ArgumentException>(() => ImageGrid.FromHistory(history, samplesPerEpoch: 5)).Message);
    }

    [Fact]
    public void A_short_last_row_is_padded_with_background()
    {
        var grid = Decode(ImageGrid.FromImages([Flat(1f), Flat(1f), Flat(1f)], columns: 2, style: new GridStyle(Scale: 1, Gap: 1)));

        Assert.Equal((1 + 2 * 29, 1 + 2 * 29), (grid.Width, grid.Height));
        Assert.Equal(0, grid[1 + 5, 30 + 5]);   // third image, row 1 column 0
        Assert.Equal(224, grid[30 + 5, 30 + 5]); // empty cell
    }

    [Theory]
    [InlineData(new long[] { 3, Pixels })]
    [InlineData(new long[] { 3, Side, Side })]
    [InlineData(new long[] { 3, 1, Side, Side })]
    public void Tensors_of_any_image_shape_give_the_same_grid(long[] shape)
    {
        var images = Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, Pixels).Select(p => (p + i * 97) % 200 / 100f - 1f).ToArray()).ToArray();
        using var tensor = torch.tensor(images.SelectMany(x => x).ToArray()).reshape(shape);

        var fromTensor = ImageGrid.FromTensor(tensor, columns: 2);
        var fromArrays = ImageGrid.FromImages(images, columns: 2);

        Assert.Equal(fromArrays.Bytes.ToArray(), fromTensor.Bytes.ToArray());
    }

    [Fact]
    public void A_tensor_grid_can_label_its_rows_like_a_grid_of_rows()
    {
        // Four images, two per row, labelled 0 and 1 (say, the digits a conditional GAN was asked for).
        var images = new[] { Flat(1f), Flat(-1f), Flat(0f), Flat(1f) };
        using var tensor = torch.tensor(images.SelectMany(x => x).ToArray()).reshape(4, Pixels);

        var fromTensor = ImageGrid.FromTensor(tensor, columns: 2, rowLabels: [0, 1]);
        var fromRows = ImageGrid.FromRows([images[..2], images[2..]], [0, 1]);

        Assert.Equal(fromRows.Bytes.ToArray(), fromTensor.Bytes.ToArray());
        Assert.True(Decode(fromTensor).Width > Decode(ImageGrid.FromTensor(tensor, columns: 2)).Width);
        Assert.Contains("1 row labels for 2 rows", Assert.Throws<ArgumentException>(() => ImageGrid.FromTensor(tensor, columns: 2, rowLabels: [0])).Message);
    }

    [Fact]
    public void Bad_input_is_rejected_with_a_clear_message()
    {
        var ragged = Assert.Throws<ArgumentException>(() => ImageGrid.FromRows([[Flat(0f), Flat(0f)], [Flat(0f)]]));
        Assert.Contains("Row 1 has 1 images but row 0 has 2", ragged.Message);

        var sizes = Assert.Throws<ArgumentException>(() => ImageGrid.FromImages([Flat(0f), new float[700]]));
        Assert.Contains("has 700 pixels but the first has 784", sizes.Message);

        var width = Assert.Throws<ArgumentException>(() => ImageGrid.FromImages([new float[100]]));
        Assert.Contains("cannot be 28 pixels wide", width.Message);

        var nan = Flat(0f);
        nan[10] = float.NaN;
        Assert.Contains("pixel 10 = NaN", Assert.Throws<ArgumentException>(() => ImageGrid.FromImages([Flat(0f), nan])).Message);

        Assert.Contains("2 row labels for 1 rows", Assert.Throws<ArgumentException>(() => ImageGrid.FromRows([[Flat(0f)]], [1, 2])).Message);
        Assert.Throws<ArgumentException>(() => ImageGrid.FromRows([]));
        Assert.Throws<ArgumentException>(() => ImageGrid.FromImages([]));
        Assert.Contains("Scale", Assert.Throws<ArgumentException>(() => ImageGrid.FromImages([Flat(0f)], style: new GridStyle(Scale: 0))).Message);
        Assert.Contains("Low < High", Assert.Throws<ArgumentException>(() => ImageGrid.FromImages([Flat(0f)], style: new GridStyle(Low: 1, High: 1))).Message);

        using var wrongShape = torch.zeros(2, 3, Side, Side);
        Assert.Contains("[2, 3, 28, 28]", Assert.Throws<ArgumentException>(() => ImageGrid.FromTensor(wrongShape)).Message);
    }
}
