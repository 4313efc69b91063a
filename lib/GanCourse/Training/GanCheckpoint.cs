using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;

namespace GanCourse.Training;

/// <summary>
/// Checkpoints of a <see cref="GanTrainer"/>: one folder per checkpoint, <c>epoch-0010/</c>, holding G, D,
/// both optimizers' state, the samples and <c>checkpoint.json</c> (epoch, settings, per-epoch history and
/// the SHA-256 of every file). A checkpoint is written into a temporary folder and renamed into place
/// when complete, so a crash never leaves a half-written checkpoint under a real name.
/// </summary>
public static class GanCheckpoint
{
    const int Format = 1;
    const string ManifestFile = "checkpoint.json";
    const string GeneratorFile = "generator.bin", DiscriminatorFile = "discriminator.bin";
    const string GeneratorOptimizerFile = "generator-optimizer.bin", DiscriminatorOptimizerFile = "discriminator-optimizer.bin";
    const string SamplesFile = "samples.bin";
    const string FolderPrefix = "epoch-";

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The checkpoint folders in <paramref name="directory"/>, oldest first (empty when there are none).</summary>
    public static IReadOnlyList<string> List(string directory) =>
        !Directory.Exists(directory) ? [] :
        [.. Directory.GetDirectories(directory, FolderPrefix + "*")
            .Select(d => (Path: d, Epoch: EpochOf(d)))
            .Where(c => c.Epoch >= 0 && File.Exists(Path.Combine(c.Path, ManifestFile)))
            .OrderBy(c => c.Epoch)
            .Select(c => c.Path)];

    /// <summary>The newest checkpoint folder in <paramref name="directory"/>, or null.</summary>
    public static string? Latest(string directory) => List(directory).LastOrDefault();

    static int EpochOf(string folder)
    {
        var name = Path.GetFileName(folder);
        return name.StartsWith(FolderPrefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(FolderPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : -1;
    }

    internal static string Save(GanTrainer trainer, string directory, int? imageCount)
    {
        Directory.CreateDirectory(directory);
        int epoch = trainer.CompletedEpochs;
        var name = $"{FolderPrefix}{epoch:D4}";
        var final = Path.Combine(directory, name);
        var temp = Path.Combine(directory, $".{name}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            trainer.Generator.save(Path.Combine(temp, GeneratorFile));
            trainer.Discriminator.save(Path.Combine(temp, DiscriminatorFile));
            trainer.GeneratorOptimizer.save_state_dict(Path.Combine(temp, GeneratorOptimizerFile));
            trainer.DiscriminatorOptimizer.save_state_dict(Path.Combine(temp, DiscriminatorOptimizerFile));
            WriteSamples(Path.Combine(temp, SamplesFile), trainer.History.Samples);

            string[] files = [GeneratorFile, DiscriminatorFile, GeneratorOptimizerFile, DiscriminatorOptimizerFile, SamplesFile];
            var manifest = new Manifest(Format, epoch, Settings.Of(trainer.Options, imageCount), [.. trainer.History.Epochs],
                files.ToDictionary(f => f, f => Sha256(Path.Combine(temp, f))));
            File.WriteAllText(Path.Combine(temp, ManifestFile), JsonSerializer.Serialize(manifest, Json));

            if (Directory.Exists(final))
            {
                var old = Path.Combine(directory, $".{name}.old-{Guid.NewGuid():N}");
                Directory.Move(final, old);
                Directory.Move(temp, final);
                Directory.Delete(old, recursive: true);
            }
            else Directory.Move(temp, final);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }

        foreach (var stale in List(directory).SkipLast(trainer.Options.CheckpointsToKeep))
            Directory.Delete(stale, recursive: true);
        return final;
    }

    internal sealed record Restored(TrainingHistory History, int? ImageCount);

    internal static Restored Load(GanTrainer trainer, string path)
    {
        var folder = Resolve(path);
        var manifestPath = Path.Combine(folder, ManifestFile);
        Manifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath), Json)
                ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{manifestPath} is corrupt: {e.Message}", e);
        }
        if (manifest.Format != Format)
            throw new CheckpointException($"{manifestPath} has format {manifest.Format}; this library reads format {Format}.");
        if (manifest.Files is null || manifest.Settings is null || manifest.Epochs is null || manifest.Epochs.Count != manifest.Epoch)
            throw new CheckpointException($"{manifestPath} is corrupt: its history does not match its epoch {manifest.Epoch}.");
        foreach (var file in new[] { GeneratorFile, DiscriminatorFile, GeneratorOptimizerFile, DiscriminatorOptimizerFile, SamplesFile })
        {
            var full = Path.Combine(folder, file);
            if (!File.Exists(full)) throw new CheckpointException($"{full} is missing; the checkpoint is incomplete.");
            if (!manifest.Files.TryGetValue(file, out var expected) || !string.Equals(Sha256(full), expected, StringComparison.OrdinalIgnoreCase))
                throw new CheckpointException($"{full} is corrupt (its SHA-256 differs from the one recorded in {ManifestFile}).");
        }
        var differences = manifest.Settings.Differences(Settings.Of(trainer.Options, manifest.Settings.ImageCount));
        if (differences.Count > 0)
            throw new CheckpointException($"{folder} was made with other settings ({string.Join("; ", differences)}). Resume with the same TrainingOptions.");

        var samples = ReadSamples(Path.Combine(folder, SamplesFile));
        RestoreState(trainer, folder);
        return new Restored(new TrainingHistory { Epochs = [.. manifest.Epochs], Samples = samples }, manifest.Settings.ImageCount);
    }

    static string Resolve(string path)
    {
        if (File.Exists(Path.Combine(path, ManifestFile))) return path;
        if (!Directory.Exists(path)) throw new CheckpointException($"No checkpoint at {path}: the folder does not exist.");
        return Latest(path) ?? throw new CheckpointException($"No checkpoint in {path} (expected {ManifestFile} or {FolderPrefix}NNNN folders).");
    }

    /// <summary>Loads all four states; if any does not fit, puts the previous ones back so the trainer stays usable.</summary>
    static void RestoreState(GanTrainer trainer, string folder)
    {
        using var backup = new MemoryStream();
        using (var writer = new BinaryWriter(backup, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            trainer.Generator.save(writer);
            trainer.Discriminator.save(writer);
            trainer.GeneratorOptimizer.save_state_dict(writer);
            trainer.DiscriminatorOptimizer.save_state_dict(writer);
        }
        string current = GeneratorFile;
        try
        {
            trainer.Generator.load(Path.Combine(folder, current));
            current = DiscriminatorFile;
            trainer.Discriminator.load(Path.Combine(folder, current));
            current = GeneratorOptimizerFile;
            trainer.GeneratorOptimizer.load_state_dict(Path.Combine(folder, current));
            current = DiscriminatorOptimizerFile;
            trainer.DiscriminatorOptimizer.load_state_dict(Path.Combine(folder, current));
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            backup.Position = 0;
            using var reader = new BinaryReader(backup);
            trainer.Generator.load(reader);
            trainer.Discriminator.load(reader);
            trainer.GeneratorOptimizer.load_state_dict(reader);
            trainer.DiscriminatorOptimizer.load_state_dict(reader);
            throw new CheckpointException($"{Path.Combine(folder, current)} does not fit this trainer's models (were they built with other sizes?): {e.Message.Split('\n')[0]}", e);
        }
    }

    const string SamplesMagic = "GANSMPL1";

    static void WriteSamples(string path, IReadOnlyList<SampleSnapshot> samples)
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

    static List<SampleSnapshot> ReadSamples(string path)
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

    static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    sealed record Manifest(int Format, int Epoch, Settings Settings, List<EpochStats> Epochs, Dictionary<string, string> Files);

    /// <summary>The options a resumed run must share with the run that made the checkpoint.</summary>
    sealed record Settings(long Seed, int NoiseSize, NoiseKind Noise, int BatchSize, int SampleCount, int? ImageCount)
    {
        public static Settings Of(TrainingOptions o, int? imageCount) => new(o.Seed, o.NoiseSize, o.Noise, o.BatchSize, o.SampleCount, imageCount);

        public List<string> Differences(Settings other)
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
}
