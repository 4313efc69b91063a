using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Models;

/// <summary>
/// The lecture's fully connected generator and discriminator, with its layer names and defaults.
/// With the defaults G has 81,284 and D 78,501 parameters.
/// </summary>
public static class GanModels
{
    /// <summary>Slope of LeakyReLU for negative inputs, as in the lecture.</summary>
    public const double LeakySlope = 0.01;

    /// <summary>
    /// Generator: <paramref name="hiddenLayers"/> × (Linear → LeakyReLU(0.01)), then Linear → Tanh, so its
    /// output lies in [−1, 1] like the scaled images. Layer names fc_g0, relu_g0, …, fc_g{n}, tanh_g.
    /// Defaults: Linear(20→100) → LeakyReLU → Linear(100→784) → Tanh.
    /// </summary>
    /// <param name="noiseSize">Length of the noise vector z (the lecture's z_size).</param>
    /// <param name="hiddenLayers">Number of hidden layers.</param>
    /// <param name="hiddenUnits">Units in each hidden layer.</param>
    /// <param name="outputSize">Length of a generated image (28×28 = 784).</param>
    public static Sequential Generator(int noiseSize = 20, int hiddenLayers = 1, int hiddenUnits = 100, int outputSize = 784)
    {
        Positive(noiseSize, nameof(noiseSize));
        ArgumentOutOfRangeException.ThrowIfNegative(hiddenLayers);
        Positive(hiddenUnits, nameof(hiddenUnits));
        Positive(outputSize, nameof(outputSize));

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int inputs = noiseSize;
        for (int i = 0; i < hiddenLayers; i++)
        {
            layers.Add(($"fc_g{i}", nn.Linear(inputs, hiddenUnits)));
            layers.Add(($"relu_g{i}", nn.LeakyReLU(LeakySlope)));
            inputs = hiddenUnits;
        }
        layers.Add(($"fc_g{hiddenLayers}", nn.Linear(inputs, outputSize)));
        layers.Add(("tanh_g", nn.Tanh()));
        return nn.Sequential(layers);
    }

    /// <summary>
    /// Discriminator: <paramref name="hiddenLayers"/> × (Linear without bias → LeakyReLU(0.01) → Dropout),
    /// then Linear → Sigmoid, so it outputs the probability that its input is real. Layer names fc_d0,
    /// relu_d0, dropout, …, fc_d{n}, sigmoid (further dropout layers are named dropout1, dropout2, …).
    /// Defaults: Linear(784→100, no bias) → LeakyReLU → Dropout(0.5) → Linear(100→1) → Sigmoid.
    /// </summary>
    /// <param name="inputSize">Length of an image (28×28 = 784).</param>
    /// <param name="hiddenLayers">Number of hidden layers.</param>
    /// <param name="hiddenUnits">Units in each hidden layer.</param>
    /// <param name="dropout">Dropout probability after each hidden layer.</param>
    public static Sequential Discriminator(int inputSize = 784, int hiddenLayers = 1, int hiddenUnits = 100, double dropout = 0.5)
    {
        Positive(inputSize, nameof(inputSize));
        ArgumentOutOfRangeException.ThrowIfNegative(hiddenLayers);
        Positive(hiddenUnits, nameof(hiddenUnits));
        if (dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "must lie in [0, 1).");

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int inputs = inputSize;
        for (int i = 0; i < hiddenLayers; i++)
        {
            layers.Add(($"fc_d{i}", nn.Linear(inputs, hiddenUnits, hasBias: false)));
            layers.Add(($"relu_d{i}", nn.LeakyReLU(LeakySlope)));
            layers.Add((i == 0 ? "dropout" : $"dropout{i}", nn.Dropout(dropout)));
            inputs = hiddenUnits;
        }
        layers.Add(($"fc_d{hiddenLayers}", nn.Linear(inputs, 1)));
        layers.Add(("sigmoid", nn.Sigmoid()));
        return nn.Sequential(layers);
    }

    static void Positive(int value, string name) => ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
}
