using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanCourse.Training;

/// <summary>
/// What a checkpoint folder holds and how its files are written, read and verified: each part's weights
/// (<c>NAME.bin</c>) and optimizer state (<c>NAME-optimizer.bin</c>), the samples, and <c>checkpoint.json</c>
/// (format, run, time of writing, epoch, settings, parts, per-epoch history and the SHA-256 of every other file).
/// </summary>
static class CheckpointFiles
{
    /// <summary>Format written and read. Formats 1 and 2 were written by the GAN trainers of earlier course versions.</summary>
    public const int Format = 3;
    public const string ManifestFile = "checkpoint.json";
    public const string SamplesFile = "samples.bin";

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
        if (manifest.Format is 1 or 2)
            throw new CheckpointException($"{path} was written by the GAN trainer of an earlier course version (format {manifest.Format}); this version's training loop cannot continue it. Train again.");
        if (manifest.Format != Format)
            throw new CheckpointException($"{path} has format {manifest.Format}; this library reads format {Format}.");
        if (manifest.Files is null || manifest.Settings is null || manifest.Parts is null || manifest.Epochs is null || manifest.Epochs.Count != manifest.Epoch)
            throw new CheckpointException($"{path} is corrupt: its history does not match its epoch {manifest.Epoch}.");
        var files = manifest.Parts.SelectMany(p => p.Files).Append(SamplesFile).ToList();
        if (files.Any(f => !manifest.Files.ContainsKey(f)))
            throw new CheckpointException($"{path} is corrupt: it lists parts whose files it has no checksum for.");
        foreach (var file in files)
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

/// <summary>
/// checkpoint.json. <see cref="Run"/> and <see cref="SavedAt"/> were null in format 1; <see cref="Parts"/> is null before format 3.
/// <see cref="Description"/> says how trained weights were made (null in checkpoints).
/// </summary>
sealed record CheckpointManifest(int Format, string? Run, DateTimeOffset? SavedAt, int Epoch, CheckpointSettings Settings, List<PartManifest> Parts,
    List<EpochRecord> Epochs, Dictionary<string, string> Files, string? Description = null);

/// <summary>One part in checkpoint.json: its name and whether its optimizer's state was saved (<c>Adam</c>, or null).</summary>
sealed record PartManifest(string Name, string Module, string? Optimizer)
{
    public IEnumerable<string> Files => Optimizer is null ? [PartFiles.WeightsFile(Name)] : [PartFiles.WeightsFile(Name), PartFiles.OptimizerFile(Name)];

    public override string ToString() => $"{Name} ({Module}{(Optimizer is null ? "" : ", " + Optimizer)})";
}

/// <summary>One part's files: writes, reads and restores its weights and its optimizer's state.</summary>
sealed class PartFiles(TrainingPart part)
{
    public static string WeightsFile(string name) => $"{name}.bin";
    public static string OptimizerFile(string name) => $"{name}-optimizer.bin";

    public static IReadOnlyList<PartFiles> Of(IEnumerable<TrainingPart> parts) => [.. parts.Select(p => new PartFiles(p))];

    TorchSharp.Modules.OptimizerHelper? Optimizer => part.Optimizer switch
    {
        null => null,
        TorchSharp.Modules.OptimizerHelper managed => managed,
        var other => throw new CheckpointException($"The {part.Name}'s optimizer ({other.GetType().Name}) cannot save its state; use one of TorchSharp's optimizers such as Adam."),
    };

    public PartManifest Describe() => new(part.Name, part.Module.GetType().Name, part.Optimizer?.GetType().Name);

    public IEnumerable<string> Files => Describe().Files;

    public void Save(string folder)
    {
        part.Module.save(Path.Combine(folder, WeightsFile(part.Name)));
        Optimizer?.save_state_dict(Path.Combine(folder, OptimizerFile(part.Name)));
    }

    public void Save(BinaryWriter writer)
    {
        part.Module.save(writer);
        Optimizer?.save_state_dict(writer);
    }

    /// <summary>Loads weights and optimizer state from a checkpoint folder, telling <paramref name="loading"/> which file it reads.</summary>
    public void Load(string folder, Action<string> loading)
    {
        loading(WeightsFile(part.Name));
        part.Module.load(Path.Combine(folder, WeightsFile(part.Name)));
        if (Optimizer is not { } optimizer) return;
        loading(OptimizerFile(part.Name));
        optimizer.load_state_dict(Path.Combine(folder, OptimizerFile(part.Name)));
    }

    public void Load(BinaryReader reader)
    {
        part.Module.load(reader);
        Optimizer?.load_state_dict(reader);
    }
}

/// <summary>The settings a resumed run must share with the run that made the checkpoint.</summary>
sealed record CheckpointSettings(long Seed, int BatchSize, int StepsPerEpoch, int? DataRows)
{
    public static CheckpointSettings Of(TrainingLoop loop) => new(loop.Options.Seed, loop.Options.BatchSize, loop.Options.StepsPerEpoch, loop.DataRows);

    public List<string> Differences(CheckpointSettings other)
    {
        var found = new List<string>();
        void Check<T>(string name, T saved, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(saved, now)) found.Add($"{name} {saved} there, {now} here");
        }
        Check(nameof(Seed), Seed, other.Seed);
        Check(nameof(BatchSize), BatchSize, other.BatchSize);
        Check(nameof(StepsPerEpoch), StepsPerEpoch, other.StepsPerEpoch);
        return found;
    }
}
