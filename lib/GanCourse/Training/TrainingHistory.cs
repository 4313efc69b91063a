using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>One epoch of a run: the mean of every measure over its steps, and how long the steps took.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Steps">Steps in the epoch.</param>
/// <param name="Seconds">Wall time of the steps (samples, callbacks and checkpoints not included).</param>
/// <param name="Measures">Mean of each measure the steps reported, by name.</param>
public sealed record EpochRecord(int Epoch, int Steps, double Seconds, IReadOnlyDictionary<string, double> Measures)
{
    /// <summary>The epoch's mean of <paramref name="measure"/>.</summary>
    /// <exception cref="KeyNotFoundException">The steps reported no such measure; the message lists those they did.</exception>
    [JsonIgnore]
    public double this[string measure] => Measures.TryGetValue(measure, out var value)
        ? value
        : throw new KeyNotFoundException($"No measure \"{measure}\" in this run; its steps reported {TrainingHistory.List(Measures.Keys)}.");
}

/// <summary>What the samples function gave after one epoch: one float array per sample (an image is 784 values in [−1, 1]).</summary>
public sealed record SampleSnapshot(int Epoch, float[][] Images)
{
    /// <summary>The samples as one tensor on the CPU, one row each (<c>[count, 784]</c> for images), e.g. to score them; the caller owns it.</summary>
    public Tensor ToTensor()
    {
        int width = Images.Length == 0 ? 0 : Images[0].Length;
        return torch.tensor(Images.SelectMany(row => row).ToArray(), [Images.Length, width]);
    }
}

/// <summary>What a run recorded, one shape for every kind of training: per-epoch measures and the kept samples. Checkpoints carry it.</summary>
public sealed class TrainingHistory
{
    public List<EpochRecord> Epochs { get; init; } = [];
    public List<SampleSnapshot> Samples { get; init; } = [];

    /// <summary>The names the steps reported, in their order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> MeasureNames => Epochs.Count == 0 ? [] : [.. Epochs[0].Measures.Keys];

    /// <summary>One measure's per-epoch means, e.g. <c>history.Column("G loss")</c>.</summary>
    /// <exception cref="KeyNotFoundException">No such measure; the message lists those there are.</exception>
    public double[] Column(string measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        if (Epochs.Count > 0 && !Epochs[0].Measures.ContainsKey(measure))
            throw new KeyNotFoundException($"No measure \"{measure}\" in this history; its steps reported {List(MeasureNames)}.");
        return [.. Epochs.Select(e => e[measure])];
    }

    /// <summary>The epoch numbers, as chart x values.</summary>
    [JsonIgnore]
    public double[] EpochNumbers => [.. Epochs.Select(e => (double)e.Epoch)];

    /// <summary>Steps taken in all recorded epochs.</summary>
    [JsonIgnore]
    public long Steps => Epochs.Sum(e => (long)e.Steps);

    /// <summary>Wall time of all recorded epochs' steps.</summary>
    [JsonIgnore]
    public double Seconds => Epochs.Sum(e => e.Seconds);

    internal static string List(IEnumerable<string> names)
    {
        var quoted = names.Select(n => $"\"{n}\"").ToList();
        return quoted.Count == 0 ? "nothing" : string.Join(", ", quoted);
    }
}
