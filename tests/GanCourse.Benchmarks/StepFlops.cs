using GanCourse.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Benchmarks;

/// <summary>
/// Floating-point operations of the matrix multiplies one training step performs, from the Linear layers'
/// weight shapes. A Linear layer W [out, in] on a batch of B rows costs 2·B·in·out in each of three
/// places: the forward pass (x·Wᵀ), the weight gradient (gradᵀ·x) and the input gradient (grad·W).
/// Autograd computes an input gradient only where something upstream needs it, and a weight gradient
/// only for parameters that require one. Element-wise work (activations, dropout, loss, Adam) is not
/// counted: it is not what a GEMM rate measures.
/// </summary>
/// <remarks>
/// Per step of notebook 04's training step (<see cref="GanCourse.Saved.MnistGan.TrainingStep"/>), with batch B (64), G and D each a chain of Linear layers:
/// <list type="bullet">
/// <item>D step: G forward on fresh noise (no graph, no backward); D forward on the real and on the fake
/// batch; backward of both D passes: weight gradients of every D layer, input gradients of every D layer
/// but the first (data and generated images need none).</item>
/// <item>G step: G forward; D forward; backward through D, whose parameters are held: input gradients of
/// every D layer (the gradient must reach G) and no weight gradients; backward through G: weight
/// gradients of every G layer, input gradients of every G layer but the first (the noise needs none).</item>
/// </list>
/// For the lecture network (G 20→100→784, D 784→100→1) each pass over a 784×100 layer is
/// 2·64·784·100 = 10,035,200 FLOPs; the D step holds 5 of them and the G step 5, plus the small 20×100
/// and 100×1 layers: about 0.101 GFLOP per step.
/// </remarks>
public static class StepFlops
{
    /// <summary>(inputs, outputs) of each Linear layer of <paramref name="model"/>, in order.</summary>
    public static IReadOnlyList<(long In, long Out)> LinearShapes(nn.Module model) =>
        [.. model.modules().OfType<Linear>().Select(l => (l.weight.shape[1], l.weight.shape[0]))];

    /// <summary>Matrix-multiply FLOPs of one training step at <paramref name="batch"/> rows.</summary>
    public static double Of(IReadOnlyList<(long In, long Out)> generator, IReadOnlyList<(long In, long Out)> discriminator, long batch)
    {
        double discriminatorStep =
            Forward(generator, batch)                      // G(z), no graph
            + 2 * Forward(discriminator, batch)            // D(x), D(G(z))
            + 2 * Backward(discriminator, batch, weights: true, firstInput: false);
        double generatorStep =
            Forward(generator, batch)
            + Forward(discriminator, batch)
            + Backward(discriminator, batch, weights: false, firstInput: true)
            + Backward(generator, batch, weights: true, firstInput: false);
        return discriminatorStep + generatorStep;
    }

    static double Pass(long batch, (long In, long Out) layer) => 2.0 * batch * layer.In * layer.Out;

    static double Forward(IReadOnlyList<(long In, long Out)> layers, long batch) => layers.Sum(l => Pass(batch, l));

    static double Backward(IReadOnlyList<(long In, long Out)> layers, long batch, bool weights, bool firstInput) =>
        layers.Select((l, i) => (weights ? Pass(batch, l) : 0) + (i > 0 || firstInput ? Pass(batch, l) : 0)).Sum();
}
