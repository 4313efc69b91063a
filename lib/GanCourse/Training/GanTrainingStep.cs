using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GanCourse.Training;

/// <summary>
/// One iteration of the lecture's training loop in plain TorchSharp: <see cref="DiscriminatorStep"/> (the
/// lecture's <c>d_train</c>), then <see cref="GeneratorStep"/> (<c>g_train</c>), with autograd, the models'
/// own modules and each network's optimizer. Notebook 04 calls the two methods on one batch;
/// <see cref="GanTrainer.Fit"/> calls them for every batch.
/// </summary>
/// <remarks>
/// Three changes to the lecture's code, none of which changes what is learned: the generated batch of the
/// D step is made without a graph (the lecture builds one through G and throws it away), D's parameters
/// are held (do not require gradients) in the G step, so backward computes only the gradients G needs,
/// and gradients are set to none rather than zeroed, so backward writes them instead of adding to zeros.
/// The caller owns the dispose scope: <see cref="GanTrainer.Fit"/> opens one per iteration.
/// </remarks>
public sealed class GanTrainingStep
{
    readonly nn.Module<Tensor, Tensor> generator, discriminator;
    readonly optim.Optimizer generatorOptimizer, discriminatorOptimizer;

    /// <param name="generator">G: noise <c>[B, z]</c> to images <c>[B, pixels]</c>.</param>
    /// <param name="discriminator">D: images to the probability that each is real, <c>[B, 1]</c>.</param>
    /// <param name="generatorOptimizer">Updates G's parameters (the lecture: Adam).</param>
    /// <param name="discriminatorOptimizer">Updates D's parameters.</param>
    public GanTrainingStep(nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator,
        optim.Optimizer generatorOptimizer, optim.Optimizer discriminatorOptimizer)
    {
        this.generator = generator;
        this.discriminator = discriminator;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminatorOptimizer = discriminatorOptimizer;
    }

    /// <summary>
    /// Hold G, step D: one update of D on BCE(D(x), 1) + BCE(D(G(z)), 0) for the real batch
    /// <paramref name="real"/> and G's images of the noise <paramref name="z"/>. Returns that loss and D's
    /// probabilities for the real and the generated images (from the same forward pass, dropout active),
    /// all detached.
    /// </summary>
    public (Tensor Loss, Tensor RealScores, Tensor FakeScores) DiscriminatorStep(Tensor real, Tensor z)
    {
        Tensor fake;
        using (no_grad())
            fake = generator.forward(z);

        SetGradientsToNone(discriminator);
        var realScores = discriminator.forward(real);
        var fakeScores = discriminator.forward(fake);
        var loss = binary_cross_entropy(realScores, ones_like(realScores))
                 + binary_cross_entropy(fakeScores, zeros_like(fakeScores));
        loss.backward();
        discriminatorOptimizer.step();
        return (loss.detach(), realScores.detach(), fakeScores.detach());
    }

    /// <summary>
    /// Hold D, step G: one update of G on the non-saturating loss BCE(D(G(z)), 1) = −log D(G(z)) for the
    /// noise <paramref name="z"/>. D's parameters do not change and get no gradients. Returns the loss, detached.
    /// </summary>
    public Tensor GeneratorStep(Tensor z)
    {
        SetGradientsToNone(generator);
        Tensor loss;
        using (Hold(discriminator))
        {
            var fakeScores = discriminator.forward(generator.forward(z));
            loss = binary_cross_entropy(fakeScores, ones_like(fakeScores));
            loss.backward();
        }
        generatorOptimizer.step();
        return loss.detach();
    }

    /// <summary>PyTorch's <c>zero_grad(set_to_none=True)</c>: the next backward writes fresh gradients.</summary>
    static void SetGradientsToNone(nn.Module model)
    {
        foreach (var p in model.parameters()) p.grad = null;
    }

    /// <summary>
    /// Until the returned scope is disposed, the trainable parameters of <paramref name="model"/> do not
    /// require gradients: backward still passes through the model to its input, but computes none for them.
    /// </summary>
    static Held Hold(nn.Module model) => new([.. model.parameters().Where(p => p.requires_grad)]);

    sealed class Held : IDisposable
    {
        readonly TorchSharp.Modules.Parameter[] parameters;

        public Held(TorchSharp.Modules.Parameter[] parameters)
        {
            this.parameters = parameters;
            foreach (var p in parameters) p.requires_grad = false;
        }

        public void Dispose()
        {
            foreach (var p in parameters) p.requires_grad = true;
        }
    }
}
