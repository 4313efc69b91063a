using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>The D and G steps with the forward and backward passes written out (<see cref="MlpBackprop"/>).</summary>
public sealed partial class GanTrainingStep
{
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
    Tensor TanhInPlace(Tensor x) => Uses(FastPaths.SigmoidTanh) ? x.mul_(two).sigmoid_().mul_(two).sub_(one) : x.tanh_();
}
