using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using GanCourse.Data;

namespace GanCourse.Benchmarks;

/// <summary>
/// Time to load 60,000 images through the library's own path, <c>Mnist.Load(MnistSource.Folder, …)</c>:
/// <see cref="IdxReader"/> for the image and label files, then the conversion to the float32 [−1, 1]
/// tensor. Measured for raw IDX files and for gzip'd ones (how MNIST ships and the cache stores it).
/// </summary>
public sealed record IdxLoad(double RawSeconds, double GzipSeconds)
{
    public static IdxLoad Measure(int count)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"gancourse-bench-idx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var (images, labels) = SyntheticFiles(count);
            var raw = Path.Combine(folder, "raw-files");
            var gzip = Path.Combine(folder, "gzip-files");
            Write(raw, images, labels, gzipped: false);
            Write(gzip, images, labels, gzipped: true);
            Load(raw); // first touch: JIT and file cache, untimed
            return new IdxLoad(BestOf(3, () => Load(raw)), BestOf(3, () => Load(gzip)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static void Load(string folder)
    {
        using var data = Mnist.Load(MnistSource.Folder, MnistSplit.Train, folder, TextWriter.Null);
        if (data.Count == 0) throw new InvalidOperationException("no images loaded");
    }

    static double BestOf(int repeats, Action action)
    {
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>
    /// IDX image and label files of <paramref name="count"/> digit-like images: a bright ring on a black
    /// background at a random place and size, so that gzip compresses them about as well as real MNIST.
    /// </summary>
    static (byte[] Images, byte[] Labels) SyntheticFiles(int count)
    {
        var random = new Random(5);
        var images = new byte[16 + count * 784];
        BinaryPrimitives.WriteInt32BigEndian(images, IdxReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 28);
        BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 28);
        for (int n = 0; n < count; n++)
        {
            double cx = 10 + random.NextDouble() * 8, cy = 10 + random.NextDouble() * 8, r = 4 + random.NextDouble() * 5;
            var image = images.AsSpan(16 + n * 784, 784);
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++)
                {
                    double d = Math.Abs(Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) - r);
                    image[y * 28 + x] = d < 1.5 ? (byte)(255 * (1.5 - d) / 1.5) : (byte)0;
                }
        }
        var labels = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(labels, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), count);
        for (int n = 0; n < count; n++) labels[8 + n] = (byte)random.Next(10);
        return (images, labels);
    }

    static void Write(string folder, byte[] images, byte[] labels, bool gzipped)
    {
        Directory.CreateDirectory(folder);
        WriteFile(Path.Combine(folder, MnistFiles.ImagesName(MnistSplit.Train)), images, gzipped);
        WriteFile(Path.Combine(folder, MnistFiles.LabelsName(MnistSplit.Train)), labels, gzipped);
    }

    static void WriteFile(string path, byte[] bytes, bool gzipped)
    {
        if (!gzipped)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path + ".gz");
        using var zip = new GZipStream(file, CompressionLevel.Optimal);
        zip.Write(bytes);
    }
}
