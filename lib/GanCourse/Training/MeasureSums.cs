using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// Adds up the measures of an epoch's steps on the device, one small tensor add per step, and reads them
/// back only when asked: a step never waits for the device because of its bookkeeping.
/// </summary>
sealed class MeasureSums(Device device, IReadOnlyList<string> expected) : IDisposable
{
    string[]? names = expected.Count > 0 ? [.. expected] : null;
    Tensor? sums;
    bool scalars;

    public void Add(Measures measures)
    {
        if (measures is null || measures.Count == 0)
            throw new InvalidOperationException("A training step must return what to record, e.g. new Measures { [\"loss\"] = loss.detach() }; this one returned nothing.");
        names ??= [.. measures.Keys];
        if (measures.Count != names.Length || !names.All(measures.ContainsKey))
            throw new InvalidOperationException(
                $"Every step of a run must report the same measures: this run's steps report {TrainingHistory.List(names)}, this one {TrainingHistory.List(measures.Keys)}.");
        if (sums is null)
        {
            foreach (var name in names) RequireSingleNumber(name, measures[name]);
            scalars = names.All(n => measures[n].dim() == 0);
            sums = zeros(names.Length, ScalarType.Float64, device).DetachFromDisposeScope();
        }
        // Steps report the same kind of values every time: 0-dimensional ones stack as they are.
        using (no_grad())
            sums.add_(scalars ? stack([.. names.Select(n => measures[n])]) : cat([.. names.Select(n => measures[n].reshape(1))]));
    }

    void RequireSingleNumber(string name, Tensor value)
    {
        if (value is null)
            throw new InvalidOperationException($"The measure \"{name}\" is null; return a tensor such as loss.detach().");
        if (value.numel() != 1)
            throw new InvalidOperationException($"The measure \"{name}\" must be a single number; it has shape [{string.Join(", ", value.shape)}]. Return a mean, e.g. scores.mean().");
        if (!ComputeDevice.Same(value.device, device))
            throw new InvalidOperationException($"The measure \"{name}\" lives on {value.device}, the run on {device}; compute it where the run trains.");
    }

    /// <summary>The means over <paramref name="steps"/> steps, by name, in the steps' order.</summary>
    public IReadOnlyDictionary<string, double> Means(int steps)
    {
        if (sums is null || names is null) return new Dictionary<string, double>();
        using var host = sums.cpu();
        var values = host.data<double>().ToArray();
        var means = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++) means[names[i]] = values[i] / steps;
        return means;
    }

    public void Dispose() => sums?.Dispose();
}
