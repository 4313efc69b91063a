using System.Diagnostics;
using GanCourse.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// Trains a generator and a discriminator the way the lecture does: per batch one discriminator step,
/// then one generator step (<see cref="TrainingStep"/>, the code notebook 04 shows); binary cross-entropy
/// of D's probabilities; Adam for each network; the non-saturating generator loss −log D(G(z)). Two defects
/// of the lecture code are not copied: the discriminator step makes G's output without a graph (no wasted
/// backward pass through G), and nothing is moved to CUDA unless it is available. D(x) and D(G(z)) are
/// recorded as the lecture records them: from the discriminator step's forward passes, with dropout active.
/// </summary>
/// <example>
/// <code>
/// var data = Mnist.Load();
/// var trainer = new GanTrainer(GanModels.Generator(), GanModels.Discriminator(), new TrainingOptions { Epochs = 2 });
/// var history = trainer.Fit(data.Images, progress: ConsoleProgress.Reporter());
/// </code>
/// </example>
public sealed class GanTrainer : IDisposable
{
    readonly Tensor fixedNoise;
    int? imageCount;

    /// <summary>
    /// Prepares training: moves both models to the device (CUDA when available, else the CPU, unless
    /// <see cref="TrainingOptions.Device"/> says otherwise), creates one Adam optimizer per network and
    /// draws the fixed noise batch for samples. The models stay owned by the caller.
    /// </summary>
    /// <exception cref="ArgumentException">The models do not fit together or with the noise size.</exception>
    public GanTrainer(nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator, TrainingOptions? options = null)
    {
        Options = options ?? new TrainingOptions();
        Options.Validate();
        Device = ComputeDevice.For(Options.Device, nameof(TrainingOptions), out var report);
        DeviceReport = report;
        Generator = generator;
        Discriminator = discriminator;
        Generator.to(Device);
        Discriminator.to(Device);
        ImageSize = CheckShapes();

        // Optimizers after the move: moving a module replaces its parameter tensors.
        var generatorAdam = optim.Adam(Generator.parameters(), Options.GeneratorLearningRate, Options.Beta1, Options.Beta2);
        var discriminatorAdam = optim.Adam(Discriminator.parameters(), Options.DiscriminatorLearningRate, Options.Beta1, Options.Beta2);
        (GeneratorOptimizer, DiscriminatorOptimizer) = (generatorAdam, discriminatorAdam);

        using var scope = NewDisposeScope();
        using var noiseGenerator = new torch.Generator((ulong)RunSeeds.Derive(Options.Seed, 0, RunSeeds.FixedNoise), Device);
        // Owned by the trainer (freed in Dispose), not by whatever dispose scope it is created in.
        fixedNoise = Noise.Sample(Options.SampleCount, Options.NoiseSize, Options.Noise, noiseGenerator, Device).DetachFromDisposeScope();
        TrainingStep = new GanTrainingStep(Generator, Discriminator, generatorAdam, discriminatorAdam);
    }

    public nn.Module<Tensor, Tensor> Generator { get; }
    public nn.Module<Tensor, Tensor> Discriminator { get; }
    /// <summary>Adam for the generator.</summary>
    public OptimizerHelper GeneratorOptimizer { get; }
    /// <summary>Adam for the discriminator.</summary>
    public OptimizerHelper DiscriminatorOptimizer { get; }
    public TrainingOptions Options { get; }

    /// <summary>The per-batch update <see cref="Fit"/> runs: <see cref="GanTrainingStep.DiscriminatorStep"/>, then <see cref="GanTrainingStep.GeneratorStep"/>.</summary>
    public GanTrainingStep TrainingStep { get; }

    /// <summary>Where the models and the batches live.</summary>
    public Device Device { get; }

    /// <summary>One line saying which device was chosen and why.</summary>
    public string DeviceReport { get; }

    /// <summary>Length of one image (the generator's output, the discriminator's input).</summary>
    public int ImageSize { get; }

    /// <summary>What has been recorded so far: one entry per completed epoch, and the samples.</summary>
    public TrainingHistory History { get; private set; } = new();

    /// <summary>Epochs completed (including those restored from a checkpoint).</summary>
    public int CompletedEpochs => History.Epochs.Count;

    /// <summary>The fixed noise batch, <c>[SampleCount, NoiseSize]</c>, drawn once from the seed.</summary>
    public Tensor FixedNoise => fixedNoise;

    /// <summary>
    /// Trains from the epoch after <see cref="CompletedEpochs"/> up to <see cref="TrainingOptions.Epochs"/>
    /// and returns the history. Per epoch it records mean G loss, mean D loss (BCE on real plus BCE on
    /// fake), mean D(x) and mean D(G(z)); after the sample epochs it stores G's images of the fixed noise;
    /// every <see cref="TrainingOptions.CheckpointEvery"/> epochs it saves a checkpoint.
    /// </summary>
    /// <param name="images">Training images <c>[N, ImageSize]</c>, float32 in [−1, 1] (e.g. <c>Mnist.Load().Images</c>); copied to the device once if needed.</param>
    /// <param name="progress">Called every <see cref="TrainingOptions.ProgressEvery"/> iterations and after each epoch, on the calling thread.</param>
    /// <param name="cancellationToken">Checked between steps. On cancellation Fit throws <see cref="OperationCanceledException"/>;
    /// the history then holds the completed epochs only, while the models keep the updates of the interrupted epoch.</param>
    public TrainingHistory Fit(Tensor images, Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        CheckImages(images);
        if (imageCount is int expected && expected != images.shape[0])
            throw new CheckpointException($"This run was trained on {expected:N0} images; these are {images.shape[0]:N0}. Continue with the same data.");
        imageCount = (int)images.shape[0];

        bool copied = images.device != Device;
        var onDevice = copied ? images.to(Device).DetachFromDisposeScope() : images;
        try
        {
            using var batches = new ShuffledBatches(onDevice, Options.BatchSize);
            var clock = Stopwatch.StartNew();
            int firstEpoch = CompletedEpochs + 1;
            long stepsTotal = (long)Math.Max(0, Options.Epochs - CompletedEpochs) * batches.Count, stepsDone = 0;

            for (int epoch = firstEpoch; epoch <= Options.Epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var epochClock = Stopwatch.StartNew();
                // Dropout draws from the global generator; shuffling and noise from this epoch's own one.
                ComputeDevice.Seed(RunSeeds.Derive(Options.Seed, epoch, RunSeeds.Dropout));
                using var random = new torch.Generator((ulong)RunSeeds.Derive(Options.Seed, epoch, RunSeeds.ShuffleAndNoise), Device);
                using var sums = zeros(4, ScalarType.Float64, Device).DetachFromDisposeScope();
                batches.Shuffle(random);

                for (int i = 0; i < batches.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Iterate(batches, i, random, sums);
                    stepsDone++;
                    if (progress != null && Options.ProgressEvery > 0 && (i + 1) % Options.ProgressEvery == 0 && i + 1 < batches.Count)
                        progress(Report(epoch, i + 1, batches.Count, Means(sums, i + 1), clock.Elapsed, stepsDone, stepsTotal, null));
                }

                var means = Means(sums, batches.Count);
                var stats = new EpochStats(epoch, means[0], means[1], means[2], means[3], epochClock.Elapsed.TotalSeconds);
                History.Epochs.Add(stats);
                if (Options.SampleEpochs.Contains(epoch) || epoch == Options.Epochs) History.Samples.Add(Snapshot(epoch));
                if (Options.CheckpointDirectory != null && (epoch % Options.CheckpointEvery == 0 || epoch == Options.Epochs))
                    GanCheckpoint.Save(this, Options.CheckpointDirectory, imageCount);
                progress?.Invoke(Report(epoch, batches.Count, batches.Count, means, clock.Elapsed, stepsDone, stepsTotal, stats));
            }
            return History;
        }
        finally
        {
            if (copied) onDevice.Dispose();
        }
    }

    /// <summary>
    /// One iteration, in its own dispose scope: a D step on batch <paramref name="index"/>, then a G step, each on
    /// fresh noise from <paramref name="random"/>; adds G loss, D loss, mean D(x) and mean D(G(z)) to
    /// <paramref name="sums"/> on the device, so nothing waits for it.
    /// </summary>
    void Iterate(ShuffledBatches batches, int index, torch.Generator random, Tensor sums)
    {
        using var scope = NewDisposeScope();
        var (discriminatorLoss, realScores, fakeScores) = TrainingStep.DiscriminatorStep(batches[index], NoiseBatch(random));
        var generatorLoss = TrainingStep.GeneratorStep(NoiseBatch(random));
        sums.add_(stack([generatorLoss, discriminatorLoss, realScores.mean(), fakeScores.mean()]));
    }

    /// <summary>A batch of noise for the training step, drawn from <paramref name="random"/> on the trainer's device.</summary>
    public Tensor NoiseBatch(torch.Generator? random = null) => Noise.Sample(Options.BatchSize, Options.NoiseSize, Options.Noise, random, Device);

    static double[] Means(Tensor sums, int count)
    {
        using var host = sums.cpu();
        return host.data<double>().Select(s => s / count).ToArray();
    }

    TrainingProgress Report(int epoch, int iteration, int perEpoch, double[] means, TimeSpan elapsed, long done, long total, EpochStats? stats) =>
        new(epoch, Options.Epochs, iteration, perEpoch, means[0], means[1], means[2], means[3], elapsed,
            done == 0 ? null : elapsed * ((double)(total - done) / done), stats);

    /// <summary>G's images of the fixed noise, taken in eval mode without gradients.</summary>
    SampleSnapshot Snapshot(int epoch)
    {
        using var images = Generate(fixedNoise);
        return new SampleSnapshot(epoch, Rows(images));
    }

    /// <summary>
    /// Passes <paramref name="noise"/> through the generator (eval mode, no gradients) and returns the
    /// images on the CPU, <c>[n, ImageSize]</c> in [−1, 1].
    /// </summary>
    public Tensor Generate(Tensor noise)
    {
        bool training = Generator.training;
        Generator.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            return Generator.forward(noise.to(Device)).cpu().MoveToOuterDisposeScope();
        }
        finally
        {
            Generator.train(training);
        }
    }

    /// <summary>Generates <paramref name="count"/> images from fresh noise drawn with <paramref name="seed"/>; CPU, <c>[count, ImageSize]</c>.</summary>
    public Tensor Generate(int count, long seed = 0)
    {
        using var random = new torch.Generator((ulong)RunSeeds.Derive(seed, 0, RunSeeds.Extra), Device);
        using var noise = Noise.Sample(count, Options.NoiseSize, Options.Noise, random, Device);
        return Generate(noise);
    }

    /// <summary>Rows of a CPU float tensor as arrays.</summary>
    internal static float[][] Rows(Tensor images)
    {
        var flat = images.data<float>().ToArray();
        int width = (int)images.shape[1];
        return [.. Enumerable.Range(0, (int)images.shape[0]).Select(r => flat.AsSpan(r * width, width).ToArray())];
    }

    /// <summary>
    /// Saves a checkpoint of the current state into this run's folder in <paramref name="directory"/> (default
    /// <see cref="TrainingOptions.CheckpointDirectory"/>) and returns the checkpoint's folder, which exists.
    /// </summary>
    public string SaveCheckpoint(string? directory = null) =>
        GanCheckpoint.Save(this, directory ?? Options.CheckpointDirectory
            ?? throw new ArgumentException("No folder: pass one or set TrainingOptions.CheckpointDirectory.", nameof(directory)), imageCount);

    /// <summary>
    /// Identifies this run's checkpoints (their folder under the checkpoint directory): new for each trainer,
    /// taken over from the checkpoint by <see cref="ResumeFrom"/>, so a resumed run continues its own series.
    /// </summary>
    public string RunId { get; private set; } = GanCheckpoint.NewRunId();

    /// <summary>The checkpoint the last <see cref="ResumeFrom"/> restored, or null.</summary>
    public CheckpointInfo? ResumedFrom { get; private set; }

    /// <summary>
    /// Restores G, D, both optimizers and the history from a checkpoint folder, or from a folder of them
    /// (the newest checkpoint of the most recently written run), and writes one line to <paramref name="log"/>
    /// (default: the console) saying which it took. The next <see cref="Fit"/> continues with the following
    /// epoch exactly as if training had not stopped, saving into the same run. Returns the number of completed epochs.
    /// </summary>
    /// <exception cref="CheckpointException">Missing, corrupt (the message names the next good checkpoint), or made with other settings or models.</exception>
    public int ResumeFrom(string path, TextWriter? log = null)
    {
        var restored = GanCheckpoint.Load(this, path);
        History = restored.History;
        imageCount = restored.ImageCount;
        // A checkpoint from before run identifiers continues as this trainer's own new run.
        RunId = restored.Checkpoint.Run ?? RunId;
        ResumedFrom = restored.Checkpoint;
        (log ?? Console.Out).WriteLine(restored.Description);
        return CompletedEpochs;
    }

    int CheckShapes() => ModelProbe.SampleSize(Generator, Discriminator, "discriminator",
        $"noise of size {Options.NoiseSize} (TrainingOptions.NoiseSize)",
        () => Generator.forward(zeros([ModelProbe.Batch, Options.NoiseSize], device: Device)),
        image => Discriminator.forward(image));

    void CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 2 || images.shape[1] != ImageSize)
            throw new ArgumentException($"Images must be [N, {ImageSize}] (flattened); these are [{string.Join(", ", images.shape)}].", nameof(images));
        if (images.dtype != ScalarType.Float32)
            throw new ArgumentException($"Images must be float32 in [−1, 1]; these are {images.dtype}.", nameof(images));
        if (images.shape[0] < Options.BatchSize)
            throw new ArgumentException($"{images.shape[0]} images are fewer than one batch of {Options.BatchSize}.", nameof(images));
        TrainingImages.RequireCourseScale(images);
    }

    public void Dispose()
    {
        fixedNoise.Dispose();
        GeneratorOptimizer.Dispose();
        DiscriminatorOptimizer.Dispose();
    }
}

/// <summary>Independent seeds for the run's random streams, derived from (seed, epoch, stream) with SplitMix64.</summary>
static class RunSeeds
{
    public const int Dropout = 1, ShuffleAndNoise = 2, FixedNoise = 3, Extra = 4;

    public static long Derive(long seed, int epoch, int stream)
    {
        ulong z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)(epoch * 8 + stream));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (long)((z ^ (z >> 31)) >> 1);
    }
}
