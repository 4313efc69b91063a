using System.Diagnostics;
using GanCourse.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>Settings of <see cref="ClassifierTrainer.Fit"/>.</summary>
public sealed record ClassifierOptions
{
    /// <summary>Passes over the training images.</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>Images per batch; the last partial batch of an epoch is dropped.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seed of the shuffling (initialise the model's weights after <see cref="ComputeDevice.Seed"/> for a repeatable run).</summary>
    public long Seed { get; init; } = 1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive number.");
    }
}

/// <summary>One epoch of classifier training: mean cross-entropy and the share of training batches' images classified correctly.</summary>
public sealed record ClassifierEpoch(int Epoch, double Loss, double TrainingAccuracy, double Seconds);

/// <summary>
/// Trains a classifier (a module giving one logit per class, e.g. <see cref="Models.DigitClassifier"/>) on
/// labelled images: shuffled mini-batches, cross-entropy, Adam, one dispose scope per step. The model is
/// left in eval mode, ready to judge images.
/// </summary>
public static class ClassifierTrainer
{
    /// <summary>Trains <paramref name="model"/> on labelled images, on the model's device, and returns one record per epoch.</summary>
    /// <param name="model">Images in, one logit per class out (<c>[N, classes]</c>).</param>
    /// <param name="images">Training images <c>[N, ...]</c>, as the model takes them.</param>
    /// <param name="labels">Their classes, int64 <c>[N]</c>.</param>
    /// <param name="options">Epochs, batch size, learning rate, seed; the defaults when null.</param>
    /// <param name="progress">Called after each epoch (e.g. to print a line).</param>
    public static IReadOnlyList<ClassifierEpoch> Fit(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, ClassifierOptions? options = null, Action<ClassifierEpoch>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new ClassifierOptions();
        options.Validate();
        if (labels.dim() != 1 || labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"Expected labels as int64 [N], got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (images.dim() < 2 || images.shape[0] != labels.shape[0])
            throw new ArgumentException($"Expected one label per image: images [{string.Join(", ", images.shape)}], labels [{labels.shape[0]}].", nameof(labels));
        if (images.shape[0] < options.BatchSize)
            throw new ArgumentException($"{images.shape[0]} images are fewer than one batch of {options.BatchSize}.", nameof(images));

        var device = model.parameters().FirstOrDefault()?.device ?? CPU;
        using var outer = NewDisposeScope();
        var x = images.to(device);
        var y = labels.to(device);
        using var optimizer = optim.Adam(model.parameters(), options.LearningRate);
        using var batches = new ShuffledBatches(x, options.BatchSize);
        var epochs = new List<ClassifierEpoch>();
        model.train();
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            using var random = new torch.Generator((ulong)RunSeeds.Derive(options.Seed, epoch, RunSeeds.ShuffleAndNoise), device);
            batches.Shuffle(random);
            using var lossSum = zeros(1, ScalarType.Float64, device);
            using var correct = zeros(1, ScalarType.Int64, device);
            for (int i = 0; i < batches.Count; i++)
            {
                using var scope = NewDisposeScope();
                var batchLabels = batches.Of(y, i);
                optimizer.zero_grad();
                var logits = model.forward(batches[i]);
                var loss = nn.functional.cross_entropy(logits, batchLabels);
                loss.backward();
                optimizer.step();
                using var noGrad = no_grad();
                lossSum.add_(loss);
                correct.add_(logits.argmax(1).eq(batchLabels).sum());
            }
            double seen = (double)batches.Count * options.BatchSize;
            var record = new ClassifierEpoch(epoch, lossSum.item<double>() / batches.Count, correct.item<long>() / seen, clock.Elapsed.TotalSeconds);
            epochs.Add(record);
            progress?.Invoke(record);
        }
        model.eval();
        return epochs;
    }
}
