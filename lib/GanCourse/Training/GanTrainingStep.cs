using GanCourse.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// The per-batch update of the lecture's loop: one discriminator step, then one generator step.
/// <see cref="GanTrainer.Fit"/> runs it for every batch and the benchmark times the same object.
/// </summary>
/// <remarks>
/// It computes what the straightforward loop computes (the lecture's code with G's output detached in the
/// D step), with less work per step (<see cref="FastPaths"/>):
/// <list type="bullet">
/// <item>BCE on D's logits (<c>binary_cross_entropy_with_logits</c>) when D is a Sequential ending in a
/// Sigmoid: the same loss as BCE on the probabilities, with fewer operations and without the log(0) clamp
/// at saturation. D(x) and D(G(z)) for the history are the sigmoid of the same logits.</item>
/// <item>G's final Tanh as 2·σ(2x) − 1 (the same function; libtorch's MKL tanh is about ten times slower
/// than its sigmoid on the CPU).</item>
/// <item>G runs without building a graph in the D step (instead of running with one and detaching).</item>
/// <item>Real and fake images go through D as one batch of 2·64 rows when every layer treats rows
/// independently and the dropout masks come out the same as in two passes.</item>
/// <item>D's parameters stop requiring gradients during the G step, so backward skips their weight
/// gradients (the straightforward loop computes them and throws them away).</item>
/// <item>Gradients are set to none instead of zeroed, so backward writes them instead of adding to zeros.</item>
/// <item>Adam as one vectorised pass over memory per parameter (<see cref="InPlaceAdam"/>); dropout masks
/// drawn as nn.Dropout draws them, with a faster sampler (<see cref="ExactDropout"/>).</item>
/// </list>
/// Networks that are not such Sequentials take the general path (their own forward, BCE on probabilities).
/// </remarks>
public sealed class GanTrainingStep : IDisposable
{
    readonly nn.Module<Tensor, Tensor> generator, discriminator;
    readonly Adam generatorOptimizer, discriminatorOptimizer;
    readonly InPlaceAdam generatorAdam, discriminatorAdam;
    readonly Parameter[] generatorParameters, discriminatorParameters;
    readonly SequentialPath? generatorBody, discriminatorLogits;
    readonly MlpBackprop? generatorMlp, discriminatorMlp;
    readonly TrainingOptions options;
    readonly Device device;
    readonly Tensor realTargets, fakeTargets, pairTargets, pairWeights;

    internal GanTrainingStep(nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator,
        Adam generatorOptimizer, Adam discriminatorOptimizer, TrainingOptions options, Device device)
    {
        this.generator = generator;
        this.discriminator = discriminator;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminatorOptimizer = discriminatorOptimizer;
        generatorAdam = new InPlaceAdam(generatorOptimizer);
        discriminatorAdam = new InPlaceAdam(discriminatorOptimizer);
        generatorParameters = [.. generator.parameters()];
        discriminatorParameters = [.. discriminator.parameters()];
        generatorBody = SequentialPath.WithoutLast<Tanh>(generator, device);
        discriminatorLogits = SequentialPath.WithoutLast<Sigmoid>(discriminator, device);
        generatorMlp = generatorBody is null ? null : MlpBackprop.TryCreate(generatorBody.Layers, device);
        discriminatorMlp = discriminatorLogits is null ? null : MlpBackprop.TryCreate(discriminatorLogits.Layers, device);
        this.options = options;
        this.device = device;
        using var scope = NewDisposeScope();
        realTargets = ones([options.BatchSize, 1], device: device).DetachFromDisposeScope();
        fakeTargets = zeros([options.BatchSize, 1], device: device).DetachFromDisposeScope();
        pairTargets = cat([realTargets, fakeTargets]).DetachFromDisposeScope();
        pairWeights = full([2L * options.BatchSize, 1], 2f, device: device).DetachFromDisposeScope();
    }

    /// <summary>Which shortcuts the step takes (all by default; the benchmark and tests switch them off).</summary>
    internal FastPaths Enabled { get; set; } = FastPaths.All;

    bool Uses(FastPaths path) => (Enabled & path) == path;

    /// <summary>
    /// Whether the generator step also computes gradients for D's parameters (the straightforward loop does,
    /// then discards them; this step does not). The benchmark's count of matrix multiplies depends on it.
    /// </summary>
    public bool ComputesDiscriminatorWeightGradientsInGeneratorStep => !Uses(FastPaths.FrozenDiscriminator) && !WritesOut;

    /// <summary>
    /// Trains on batch <paramref name="index"/> of <paramref name="batches"/>: one D step and one G step in
    /// one dispose scope. Adds G loss, D loss, mean D(x) and mean D(G(z)) to <paramref name="sums"/>
    /// (float64 <c>[4]</c> on the device), so nothing waits for the device.
    /// </summary>
    /// <param name="batches">The epoch's shuffled batches of real images.</param>
    /// <param name="index">Which batch to train on.</param>
    /// <param name="random">Draws the noise; it must live on the trainer's device.</param>
    /// <param name="sums">Running sums of the four recorded figures, float64 <c>[4]</c> on the device.</param>
    public void Run(ShuffledBatches batches, int index, torch.Generator random, Tensor sums)
    {
        using var scope = NewDisposeScope();
        var (discriminatorLoss, realScores, fakeScores) = DiscriminatorStep(batches[index], random);
        var generatorLoss = GeneratorStep(random);

        using var noGrad = no_grad();
        sums.add_(stack([generatorLoss, discriminatorLoss, realScores.mean(), fakeScores.mean()]));
    }

    /// <summary>
    /// Hold G, step D on BCE(D(x), 1) + BCE(D(G(z)), 0). No gradient flows into G here (the lecture code
    /// backpropagates through G and throws the result away). Returns the loss and D's probabilities for
    /// the real and the fake batch (only for reading: use them under no_grad or detach them).
    /// </summary>
    internal (Tensor Loss, Tensor RealScores, Tensor FakeScores) DiscriminatorStep(Tensor real, torch.Generator random)
    {
        if (WritesOut) return WrittenOutDiscriminatorStep(real, random);
        ClearGradients(discriminatorParameters, discriminatorOptimizer);
        var logits = Uses(FastPaths.Logits) ? discriminatorLogits : null;
        Tensor loss, realScores, fakeScores;
        if (logits is null)
        {
            realScores = discriminator.forward(real);
            fakeScores = discriminator.forward(Fakes(random));
            loss = nn.functional.binary_cross_entropy(realScores, realTargets) + nn.functional.binary_cross_entropy(fakeScores, fakeTargets);
        }
        else if (CanStack(logits))
        {
            var both = logits.Forward(cat([real, Fakes(random)]), Uses(FastPaths.FastDropout));
            // The mean over 2B rows of 2·BCE = mean over the real rows + mean over the fake rows (×2 is exact).
            loss = nn.functional.binary_cross_entropy_with_logits(both, pairTargets, pairWeights);
            using var noGrad = no_grad();
            var scores = both.sigmoid();
            (realScores, fakeScores) = (scores.narrow(0, 0, options.BatchSize), scores.narrow(0, options.BatchSize, options.BatchSize));
        }
        else
        {
            // The straightforward order of random draws: D(x), then G(z), then D(G(z)).
            var realLogits = logits.Forward(real, Uses(FastPaths.FastDropout));
            var fakeLogits = logits.Forward(Fakes(random), Uses(FastPaths.FastDropout));
            loss = nn.functional.binary_cross_entropy_with_logits(realLogits, realTargets)
                + nn.functional.binary_cross_entropy_with_logits(fakeLogits, fakeTargets);
            using var noGrad = no_grad();
            (realScores, fakeScores) = (realLogits.sigmoid(), fakeLogits.sigmoid());
        }
        loss.backward();
        Step(discriminatorAdam, discriminatorOptimizer);
        // The logits paths computed the scores without a graph; the general path's scores carry one.
        return logits is null ? (loss.detach(), realScores.detach(), fakeScores.detach()) : (loss, realScores, fakeScores);
    }

    /// <summary>Hold D, step G on the non-saturating loss BCE(D(G(z)), 1) = −log D(G(z)).</summary>
    internal Tensor GeneratorStep(torch.Generator random)
    {
        if (WritesOut) return WrittenOutGeneratorStep(random);
        ClearGradients(generatorParameters, generatorOptimizer);
        var generated = Generate(Noise.Sample(options.BatchSize, options.NoiseSize, options.Noise, random, device));
        var logits = Uses(FastPaths.Logits) ? discriminatorLogits : null;
        var frozen = Uses(FastPaths.FrozenDiscriminator) ? Freeze(discriminatorParameters) : [];
        Tensor loss;
        try
        {
            loss = logits is null
                ? nn.functional.binary_cross_entropy(discriminator.forward(generated), realTargets)
                : nn.functional.binary_cross_entropy_with_logits(logits.Forward(generated, Uses(FastPaths.FastDropout)), realTargets);
            loss.backward();
        }
        finally
        {
            foreach (var p in frozen) p.requires_grad = true;
        }
        Step(generatorAdam, generatorOptimizer);
        return loss;
    }

    /// <summary>G's images of fresh noise for the D step, carrying no graph.</summary>
    Tensor Fakes(torch.Generator random)
    {
        var noise = Noise.Sample(options.BatchSize, options.NoiseSize, options.Noise, random, device);
        if (!Uses(FastPaths.NoGraphForFakes)) return Generate(noise).detach();
        using var noGrad = no_grad();
        return Generate(noise);
    }

    /// <summary>
    /// One pass over real and fake rows gives what two passes give when D treats rows independently, its
    /// dropout masks come out in the same order, and G draws no random numbers between the two passes.
    /// </summary>
    bool CanStack(SequentialPath logits) => Uses(FastPaths.StackedBatch) && logits.RowWise
        && logits.StackedDropoutMatchesSeparate(Uses(FastPaths.FastDropout))
        && (generatorBody?.DrawsNoRandomNumbers ?? false);

    /// <summary>G(z): its layers, then tanh written as 2·σ(2x) − 1 (the same function, a faster kernel).</summary>
    Tensor Generate(Tensor noise)
    {
        if (generatorBody is null || !Uses(FastPaths.SigmoidTanh)) return generator.forward(noise);
        var body = generatorBody.Forward(noise, Uses(FastPaths.FastDropout));
        return is_grad_enabled()
            ? body.mul(2).sigmoid_().mul(2).sub_(1)
            : body.mul_(2).sigmoid_().mul_(2).sub_(1);
    }

    /// <summary>The written-out passes apply when both networks are MLPs <see cref="MlpBackprop"/> handles.</summary>
    bool WritesOut => Uses(FastPaths.WrittenOut | FastPaths.Logits) && generatorMlp != null && discriminatorMlp != null;

    /// <summary>The D step of <see cref="DiscriminatorStep"/> with the passes written out; the same loss and update.</summary>
    (Tensor Loss, Tensor RealScores, Tensor FakeScores) WrittenOutDiscriminatorStep(Tensor real, torch.Generator random)
    {
        using var noGrad = no_grad();
        bool fastDropout = Uses(FastPaths.FastDropout);
        int layers = discriminatorLogits!.Layers.Count, rows = options.BatchSize;
        if (CanStack(discriminatorLogits))
        {
            var tape = new MlpBackprop.Tape(layers);
            var logits = discriminatorMlp!.Forward(cat([real, WrittenOutFakes(random)]), tape, fastDropout);
            var (loss, grad, scores) = LogitLoss.Of(logits, realRows: rows);
            discriminatorMlp.Backward(tape, grad, weightGradients: true, inputGradient: false);
            Step(discriminatorAdam, discriminatorOptimizer);
            return (loss, scores.narrow(0, 0, rows), scores.narrow(0, rows, rows));
        }
        // Two passes in the straightforward order of random draws: D(x), then G(z), then D(G(z)).
        var realTape = new MlpBackprop.Tape(layers);
        var realLogits = discriminatorMlp!.Forward(real, realTape, fastDropout);
        var fakeTape = new MlpBackprop.Tape(layers);
        var fakeLogits = discriminatorMlp.Forward(WrittenOutFakes(random), fakeTape, fastDropout);
        var (realLoss, realGrad, realScores) = LogitLoss.Of(realLogits, realRows: rows);
        var (fakeLoss, fakeGrad, fakeScores) = LogitLoss.Of(fakeLogits, realRows: 0);
        discriminatorMlp.Backward(realTape, realGrad, weightGradients: true, inputGradient: false);
        discriminatorMlp.Backward(fakeTape, fakeGrad, weightGradients: true, inputGradient: false, accumulate: true);
        Step(discriminatorAdam, discriminatorOptimizer);
        return (realLoss.add_(fakeLoss), realScores, fakeScores);
    }

    Tensor WrittenOutFakes(torch.Generator random) =>
        TanhInPlace(generatorMlp!.Forward(Noise.Sample(options.BatchSize, options.NoiseSize, options.Noise, random, device), null, Uses(FastPaths.FastDropout)));

    /// <summary>The G step of <see cref="GeneratorStep"/> with the passes written out; D computes no weight gradients.</summary>
    Tensor WrittenOutGeneratorStep(torch.Generator random)
    {
        using var noGrad = no_grad();
        bool fastDropout = Uses(FastPaths.FastDropout);
        var noise = Noise.Sample(options.BatchSize, options.NoiseSize, options.Noise, random, device);
        var generatorTape = new MlpBackprop.Tape(generatorBody!.Layers.Count);
        var generated = TanhInPlace(generatorMlp!.Forward(noise, generatorTape, fastDropout));
        var discriminatorTape = new MlpBackprop.Tape(discriminatorLogits!.Layers.Count);
        var logits = discriminatorMlp!.Forward(generated, discriminatorTape, fastDropout);
        var (loss, grad, _) = LogitLoss.Of(logits, realRows: options.BatchSize);
        var gradAtImages = discriminatorMlp.Backward(discriminatorTape, grad, weightGradients: false, inputGradient: true)!;
        LogitLoss.TanhDerivativeInPlace(gradAtImages, generated);
        generatorMlp.Backward(generatorTape, gradAtImages, weightGradients: true, inputGradient: false);
        Step(generatorAdam, generatorOptimizer);
        return loss;
    }

    /// <summary>tanh of G's last Linear output, in place (no graph): 2·σ(2x) − 1 or libtorch's tanh, as the shortcuts say.</summary>
    Tensor TanhInPlace(Tensor x) => Uses(FastPaths.SigmoidTanh) ? x.mul_(2).sigmoid_().mul_(2).sub_(1) : x.tanh_();

    void ClearGradients(Parameter[] parameters, Adam optimizer)
    {
        if (!Uses(FastPaths.GradientsToNone))
        {
            optimizer.zero_grad();
            return;
        }
        foreach (var p in parameters) p.grad = null;
    }

    void Step(InPlaceAdam fused, Adam optimizer)
    {
        if (Uses(FastPaths.FusedAdam)) fused.Step();
        else optimizer.step();
    }

    /// <summary>Stops the trainable parameters among <paramref name="parameters"/> from requiring gradients; returns them.</summary>
    static List<Parameter> Freeze(Parameter[] parameters)
    {
        var frozen = new List<Parameter>(parameters.Length);
        foreach (var p in parameters)
        {
            if (!p.requires_grad) continue;
            p.requires_grad = false;
            frozen.Add(p);
        }
        return frozen;
    }

    public void Dispose()
    {
        realTargets.Dispose();
        fakeTargets.Dispose();
        pairTargets.Dispose();
        pairWeights.Dispose();
        generatorBody?.Dispose();
        discriminatorLogits?.Dispose();
        generatorMlp?.Dispose();
        discriminatorMlp?.Dispose();
    }
}
