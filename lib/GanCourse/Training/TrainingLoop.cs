using System.Diagnostics;
using GanCourse.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>A network the loop keeps: in training mode while it trains, in eval mode while it samples, and in every checkpoint with its optimizer.</summary>
/// <param name="Name">Names its files in a checkpoint, e.g. "generator".</param>
/// <param name="Module">The network.</param>
/// <param name="Optimizer">Its optimizer, or null for a network that is not trained by this run.</param>
public sealed record TrainingPart(string Name, nn.Module Module, optim.Optimizer? Optimizer);

/// <summary>
/// The course's one training loop. The notebook writes what a step does (its D and G updates) and hands that
/// function to <c>Fit</c>; the loop does the bookkeeping around it: epochs of shuffled batches (or of steps
/// that draw their own samples), one dispose scope per step, seeding, the per-epoch means of whatever the
/// step reports, timing, progress, samples of fixed inputs, checkpoints and resuming.
/// </summary>
/// <example><code>
/// var loop = new TrainingLoop(new TrainingOptions { Epochs = 20, Seed = 1 })
///     .Add("generator", generator, optG)
///     .Add("discriminator", discriminator, optD);
/// var history = loop.Fit(images, x => Iteration(x), samples: () => generator.forward(fixedNoise));
/// </code></example>
public sealed class TrainingLoop
{
    /// <summary>How often progress is shown within an epoch.</summary>
    static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    readonly List<TrainingPart> parts = [];
    int? dataRows;

    /// <param name="options">Epochs, batches, seed, samples and checkpoints; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range; the message names it.</exception>
    public TrainingLoop(TrainingOptions? options = null)
    {
        Options = options ?? new TrainingOptions();
        Options.Validate();
        Device = Options.Device ?? ComputeDevice.Default;
    }

    /// <summary>
    /// Shows the progress of every run whose options leave <see cref="TrainingOptions.ShowProgress"/> on: a
    /// new display per <c>Fit</c>. <c>Course.Setup</c> installs the notebook's in-place line; null shows nothing.
    /// </summary>
    public static Func<ITrainingProgress>? DefaultProgress { get; set; }

    public TrainingOptions Options { get; }

    /// <summary>Where the batches go; the networks must be there too.</summary>
    public Device Device { get; }

    /// <summary>The networks the loop keeps, in the order they were added.</summary>
    public IReadOnlyList<TrainingPart> Parts => parts;

    /// <summary>What has been recorded so far: one record per completed epoch, and the kept samples.</summary>
    public TrainingHistory History { get; private set; } = new();

    /// <summary>Epochs completed, including those restored from a checkpoint.</summary>
    public int CompletedEpochs => History.Epochs.Count;

    /// <summary>The epoch being trained (1-based) while Fit runs; afterwards the last one trained.</summary>
    public int Epoch { get; private set; }

    /// <summary>Index of the step being run, counted over the whole run from 0 (resumed epochs included).</summary>
    public long Step { get; private set; }

    /// <summary>Steps of the whole run, known once Fit has started.</summary>
    public long TotalSteps { get; private set; }

    /// <summary>Share of the run's steps done before the current one, 0 to 1: what a learning-rate schedule follows.</summary>
    public double Fraction => TotalSteps == 0 ? 0 : (double)Step / TotalSteps;

    /// <summary>Identifies this run's checkpoints (their folder); taken over from the checkpoint by <see cref="ResumeFrom"/>.</summary>
    public string RunId { get; private set; } = Checkpoints.NewRunId();

    /// <summary>The checkpoint the last <see cref="ResumeFrom"/> restored, or null.</summary>
    public CheckpointInfo? ResumedFrom { get; private set; }

    /// <summary>Rows of the data set this run trains on (null until Fit ran on data, or for runs without data).</summary>
    public int? DataRows => dataRows;

    /// <summary>
    /// Keeps <paramref name="module"/> (and its optimizer) in the run: it is switched to training mode for the
    /// steps and to eval mode for samples, and saved and restored by checkpoints under <paramref name="name"/>.
    /// Returns the loop, so calls chain.
    /// </summary>
    public TrainingLoop Add(string name, nn.Module module, optim.Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (string.IsNullOrWhiteSpace(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"A part's name names its files in a checkpoint: use letters, digits, '-' and '_' only (\"generator\"); \"{name}\" is not one.", nameof(name));
        if (parts.Any(p => p.Name == name))
            throw new ArgumentException($"The loop already holds a part named \"{name}\"; give each network its own name.", nameof(name));
        if (CompletedEpochs > 0)
            throw new InvalidOperationException("Add every network before the first epoch: a run cannot change its parts halfway.");
        parts.Add(new TrainingPart(name, module, optimizer));
        return this;
    }

    /// <summary>
    /// Trains without a data set: every epoch runs <see cref="TrainingOptions.StepsPerEpoch"/> steps of
    /// <paramref name="step"/>, which draws its own samples (from the global generator, reseeded every epoch).
    /// </summary>
    /// <param name="step">One training step; returns what to record.</param>
    /// <param name="samples">Kept after the sample epochs: e.g. the generator's output for fixed noise, drawn in eval mode without gradients.</param>
    /// <param name="afterEpoch">Called after each epoch with its record (models in training mode).</param>
    /// <param name="cancellationToken">Checked between steps; cancelling keeps the completed epochs in the history.</param>
    public TrainingHistory Fit(Func<Measures> step, Func<Tensor>? samples = null, Action<EpochRecord>? afterEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (Options.StepsPerEpoch < 1)
            throw new ArgumentException("Training without a data set needs TrainingOptions.StepsPerEpoch (how many steps make an epoch); it is 0.", nameof(step));
        RequireSameData(null);
        return Run(Options.StepsPerEpoch, null, _ => step(), samples, afterEpoch, cancellationToken);
    }

    /// <summary>
    /// Trains on a data set: every epoch draws a new order and runs one step per batch of
    /// <see cref="TrainingOptions.BatchSize"/> rows (the last partial batch is dropped).
    /// </summary>
    /// <param name="data">The rows to train on, e.g. images <c>[N, 784]</c>; copied to the device once if needed.</param>
    /// <param name="step">One training step on a batch; returns what to record.</param>
    /// <param name="samples">Kept after the sample epochs (eval mode, no gradients).</param>
    /// <param name="afterEpoch">Called after each epoch with its record.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    public TrainingHistory Fit(Tensor data, Func<Tensor, Measures> step, Func<Tensor>? samples = null, Action<EpochRecord>? afterEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        return OnData(data, null, (batches, i) => step(batches[i]), samples, afterEpoch, cancellationToken);
    }

    /// <summary>Trains on a labelled data set: like the other Fit, with each batch's labels, e.g. for a conditional GAN.</summary>
    /// <param name="data">The rows to train on, e.g. images <c>[N, 784]</c>.</param>
    /// <param name="labels">One label per row, e.g. <c>[N]</c> digits.</param>
    /// <param name="step">One training step on a batch and its labels; returns what to record.</param>
    /// <param name="samples">Kept after the sample epochs (eval mode, no gradients).</param>
    /// <param name="afterEpoch">Called after each epoch with its record.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    public TrainingHistory Fit(Tensor data, Tensor labels, Func<Tensor, Tensor, Measures> step, Func<Tensor>? samples = null, Action<EpochRecord>? afterEpoch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(step);
        return OnData(data, labels, (batches, i) => step(batches[i], batches.Of(onDeviceLabels!, i)), samples, afterEpoch, cancellationToken);
    }

    Tensor? onDeviceLabels;

    TrainingHistory OnData(Tensor data, Tensor? labels, Func<ShuffledBatches, int, Measures> stepAt, Func<Tensor>? samples, Action<EpochRecord>? afterEpoch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (Options.StepsPerEpoch != 0)
            throw new ArgumentException($"TrainingOptions.StepsPerEpoch is for training without a data set; with data an epoch is one pass of batches. Leave it 0 (it is {Options.StepsPerEpoch}).", nameof(data));
        if (data.dim() < 1 || data.shape[0] < Options.BatchSize)
            throw new ArgumentException($"The data hold {(data.dim() < 1 ? 0 : data.shape[0]):N0} rows, fewer than one batch of {Options.BatchSize} (TrainingOptions.BatchSize).", nameof(data));
        if (labels is not null && (labels.dim() < 1 || labels.shape[0] != data.shape[0]))
            throw new ArgumentException($"The labels hold {(labels.dim() < 1 ? 0 : labels.shape[0]):N0} rows; the data {data.shape[0]:N0}. Give one label per row.", nameof(labels));
        RequireFiniteData(data);
        RequireSameData((int)data.shape[0]);

        var onDevice = ComputeDevice.Same(data.device, Device) ? data : data.to(Device).DetachFromDisposeScope();
        onDeviceLabels = labels is null || ComputeDevice.Same(labels.device, Device) ? labels : labels.to(Device).DetachFromDisposeScope();
        try
        {
            using var batches = new ShuffledBatches(onDevice, Options.BatchSize);
            return Run(batches.Count, () => batches.Shuffle(), i => stepAt(batches, i), samples, afterEpoch, cancellationToken);
        }
        finally
        {
            if (!ReferenceEquals(onDevice, data)) onDevice.Dispose();
            if (onDeviceLabels is not null && !ReferenceEquals(onDeviceLabels, labels)) onDeviceLabels.Dispose();
            onDeviceLabels = null;
        }
    }

    TrainingHistory Run(int stepsPerEpoch, Action? beginEpoch, Func<int, Measures> stepAt, Func<Tensor>? samples, Action<EpochRecord>? afterEpoch, CancellationToken cancellationToken)
    {
        RequirePartsOnDevice();
        using var threads = TorchThreads.Use(Options.Threads);
        var progress = Options.ShowProgress ? DefaultProgress?.Invoke() : null;
        TotalSteps = (long)Options.Epochs * stepsPerEpoch;
        long stepsToDo = (long)(Options.Epochs - CompletedEpochs) * stepsPerEpoch, stepsDone = 0;
        var runClock = Stopwatch.StartNew();
        TimeSpan? Remaining() => stepsDone == 0 ? null : runClock.Elapsed * ((double)(stepsToDo - stepsDone) / stepsDone);

        for (int epoch = CompletedEpochs + 1; epoch <= Options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Epoch = epoch;
            // Noise, dropout and the shuffle of epoch e depend on (Seed, e) only, which makes a resumed run continue exactly.
            ComputeDevice.Seed(ComputeDevice.Derive(Options.Seed, epoch));
            foreach (var part in parts) part.Module.train();
            beginEpoch?.Invoke();
            using var sums = new MeasureSums(Device, History.MeasureNames);
            var epochClock = Stopwatch.StartNew();
            var sinceReport = Stopwatch.StartNew();
            for (int i = 0; i < stepsPerEpoch; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Step = (long)(epoch - 1) * stepsPerEpoch + i;
                using (var scope = NewDisposeScope())
                    sums.Add(stepAt(i));
                stepsDone++;
                if (progress != null && i + 1 < stepsPerEpoch && sinceReport.Elapsed >= ReportInterval)
                {
                    progress.Report(new TrainingReport(epoch, Options.Epochs, i + 1, stepsPerEpoch, sums.Means(i + 1), epochClock.Elapsed.TotalSeconds, Remaining(), null));
                    sinceReport.Restart();
                }
            }
            var record = new EpochRecord(epoch, stepsPerEpoch, epochClock.Elapsed.TotalSeconds, sums.Means(stepsPerEpoch));
            History.Epochs.Add(record);
            RequireFinite(record);
            if (samples != null && (Options.SampleEpochs.Contains(epoch) || epoch == Options.Epochs))
                History.Samples.Add(new SampleSnapshot(epoch, Rows(samples)));
            afterEpoch?.Invoke(record);
            if (Options.CheckpointDirectory != null && (epoch % Options.CheckpointEvery == 0 || epoch == Options.Epochs))
                Checkpoints.Save(this, Options.CheckpointDirectory);
            progress?.Report(new TrainingReport(epoch, Options.Epochs, stepsPerEpoch, stepsPerEpoch, record.Measures, record.Seconds, Remaining(), record));
        }
        Step = TotalSteps;
        return History;
    }

    /// <summary>
    /// Runs <paramref name="draw"/> with every part in eval mode (batch norm uses its running statistics,
    /// dropout is off) and without gradients, and returns its result on the CPU; the caller owns it. The
    /// parts' modes are restored. For samples of a trained generator: <c>loop.Generate(() => generator.forward(z))</c>.
    /// </summary>
    public Tensor Generate(Func<Tensor> draw)
    {
        ArgumentNullException.ThrowIfNull(draw);
        var modes = parts.Select(p => p.Module.training).ToArray();
        foreach (var part in parts) part.Module.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            return draw().cpu().MoveToOuterDisposeScope();
        }
        finally
        {
            for (int i = 0; i < parts.Count; i++) parts[i].Module.train(modes[i]);
        }
    }

    float[][] Rows(Func<Tensor> draw)
    {
        using var generated = Generate(draw);
        using var flat = generated.dim() < 2 ? generated.reshape(-1, 1) : generated.flatten(1);
        using var values = flat.to(ScalarType.Float32);
        var all = values.data<float>().ToArray();
        int width = (int)values.shape[1];
        return [.. Enumerable.Range(0, (int)values.shape[0]).Select(r => all.AsSpan(r * width, width).ToArray())];
    }

    /// <summary>
    /// Saves a checkpoint of the current state into this run's folder in <paramref name="directory"/> (default
    /// <see cref="TrainingOptions.CheckpointDirectory"/>) and returns the checkpoint's folder, which exists.
    /// </summary>
    public string SaveCheckpoint(string? directory = null) =>
        Checkpoints.Save(this, directory ?? Options.CheckpointDirectory
            ?? throw new ArgumentException("No folder: pass one or set TrainingOptions.CheckpointDirectory.", nameof(directory)));

    /// <summary>
    /// Restores every part, its optimizer and the history from a checkpoint folder, or from a folder of them
    /// (the newest checkpoint of the most recently written run), and writes one line to <paramref name="log"/>
    /// (default: the console) saying which it took. The next Fit continues with the following epoch exactly
    /// as if training had not stopped, saving into the same run. Returns the number of completed epochs.
    /// </summary>
    /// <exception cref="CheckpointException">Missing, corrupt (the message names the next good checkpoint), or made by another run setup.</exception>
    public int ResumeFrom(string path, TextWriter? log = null)
    {
        var restored = Checkpoints.Load(this, path);
        RunId = restored.Checkpoint.Run ?? RunId;
        ResumedFrom = restored.Checkpoint;
        Adopt(restored, log);
        return CompletedEpochs;
    }

    /// <summary>Takes the history and data size of a restored checkpoint or trained weights and says in one line what was restored.</summary>
    void Adopt(Checkpoints.Restored restored, TextWriter? log)
    {
        History = restored.History;
        dataRows = restored.DataRows;
        Epoch = CompletedEpochs;
        (log ?? Console.Out).WriteLine(restored.Description);
    }

    /// <summary>
    /// Saves every network's weights (without optimizer state), the history and the samples into
    /// <paramref name="folder"/>, replacing what is there: trained weights that <see cref="LoadTrained"/> loads
    /// instead of training. <paramref name="description"/> records how they were made (notebook, data,
    /// settings) and is shown when they are loaded. Returns the folder.
    /// </summary>
    public string SaveTrained(string folder, string description) => Checkpoints.SaveTrained(this, folder, description);

    /// <summary>
    /// Loads weights saved by <see cref="SaveTrained"/> into this loop's networks, with the history they were
    /// trained with, and writes one line to <paramref name="log"/> (default: the console) saying what it
    /// loaded. Where the folder is missing, a file is missing or damaged, or the weights belong to other
    /// networks or another library version, it writes one line saying so and what happens
    /// <paramref name="otherwise"/>, and returns null with the networks unchanged, so that
    /// <c>loop.LoadTrained(folder) ?? loop.Fit(...)</c> trains instead. The optimizers are not restored: a Fit
    /// after a load trains on from the loaded weights with fresh optimizer state.
    /// </summary>
    /// <param name="folder">A folder written by <see cref="SaveTrained"/>.</param>
    /// <param name="log">Where the line goes (default: the console).</param>
    /// <param name="otherwise">What the caller does when nothing loads, for the line: "training instead" by default.</param>
    public TrainingHistory? LoadTrained(string folder, TextWriter? log = null, string otherwise = "training instead")
    {
        Checkpoints.Restored restored;
        try
        {
            restored = Checkpoints.LoadTrained(this, folder);
        }
        catch (Exception e) when (e is CheckpointException or IOException or UnauthorizedAccessException)
        {
            (log ?? Console.Out).WriteLine($"No trained weights loaded, {otherwise}: {e.Message.TrimEnd('.')}.");
            return null;
        }
        Adopt(restored, log);
        return History;
    }

    void RequireSameData(int? rows)
    {
        if (CompletedEpochs > 0 && dataRows is { } before && rows is { } now && before != now)
            throw new CheckpointException($"This run trained on {before:N0} rows of data; these are {now:N0}. Continue with the same data.");
        dataRows = rows;
    }

    void RequirePartsOnDevice()
    {
        foreach (var part in parts)
        {
            var first = part.Module.parameters().FirstOrDefault();
            if (first is not null && !ComputeDevice.Same(first.device, Device))
                throw new ArgumentException(
                    $"The {part.Name}'s weights are on {first.device}, the loop trains on {Device}: move the network with .to(device) before creating its optimizer.");
        }
    }

    /// <summary>One pass over the data, once per Fit: NaN or infinite values would turn every loss into NaN.</summary>
    static void RequireFiniteData(Tensor data)
    {
        if (!data.is_floating_point()) return;
        using var scope = NewDisposeScope();
        var perRow = data.isfinite().logical_not().reshape(data.shape[0], -1).any(1);
        long count = perRow.sum().item<long>();
        if (count == 0) return;
        long first = perRow.to_type(ScalarType.Int64).argmax().item<long>();
        throw new ArgumentException($"{count:N0} of {data.shape[0]:N0} rows of the data hold NaN or infinite values (the first is row {first}). Fix or drop them before training.", "data");
    }

    static void RequireFinite(EpochRecord record)
    {
        var bad = record.Measures.FirstOrDefault(m => !double.IsFinite(m.Value));
        if (bad.Key is null) return;
        throw new TrainingDivergedException(
            $"Training stopped after epoch {record.Epoch}: the mean \"{bad.Key}\" is {bad.Value}. The weights have overflowed, usually from a learning rate " +
            "that is too large (or not a number) or a loss that took the log of 0. The history keeps the epochs so far.");
    }
}

/// <summary>A measure of a training run became NaN or infinite, so the run stopped; the history keeps the epochs until then.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
