using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanCourse.Training;

/// <summary>
/// What a checkpoint folder holds and how its files are written, read and verified: G, D, both optimizers'
/// state, the samples, and <c>checkpoint.json</c> (format, run, time of writing, epoch, settings, per-epoch
/// history and the SHA-256 of every other file).
/// </summary>
static class CheckpointFiles
{
    /// <summary>Format written. Format 1 (before run identifiers) is still read.</summary>
    public const int Format = 2;
    public const string ManifestFile = "checkpoint.json";
    public const string GeneratorFile = "generator.bin", DiscriminatorFile = "discriminator.bin";
    public const string GeneratorOptimizerFile = "generator-optimizer.bin", DiscriminatorOptimizerFile = "discriminator-optimizer.bin";
    public const string SamplesFile = "samples.bin";
    public static readonly string[] DataFiles = [GeneratorFile, DiscriminatorFile, GeneratorOptimizerFile, DiscriminatorOptimizerFile, SamplesFile];

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void WriteManifest(string folder, CheckpointManifest manifest) =>
        File.WriteAllText(Path.Combine(folder, ManifestFile), JsonSerializer.Serialize(manifest, Json));

    /// <summary>The manifest, parsed; a missing or unreadable one raises <see cref="CheckpointException"/> naming it.</summary>
    public static CheckpointManifest ReadManifest(string folder)
    {
        var path = Path.Combine(folder, ManifestFile);
        if (!File.Exists(path)) throw new CheckpointException($"{path} is missing; the checkpoint is incomplete.");
        try
        {
            return JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllText(path), Json) ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path} is corrupt: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new CheckpointException($"{path} could not be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads the manifest and checks that every file is there with the recorded SHA-256, without touching
    /// any model; raises <see cref="CheckpointException"/> naming the first problem.
    /// </summary>
    public static CheckpointManifest Verify(string folder)
    {
        var manifest = ReadManifest(folder);
        var path = Path.Combine(folder, ManifestFile);
        if (manifest.Format is not (1 or Format))
            throw new CheckpointException($"{path} has format {manifest.Format}; this library reads formats 1 and {Format}.");
        if (manifest.Files is null || manifest.Settings is null || manifest.Epochs is null || manifest.Epochs.Count != manifest.Epoch)
            throw new CheckpointException($"{path} is corrupt: its history does not match its epoch {manifest.Epoch}.");
        foreach (var file in DataFiles)
        {
            var full = Path.Combine(folder, file);
            if (!File.Exists(full)) throw new CheckpointException($"{full} is missing; the checkpoint is incomplete.");
            if (!manifest.Files.TryGetValue(file, out var expected) || !string.Equals(Sha256(full), expected, StringComparison.OrdinalIgnoreCase))
                throw new CheckpointException($"{full} is corrupt (its SHA-256 differs from the one recorded in {ManifestFile}).");
        }
        return manifest;
    }

    public static bool IsIntact(string folder)
    {
        try
        {
            Verify(folder);
            return true;
        }
        catch (Exception e) when (e is CheckpointException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    const string SamplesMagic = "GANSMPL1";

    public static void WriteSamples(string path, IReadOnlyList<SampleSnapshot> samples)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(SamplesMagic);
        writer.Write(samples.Count);
        foreach (var s in samples)
        {
            writer.Write(s.Epoch);
            writer.Write(s.Images.Length);
            writer.Write(s.Images.Length == 0 ? 0 : s.Images[0].Length);
            foreach (var image in s.Images)
                foreach (var v in image) writer.Write(v);
        }
    }

    public static List<SampleSnapshot> ReadSamples(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        try
        {
            if (reader.ReadString() != SamplesMagic) throw new CheckpointException($"{path} is not a samples file.");
            var samples = new List<SampleSnapshot>();
            for (int n = reader.ReadInt32(), k = 0; k < n; k++)
            {
                int epoch = reader.ReadInt32(), rows = reader.ReadInt32(), width = reader.ReadInt32();
                var images = new float[rows][];
                for (int r = 0; r < rows; r++)
                {
                    images[r] = new float[width];
                    for (int c = 0; c < width; c++) images[r][c] = reader.ReadSingle();
                }
                samples.Add(new SampleSnapshot(epoch, images));
            }
            return samples;
        }
        catch (EndOfStreamException e)
        {
            throw new CheckpointException($"{path} is truncated.", e);
        }
    }
}

/// <summary>checkpoint.json. <see cref="Run"/> and <see cref="SavedAt"/> are null in format 1.</summary>
sealed record CheckpointManifest(int Format, string? Run, DateTimeOffset? SavedAt, int Epoch, CheckpointSettings Settings, List<EpochStats> Epochs, Dictionary<string, string> Files);

/// <summary>The options a resumed run must share with the run that made the checkpoint.</summary>
sealed record CheckpointSettings(long Seed, int NoiseSize, NoiseKind Noise, int BatchSize, int SampleCount, int? ImageCount)
{
    public static CheckpointSettings Of(TrainingOptions o, int? imageCount) => new(o.Seed, o.NoiseSize, o.Noise, o.BatchSize, o.SampleCount, imageCount);

    public List<string> Differences(CheckpointSettings other)
    {
        var found = new List<string>();
        void Check<T>(string name, T saved, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(saved, now)) found.Add($"{name} {saved} there, {now} here");
        }
        Check(nameof(Seed), Seed, other.Seed);
        Check(nameof(NoiseSize), NoiseSize, other.NoiseSize);
        Check(nameof(Noise), Noise, other.Noise);
        Check(nameof(BatchSize), BatchSize, other.BatchSize);
        Check(nameof(SampleCount), SampleCount, other.SampleCount);
        return found;
    }
}
