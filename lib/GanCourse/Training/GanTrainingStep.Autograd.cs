using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>The D and G steps through autograd: the straightforward loop and its shortcuts.</summary>
public sealed partial class GanTrainingStep
{
    /// <summary>The D step through autograd (see <see cref="DiscriminatorStep"/>).</summary>
    (Tensor Loss, Tensor RealScores, Tensor FakeScores) AutogradDiscriminatorStep(Tensor real, torch.Generator random)
    {
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

    /// <summary>The G step through autograd (see <see cref="GeneratorStep"/>).</summary>
    Tensor AutogradGeneratorStep(torch.Generator random)
    {
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
            ? body.mul(two).sigmoid_().mul(two).sub_(one)
            : body.mul_(two).sigmoid_().mul_(two).sub_(one);
    }
}
