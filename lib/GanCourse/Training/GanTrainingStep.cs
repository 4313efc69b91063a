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
/// D step) with much less work per step. Each shortcut can be switched off (<see cref="FastPaths"/>; with
/// none the step is the lecture loop operation for operation):
/// <list type="bullet">
/// <item>The loss on D's logits when D is a Sequential ending in a Sigmoid: the same loss as BCE on the
/// probabilities, without the log(0) clamp at saturation. D(x), D(G(z)) are the sigmoid of the same logits.</item>
/// <item>G's final Tanh as 2·σ(2x) − 1 (the same function; libtorch's MKL tanh is about ten times slower
/// than its sigmoid on the CPU).</item>
/// <item>No graph for G in the D step, no weight gradients for D in the G step (the straightforward loop
/// builds both and throws them away), gradients set rather than added to zeros.</item>
/// <item>Real and fake images through D as one batch of 2·64 rows when every layer treats rows
/// independently and the dropout masks come out the same as in two passes.</item>
/// <item>Adam as one vectorised pass per parameter (<see cref="InPlaceAdam"/>); dropout masks drawn as
/// nn.Dropout draws them, with a faster sampler (<see cref="ExactDropout"/>).</item>
/// <item>For Sequential MLPs of Linear, LeakyReLU/ReLU and Dropout layers on the CPU (the lecture's G and D),
/// forward and backward passes written out (<see cref="MlpBackprop"/>) instead of autograd's graph.</item>
/// </list>
/// Other networks take the autograd path with the shortcuts that apply to them; networks that are not
/// such Sequentials, their own forward and BCE on probabilities. The result equals the straightforward
/// loop's up to rounding in the last place (a test runs both side by side).
/// </remarks>
public sealed partial class GanTrainingStep : IDisposable
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
    // Held for the step's lifetime: a temporary Scalar (from an implicit conversion) can be finalised by the
    // garbage collector while libtorch still reads it, which now and then fails a step.
    readonly Scalar one = 1, two = 2;

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
    internal (Tensor Loss, Tensor RealScores, Tensor FakeScores) DiscriminatorStep(Tensor real, torch.Generator random) =>
        WritesOut ? WrittenOutDiscriminatorStep(real, random) : AutogradDiscriminatorStep(real, random);

    /// <summary>Hold D, step G on the non-saturating loss BCE(D(G(z)), 1) = −log D(G(z)).</summary>
    internal Tensor GeneratorStep(torch.Generator random) => WritesOut ? WrittenOutGeneratorStep(random) : AutogradGeneratorStep(random);

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
        one.Dispose();
        two.Dispose();
        generatorBody?.Dispose();
        discriminatorLogits?.Dispose();
        generatorMlp?.Dispose();
        discriminatorMlp?.Dispose();
    }
}
