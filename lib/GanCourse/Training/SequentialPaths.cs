using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// A <see cref="Sequential"/> network run layer by layer inside the training step, with its last layer
/// (Sigmoid or Tanh) taken out so the step can fuse it with what follows. The model object and its
/// <c>forward</c> are unchanged for users; only the trainer takes this path.
/// </summary>
internal sealed class SequentialPath : IDisposable
{
    readonly nn.Module<Tensor, Tensor>[] layers;
    readonly bool exactDropout;
    readonly TorchCpuRandom random = new();
    Scalar? slope;
    double slopeValue;

    SequentialPath(nn.Module<Tensor, Tensor>[] layers, Device device)
    {
        this.layers = layers;
        exactDropout = ExactDropout.Available(device);
        RowWise = layers.All(IsRowWise);
        DrawsNoRandomNumbers = layers.All(l => IsRowWise(l) && l is not Dropout);
    }

    /// <summary>
    /// The layers of <paramref name="model"/> before its last one when it is a Sequential ending in a
    /// <typeparamref name="TLast"/>; otherwise null (the step then calls the model's own forward).
    /// </summary>
    public static SequentialPath? WithoutLast<TLast>(nn.Module<Tensor, Tensor> model, Device device) where TLast : nn.Module
    {
        if (model is not Sequential sequential) return null;
        var children = sequential.children().ToArray();
        if (children.Length < 2 || children[^1] is not TLast) return null;
        var body = children[..^1].OfType<nn.Module<Tensor, Tensor>>().ToArray();
        return body.Length == children.Length - 1 ? new SequentialPath(body, device) : null;
    }

    /// <summary>The layers, in order (the model's last layer left out).</summary>
    public IReadOnlyList<nn.Module> Layers => layers;

    /// <summary>
    /// Every layer treats each row (sample) on its own, so a batch of real and fake images can go through in
    /// one pass and give each row what two separate passes would (no batch statistics).
    /// </summary>
    public bool RowWise { get; }

    /// <summary>No layer draws from the global random generator (no dropout), so running it earlier or later changes nothing.</summary>
    public bool DrawsNoRandomNumbers { get; }

    /// <summary>
    /// True when the dropout masks of one pass over a stacked batch equal those of passes over its parts, in
    /// order: the masks come from <see cref="ExactDropout"/> (one element after another from the global
    /// generator), or no dropout is active. libtorch's MKL sampler seeds each call afresh, so there they differ.
    /// </summary>
    public bool StackedDropoutMatchesSeparate(bool fastDropout) =>
        (fastDropout && exactDropout) || !layers.Any(l => l is Dropout { training: true, p: > 0 });

    /// <summary>Runs the layers; active dropout layers draw through <see cref="ExactDropout"/> when <paramref name="fastDropout"/> and it is available.</summary>
    public Tensor Forward(Tensor x, bool fastDropout)
    {
        for (int i = 0; i < layers.Length; i++)
            x = layers[i] switch
            {
                Dropout { training: true, p: > 0 and < 1 } dropout when fastDropout && exactDropout && x.dtype == ScalarType.Float32
                    => ExactDropout.Apply(x, dropout.p, random),
                LeakyReLU { inplace: false } leaky => x.leaky_relu(Slope(leaky.negative_slope)),
                var layer => layer.forward(x),
            };
        return x;
    }

    // TorchSharp's LeakyReLU.forward converts its slope to a temporary Scalar that the garbage collector can
    // finalise while libtorch still reads it (now and then a step fails with "toFloat"); this one is held.
    Scalar Slope(double value)
    {
        if (slope is null || slopeValue != value)
        {
            slope?.Dispose();
            (slope, slopeValue) = (value.ToScalar(), value);
        }
        return slope;
    }

    public void Dispose()
    {
        random.Dispose();
        slope?.Dispose();
    }

    static bool IsRowWise(nn.Module layer) => layer is Linear or LeakyReLU or ReLU or Tanh or Sigmoid or Dropout or Identity;
}
