using GanCourse.Training;
using TorchSharp;

namespace GanCourse.Charts;

/// <summary>How a grid of images looks.</summary>
/// <param name="Scale">Each image pixel becomes Scale × Scale screen pixels (28-pixel digits are small).</param>
/// <param name="Gap">Light-gray space between images and around the grid, in screen pixels.</param>
/// <param name="ImageWidth">Width of one image; its height is the pixel count divided by this (28 for MNIST).</param>
/// <param name="Low">Pixel value drawn white (−1 for images scaled as the lecture does).</param>
/// <param name="High">Pixel value drawn black (digit strokes): the lecture shows digits inverted, black on white.</param>
public sealed record GridStyle(int Scale = 2, int Gap = 2, int ImageWidth = 28, float Low = -1f, float High = 1f)
{
    internal void Validate()
    {
        if (Scale is < 1 or > 16) throw new ArgumentException($"GridStyle.Scale must be 1 to 16, not {Scale}.");
        if (Gap is < 0 or > 32) throw new ArgumentException($"GridStyle.Gap must be 0 to 32, not {Gap}.");
        if (ImageWidth < 1) throw new ArgumentException($"GridStyle.ImageWidth must be positive, not {ImageWidth}.");
        if (!(Low < High) || !float.IsFinite(Low) || !float.IsFinite(High))
            throw new ArgumentException($"GridStyle needs finite Low < High, not {Low} and {High}.");
    }
}

/// <summary>Grids of grayscale images (generated or real digits) as PNG images.</summary>
public static class ImageGrid
{
    const byte Background = 224, Ink = 0;

    /// <summary>
    /// One grid row per inner list, e.g. one row per epoch. Every row must hold the same number of
    /// images; <paramref name="rowLabels"/> (e.g. epoch numbers) are written at the left of the rows.
    /// </summary>
    public static PngImage FromRows(IReadOnlyList<IReadOnlyList<float[]>> rows, IReadOnlyList<int>? rowLabels = null, GridStyle? style = null, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("The grid needs at least one row of images.", nameof(rows));
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r] is null || rows[r].Count == 0) throw new ArgumentException($"Row {r} of the grid has no images.", nameof(rows));
            if (rows[r].Count != rows[0].Count)
                throw new ArgumentException($"Row {r} has {rows[r].Count} images but row 0 has {rows[0].Count}; every row needs the same number.", nameof(rows));
        }
        return Render(rows, rows[0].Count, rowLabels, style ?? new GridStyle(), caption);
    }

    /// <summary>
    /// Images laid out left to right, <paramref name="columns"/> per row (the last row may be shorter);
    /// <paramref name="rowLabels"/>, one per row (e.g. the digit a conditional GAN was asked for), are
    /// written at the left.
    /// </summary>
    public static PngImage FromImages(IReadOnlyList<float[]> images, int columns = 8, GridStyle? style = null, string? caption = null, IReadOnlyList<int>? rowLabels = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (images.Count == 0) throw new ArgumentException("There are no images to show.", nameof(images));
        var rows = images.Chunk(columns).Select(IReadOnlyList<float[]> (chunk) => chunk).ToList();
        return Render(rows, Math.Min(columns, images.Count), rowLabels, style ?? new GridStyle(), caption);
    }

    /// <summary>
    /// Images from a tensor shaped [N, pixels], [N, height, width] or [N, 1, height, width], on any device.
    /// The width comes from the shape when it has one. <paramref name="rowLabels"/> as in <see cref="FromImages"/>.
    /// </summary>
    public static PngImage FromTensor(torch.Tensor images, int columns = 8, GridStyle? style = null, string? caption = null, IReadOnlyList<int>? rowLabels = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        style ??= new GridStyle();
        var shape = images.shape;
        var valid = shape.Length == 2 || shape.Length == 3 || (shape.Length == 4 && shape[1] == 1);
        if (!valid || shape[0] == 0)
            throw new ArgumentException($"Expected images shaped [N, pixels], [N, H, W] or [N, 1, H, W] with N > 0, got [{string.Join(", ", shape)}].", nameof(images));
        if (shape.Length > 2) style = style with { ImageWidth = (int)shape[^1] };

        using var scope = torch.NewDisposeScope();
        var flat = images.detach().cpu().to_type(torch.ScalarType.Float32).reshape(shape[0], -1).contiguous();
        var pixels = flat.data<float>().ToArray();
        var perImage = (int)flat.shape[1];
        var list = Enumerable.Range(0, (int)shape[0]).Select(i => pixels.AsSpan(i * perImage, perImage).ToArray()).ToList();
        return FromImages(list, columns, style, caption, rowLabels);
    }

    /// <summary>
    /// The fixed-noise samples a training run saved: one row per epoch (labelled with its number),
    /// the first <paramref name="samplesPerEpoch"/> images of each. With <paramref name="epochs"/>, only
    /// those of the listed epochs that the history holds (a short run holds fewer).
    /// </summary>
    public static PngImage FromHistory(TrainingHistory history, int samplesPerEpoch = 5, IEnumerable<int>? epochs = null, GridStyle? style = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerEpoch, 1);
        var samples = history.Samples;
        if (samples.Count == 0)
            throw new ArgumentException("The training history holds no samples: give the loop's Fit a samples function (e.g. samples: () => generator.forward(fixedNoise)).", nameof(history));
        var wanted = epochs?.ToHashSet();
        var chosen = samples.Where(s => wanted is null || wanted.Contains(s.Epoch)).ToList();
        if (chosen.Count == 0)
            throw new ArgumentException(
                $"The history has no samples for epochs {string.Join(", ", wanted!.Order())}; it has them for {string.Join(", ", samples.Select(s => s.Epoch))}.",
                nameof(epochs));
        foreach (var snapshot in chosen)
            if (snapshot.Images is null || snapshot.Images.Length < samplesPerEpoch)
                throw new ArgumentException($"Epoch {snapshot.Epoch} has {snapshot.Images?.Length ?? 0} samples, fewer than the {samplesPerEpoch} asked for.", nameof(samplesPerEpoch));

        var rows = chosen.Select(IReadOnlyList<float[]> (s) => s.Images.Take(samplesPerEpoch).ToList()).ToList();
        var labels = chosen.Select(s => s.Epoch).ToList();
        var caption = $"Samples of the fixed noise after epochs {string.Join(", ", labels)} (one row each, top to bottom).";
        return FromRows(rows, labels, style, caption);
    }

    static PngImage Render(IReadOnlyList<IReadOnlyList<float[]>> rows, int columns, IReadOnlyList<int>? rowLabels, GridStyle style, string? caption)
    {
        style.Validate();
        var (imageWidth, imageHeight) = ImageSize(rows, style.ImageWidth);
        var labels = LabelTexts(rowLabels, rows.Count);
        int scale = style.Scale, gap = style.Gap;
        int cellWidth = imageWidth * scale, cellHeight = imageHeight * scale;
        int labelWidth = labels.Count == 0 ? 0 : labels.Max(l => PixelFont.Width(l, scale)) + gap;
        int width = gap + labelWidth + columns * (cellWidth + gap);
        int height = gap + rows.Count * (cellHeight + gap);

        var canvas = new byte[width * height];
        Array.Fill(canvas, Background);
        for (int r = 0; r < rows.Count; r++)
        {
            int top = gap + r * (cellHeight + gap);
            if (labels.Count > 0)
            {
                int textLeft = gap + labelWidth - gap - PixelFont.Width(labels[r], scale);
                int textTop = top + Math.Max(0, (cellHeight - PixelFont.GlyphHeight * scale) / 2);
                PixelFont.Draw(canvas, width, labels[r], textLeft, textTop, scale, Ink);
            }
            for (int c = 0; c < rows[r].Count; c++)
                DrawImage(canvas, width, rows[r][c], imageWidth, gap + labelWidth + c * (cellWidth + gap), top, style, (r, c));
        }
        return PngImage.FromGray(canvas, width, height, caption);
    }

    static (int Width, int Height) ImageSize(IReadOnlyList<IReadOnlyList<float[]>> rows, int imageWidth)
    {
        int? length = null;
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < rows[r].Count; c++)
            {
                var image = rows[r][c] ?? throw new ArgumentException($"The image at row {r}, column {c} is null.");
                length ??= image.Length;
                if (image.Length != length)
                    throw new ArgumentException($"The image at row {r}, column {c} has {image.Length} pixels but the first has {length}; all images need the same size.");
            }
        if (length == 0 || length % imageWidth != 0)
            throw new ArgumentException($"Images of {length} pixels cannot be {imageWidth} pixels wide; set GridStyle.ImageWidth (28 × 28 = 784 for MNIST).");
        return (imageWidth, length!.Value / imageWidth);
    }

    static List<string> LabelTexts(IReadOnlyList<int>? rowLabels, int rowCount)
    {
        if (rowLabels is null) return [];
        if (rowLabels.Count != rowCount)
            throw new ArgumentException($"There are {rowLabels.Count} row labels for {rowCount} rows.", nameof(rowLabels));
        if (rowLabels.Any(l => l < 0)) throw new ArgumentException("Row labels must be non-negative numbers (epochs, digits).", nameof(rowLabels));
        return rowLabels.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    static void DrawImage(byte[] canvas, int canvasWidth, float[] image, int imageWidth, int left, int top, GridStyle style, (int Row, int Column) at)
    {
        int scale = style.Scale;
        float span = style.High - style.Low;
        for (int i = 0; i < image.Length; i++)
        {
            var v = image[i];
            if (!float.IsFinite(v))
                throw new ArgumentException($"The image at row {at.Row}, column {at.Column} has pixel {i} = {v}; did training diverge?");
            var t = (Math.Clamp(v, style.Low, style.High) - style.Low) / span;
            var gray = (byte)MathF.Round(255f * (1f - t));
            int x = left + i % imageWidth * scale, y = top + i / imageWidth * scale;
            for (int dy = 0; dy < scale; dy++)
                canvas.AsSpan((y + dy) * canvasWidth + x, scale).Fill(gray);
        }
    }
}
