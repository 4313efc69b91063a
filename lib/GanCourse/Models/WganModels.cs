using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Models;

/// <summary>
/// Fully connected networks for Wasserstein GANs and for the two-dimensional toy problems: a critic
/// that ends in a plain linear score (no sigmoid), and a generator of points whose output is not
/// squashed into [−1, 1].
/// </summary>
public static class WganModels
{
    /// <summary>Slope of LeakyReLU for negative inputs in the critic, as in the WGAN-GP reference code.</summary>
    public const double CriticSlope = 0.2;

    /// <summary>
    /// Critic: <paramref name="hiddenLayers"/> × (Linear → LeakyReLU(0.2)), then Linear → one score per
    /// sample. No sigmoid (the score is not a probability) and no batch norm (the gradient penalty is
    /// defined per sample, and batch norm would couple the samples of a batch). Layer names fc_c0,
    /// relu_c0, …, fc_c{n}. As a discriminator for the same loop, its score is a logit.
    /// </summary>
    /// <param name="inputSize">Features of a sample (784 for MNIST, 2 for points in the plane).</param>
    /// <param name="hiddenLayers">Number of hidden layers.</param>
    /// <param name="hiddenUnits">Units in each hidden layer.</param>
    /// <param name="zeroOutput">
    /// Start from f ≡ 0 (last layer's weights and bias zero), so that the first steps, driven by the data
    /// alone, choose which way f rises. Matters in one dimension: there a gradient of norm 1 is +1 or −1,
    /// and the two-sided penalty puts a barrier between them that a randomly started critic may sit behind.
    /// </param>
    public static Sequential Critic(int inputSize = 784, int hiddenLayers = 2, int hiddenUnits = 256, bool zeroOutput = false)
    {
        var critic = Mlp("c", inputSize, hiddenLayers, hiddenUnits, 1, () => nn.LeakyReLU(CriticSlope));
        if (zeroOutput)
        {
            var last = (Linear)critic.children().Last();
            using var _ = no_grad();
            last.weight!.zero_();
            last.bias!.zero_();
        }
        return critic;
    }

    /// <summary>
    /// Generator of points: <paramref name="hiddenLayers"/> × (Linear → ReLU), then Linear, with an
    /// unbounded output (a ring of radius 2 does not fit into tanh's [−1, 1]). Layer names fc_g0, relu_g0, ….
    /// </summary>
    /// <param name="noiseSize">Length of the noise vector z.</param>
    /// <param name="hiddenLayers">Number of hidden layers.</param>
    /// <param name="hiddenUnits">Units in each hidden layer.</param>
    /// <param name="outputSize">Coordinates of a point.</param>
    public static Sequential PointGenerator(int noiseSize = 2, int hiddenLayers = 3, int hiddenUnits = 128, int outputSize = 2) =>
        Mlp("g", noiseSize, hiddenLayers, hiddenUnits, outputSize, () => nn.ReLU());

    static Sequential Mlp(string tag, int inputs, int hiddenLayers, int hiddenUnits, int outputs, Func<nn.Module<Tensor, Tensor>> activation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1, nameof(inputs));
        ArgumentOutOfRangeException.ThrowIfNegative(hiddenLayers, nameof(hiddenLayers));
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenUnits, 1, nameof(hiddenUnits));
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1, nameof(outputs));
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int width = inputs;
        for (int i = 0; i < hiddenLayers; i++)
        {
            layers.Add(($"fc_{tag}{i}", nn.Linear(width, hiddenUnits)));
            layers.Add(($"relu_{tag}{i}", activation()));
            width = hiddenUnits;
        }
        layers.Add(($"fc_{tag}{hiddenLayers}", nn.Linear(width, outputs)));
        return nn.Sequential(layers);
    }
}
