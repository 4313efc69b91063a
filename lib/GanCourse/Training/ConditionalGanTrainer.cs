using System.Diagnostics;
using GanCourse.Data;
using GanCourse.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// Trains a conditional GAN with the lecture's loop, every call given the labels: per batch of real
/// images x with labels y, one discriminator step on BCE(D(x, y), 1) + BCE(D(G(z, y'), y'), 0) with y'
/// drawn uniformly from the classes (G's output detached), then one generator step on the non-saturating
/// loss BCE(D(G(z, y'), y'), 1) with D's weights frozen for that pass; Adam for each network; one
/// dispose scope per step. The settings are a
/// <see cref="TrainingOptions"/> as for <see cref="GanTrainer"/> (checkpoints are not offered here), and the
/// history has the same form, so <see cref="Notebook.EpochProgress"/> and the loss charts work unchanged.
/// </summary>
/// <example>
/// <code>
/// var trainer = new ConditionalGanTrainer(ConditionalGanModels.Generator(), ConditionalGanModels.Discriminator(),
///     new TrainingOptions { Epochs = 20, NoiseSize = 100 });
/// trainer.Fit(data.Images, data.Labels);
/// var sevens = trainer.Generate(torch.full(16, 7L), seed: 1);
/// </code>
/// </example>
public sealed class ConditionalGanTrainer : IDisposable
{
    readonly Adam generatorOptimizer, discriminatorOptimizer;
    readonly Tensor fixedNoise, fixedLabels;

    /// <summary>
    /// Moves both models to the device (CUDA when available unless <see cref="TrainingOptions.Device"/> says
    /// otherwise), creates one Adam optimizer per network and draws the fixed noise and labels for samples:
    /// <see cref="TrainingOptions.SampleCount"/> vectors whose labels cycle through the classes 0, 1, 2, ….
    /// </summary>
    /// <exception cref="ArgumentException">The models do not fit together, or checkpoints were asked for.</exception>
    public ConditionalGanTrainer(ConditionalGenerator generator, ConditionalDiscriminator discriminator, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(discriminator);
        Options = options ?? new TrainingOptions { NoiseSize = generator.NoiseSize };
        Options.Validate();
        if (Options.CheckpointDirectory != null)
            throw new ArgumentException("ConditionalGanTrainer does not save checkpoints; leave TrainingOptions.CheckpointDirectory unset.", nameof(options));
        if (Options.NoiseSize != generator.NoiseSize)
            throw new ArgumentException($"TrainingOptions.NoiseSize is {Options.NoiseSize} but the generator takes noise of size {generator.NoiseSize}.", nameof(options));
        if (generator.Classes != discriminator.Classes)
            throw new ArgumentException($"The generator draws {generator.Classes} classes but the discriminator knows {discriminator.Classes}.", nameof(discriminator));

        Device = ComputeDevice.For(Options.Device, nameof(TrainingOptions), out var report);
        DeviceReport = report;
        Generator = generator;
        Discriminator = discriminator;
        Generator.to(Device);
        Discriminator.to(Device);
        Classes = generator.Classes;
        ImageSize = CheckShapes();

        // After the move: moving a module replaces its parameter tensors.
        generatorOptimizer = optim.Adam(Generator.parameters(), Options.GeneratorLearningRate, Options.Beta1, Options.Beta2);
        discriminatorOptimizer = optim.Adam(Discriminator.parameters(), Options.DiscriminatorLearningRate, Options.Beta1, Options.Beta2);

        using var scope = NewDisposeScope();
        using var random = new torch.Generator((ulong)RunSeeds.Derive(Options.Seed, 0, RunSeeds.FixedNoise), Device);
        fixedNoise = Noise.Sample(Options.SampleCount, Options.NoiseSize, Options.Noise, random, Device).DetachFromDisposeScope();
        fixedLabels = arange(Options.SampleCount, ScalarType.Int64, Device).remainder_(Classes).DetachFromDisposeScope();
    }

    public ConditionalGenerator Generator { get; }
    public ConditionalDiscriminator Discriminator { get; }
    public TrainingOptions Options { get; }

    /// <summary>Where the models and the batches live.</summary>
    public Device Device { get; }

    /// <summary>One line saying which device was chosen and why.</summary>
    public string DeviceReport { get; }

    /// <summary>Number of classes the models know.</summary>
    public int Classes { get; }

    /// <summary>Length of one image (784 for MNIST).</summary>
    public int ImageSize { get; }

    /// <summary>One entry per completed epoch, and the samples of the fixed noise and labels.</summary>
    public TrainingHistory History { get; } = new();

    /// <summary>Epochs completed so far.</summary>
    public int CompletedEpochs => History.Epochs.Count;

    /// <summary>The fixed noise <c>[SampleCount, NoiseSize]</c> behind <see cref="TrainingHistory.Samples"/>.</summary>
    public Tensor FixedNoise => fixedNoise;

    /// <summary>The labels that go with <see cref="FixedNoise"/>: 0, 1, …, Classes − 1, 0, 1, ….</summary>
    public Tensor FixedLabels => fixedLabels;

    /// <summary>
    /// Trains from the epoch after <see cref="CompletedEpochs"/> up to <see cref="TrainingOptions.Epochs"/>
    /// and returns the history: per epoch the mean G loss, D loss (real + fake BCE), D(x, y) and D(G(z, y'), y');
    /// after the sample epochs and the last one, G's images of the fixed noise and labels.
    /// </summary>
    /// <param name="images">Real images <c>[N, ImageSize]</c> in [−1, 1], e.g. <c>Mnist.Load().Images</c>.</param>
    /// <param name="labels">Their classes, int64 <c>[N]</c> in 0 … Classes − 1, e.g. <c>Mnist.Load().Labels</c>.</param>
    /// <param name="progress">Called every <see cref="TrainingOptions.ProgressEvery"/> iterations and after each epoch.</param>
    /// <param name="cancellationToken">Checked between steps; cancelling throws <see cref="OperationCanceledException"/> and keeps the completed epochs.</param>
    public TrainingHistory Fit(Tensor images, Tensor labels, Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        CheckData(images, labels);
        using var outer = NewDisposeScope();
        var x = images.to(Device);
        var y = labels.to(Device);
        using var batches = new ShuffledBatches(x, Options.BatchSize);
        using var realTargets = ones([Options.BatchSize, 1], device: Device);
        using var fakeTargets = zeros([Options.BatchSize, 1], device: Device);
        var clock = Stopwatch.StartNew();
        long total = (long)Math.Max(0, Options.Epochs - CompletedEpochs) * batches.Count, done = 0;
        Generator.train();
        Discriminator.train();

        for (int epoch = CompletedEpochs + 1; epoch <= Options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var epochClock = Stopwatch.StartNew();
            // Dropout draws from the global generator; shuffling, noise and labels from this epoch's own one.
            ComputeDevice.Seed(RunSeeds.Derive(Options.Seed, epoch, RunSeeds.Dropout));
            using var random = new torch.Generator((ulong)RunSeeds.Derive(Options.Seed, epoch, RunSeeds.ShuffleAndNoise), Device);
            using var sums = zeros(4, ScalarType.Float64, Device);
            batches.Shuffle(random);
            for (int i = 0; i < batches.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Step(batches[i], batches.Of(y, i), random, realTargets, fakeTargets, sums);
                done++;
                if (progress != null && Options.ProgressEvery > 0 && (i + 1) % Options.ProgressEvery == 0 && i + 1 < batches.Count)
                    progress(Report(epoch, i + 1, batches.Count, Means(sums, i + 1), clock.Elapsed, done, total, null));
            }
            var means = Means(sums, batches.Count);
            var stats = new EpochStats(epoch, means[0], means[1], means[2], means[3], epochClock.Elapsed.TotalSeconds);
            History.Epochs.Add(stats);
            if (Options.SampleEpochs.Contains(epoch) || epoch == Options.Epochs)
            {
                using var samples = Generate(fixedNoise, fixedLabels);
                History.Samples.Add(new SampleSnapshot(epoch, GanTrainer.Rows(samples)));
            }
            progress?.Invoke(Report(epoch, batches.Count, batches.Count, means, clock.Elapsed, done, total, stats));
        }
        return History;
    }

    /// <summary>One D step, then one G step, in one dispose scope; adds G loss, D loss, mean D(x, y), mean D(G(z, y'), y') to <paramref name="sums"/>.</summary>
    void Step(Tensor real, Tensor realLabels, torch.Generator random, Tensor realTargets, Tensor fakeTargets, Tensor sums)
    {
        using var scope = NewDisposeScope();
        int batch = Options.BatchSize;

        // Hold G, step D: real pairs (x, y) should score 1, generated pairs (G(z, y'), y') 0.
        discriminatorOptimizer.zero_grad();
        var fakeLabels = randint(0, Classes, [batch], ScalarType.Int64, Device, generator: random);
        Tensor fake;
        using (no_grad()) fake = Generator.forward(NoiseBatch(random), fakeLabels);
        var realScores = Discriminator.forward(real, realLabels);
        var fakeScores = Discriminator.forward(fake, fakeLabels);
        var discriminatorLoss = nn.functional.binary_cross_entropy(realScores, realTargets)
            + nn.functional.binary_cross_entropy(fakeScores, fakeTargets);
        discriminatorLoss.backward();
        discriminatorOptimizer.step();

        // Hold D, step G on −log D(G(z, y'), y') with fresh noise and labels. D's weights need no gradients
        // here (its next step clears them), so they are frozen for this pass: the gradient still flows through
        // D to G, but D's weight gradients, about half of its backward pass, are not computed.
        generatorOptimizer.zero_grad();
        var labels = randint(0, Classes, [batch], ScalarType.Int64, Device, generator: random);
        var frozen = Discriminator.parameters().Where(p => p.requires_grad).ToList();
        foreach (var p in frozen) p.requires_grad = false;
        Tensor generatorLoss;
        try
        {
            generatorLoss = nn.functional.binary_cross_entropy(Discriminator.forward(Generator.forward(NoiseBatch(random), labels), labels), realTargets);
            generatorLoss.backward();
        }
        finally
        {
            foreach (var p in frozen) p.requires_grad = true;
        }
        generatorOptimizer.step();

        using var noGrad = no_grad();
        sums.add_(stack([generatorLoss, discriminatorLoss, realScores.mean(), fakeScores.mean()]));
    }

    Tensor NoiseBatch(torch.Generator random) => Noise.Sample(Options.BatchSize, Options.NoiseSize, Options.Noise, random, Device);

    /// <summary>
    /// G's images of <paramref name="noise"/> <c>[n, NoiseSize]</c> with <paramref name="labels"/> <c>[n]</c>,
    /// in eval mode without gradients; on the CPU, <c>[n, ImageSize]</c> in [−1, 1].
    /// </summary>
    public Tensor Generate(Tensor noise, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(noise);
        CheckLabels(labels, nameof(labels));
        if (noise.dim() != 2 || noise.shape[1] != Options.NoiseSize || noise.shape[0] != labels.shape[0])
            throw new ArgumentException($"Expected noise [{labels.shape[0]}, {Options.NoiseSize}] for {labels.shape[0]} labels, got [{string.Join(", ", noise.shape)}].", nameof(noise));
        bool training = Generator.training;
        Generator.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            return Generator.forward(noise.to(Device), labels.to(Device)).cpu().MoveToOuterDisposeScope();
        }
        finally
        {
            Generator.train(training);
        }
    }

    /// <summary>Images of the given <paramref name="labels"/> (int64 <c>[n]</c>) from fresh noise drawn with <paramref name="seed"/>; CPU, <c>[n, ImageSize]</c>.</summary>
    public Tensor Generate(Tensor labels, long seed)
    {
        CheckLabels(labels, nameof(labels));
        using var random = new torch.Generator((ulong)RunSeeds.Derive(seed, 0, RunSeeds.Extra), Device);
        using var noise = Noise.Sample(labels.shape[0], Options.NoiseSize, Options.Noise, random, Device);
        return Generate(noise, labels);
    }

    /// <summary>
    /// A grid of samples: <paramref name="columns"/> images of each class, class 0 first. Images of one
    /// column share their noise vector, so along a row only the noise changes and down a column only the label.
    /// Returns <c>[Classes · columns, ImageSize]</c> on the CPU, row-major (image c of class k at k · columns + c).
    /// </summary>
    public Tensor GenerateGrid(int columns, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        using var scope = NewDisposeScope();
        using var random = new torch.Generator((ulong)RunSeeds.Derive(seed, 0, RunSeeds.Extra), Device);
        var noise = Noise.Sample(columns, Options.NoiseSize, Options.Noise, random, Device).repeat(Classes, 1);
        var labels = arange(Classes, ScalarType.Int64, Device).repeat_interleave(columns);
        return Generate(noise, labels).MoveToOuterDisposeScope();
    }

    /// <summary>Labels 0, …, 0, 1, …, 1, …: <paramref name="perClass"/> of each class, for a balanced set of requests.</summary>
    public Tensor BalancedLabels(int perClass)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perClass, 1);
        using var scope = NewDisposeScope();
        return arange(Classes, ScalarType.Int64).repeat_interleave(perClass).MoveToOuterDisposeScope();
    }

    int CheckShapes()
    {
        using var labels = zeros(ModelProbe.Batch, ScalarType.Int64, Device);
        return ModelProbe.SampleSize(Generator, Discriminator, "discriminator",
            $"noise of size {Options.NoiseSize} (TrainingOptions.NoiseSize) with labels",
            () => Generator.forward(zeros([ModelProbe.Batch, Options.NoiseSize], device: Device), labels),
            image => Discriminator.forward(image, labels));
    }

    void CheckData(Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 2 || images.shape[1] != ImageSize)
            throw new ArgumentException($"Expected images [N, {ImageSize}] (flattened, as Mnist.Load() gives them), got [{string.Join(", ", images.shape)}].", nameof(images));
        if (images.dtype != ScalarType.Float32)
            throw new ArgumentException($"Expected float32 images, got {images.dtype}.", nameof(images));
        CheckLabels(labels, nameof(labels));
        if (labels.shape[0] != images.shape[0])
            throw new ArgumentException($"There are {images.shape[0]:N0} images but {labels.shape[0]:N0} labels; pass one label per image.", nameof(labels));
        if (images.shape[0] < Options.BatchSize)
            throw new ArgumentException($"{images.shape[0]} images are fewer than one batch of {Options.BatchSize}.", nameof(images));
    }

    void CheckLabels(Tensor labels, string name)
    {
        ArgumentNullException.ThrowIfNull(labels, name);
        if (labels.dim() != 1 || labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"Expected labels as int64 [N] (e.g. MnistData.Labels), got {labels.dtype} [{string.Join(", ", labels.shape)}].", name);
        if (labels.shape[0] == 0) return;
        using var scope = NewDisposeScope();
        long low = labels.min().item<long>(), high = labels.max().item<long>();
        if (low < 0 || high >= Classes)
            throw new ArgumentException($"Labels must lie in 0 … {Classes - 1}; these run from {low} to {high}.", name);
    }

    static double[] Means(Tensor sums, int count)
    {
        using var host = sums.cpu();
        return [.. host.data<double>().Select(s => s / count)];
    }

    TrainingProgress Report(int epoch, int iteration, int perEpoch, double[] means, TimeSpan elapsed, long done, long total, EpochStats? stats) =>
        new(epoch, Options.Epochs, iteration, perEpoch, means[0], means[1], means[2], means[3], elapsed,
            done == 0 ? null : elapsed * ((double)(total - done) / done), stats);

    public void Dispose()
    {
        fixedNoise.Dispose();
        fixedLabels.Dispose();
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
    }
}
