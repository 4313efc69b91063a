using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Models;

/// <summary>
/// A generator that is told which class to draw (Mirza &amp; Osindero 2014): the label is looked up in a
/// learned embedding and the embedding is appended to the noise before <see cref="Body"/>, an ordinary
/// generator whose input is <c>NoiseSize + EmbeddingSize</c> long. Input (z <c>[N, NoiseSize]</c>,
/// labels int64 <c>[N]</c>), output images <c>[N, 784]</c>.
/// </summary>
public sealed class ConditionalGenerator : nn.Module<Tensor, Tensor, Tensor>
{
    // Field names are the module names RegisterComponents gives them (and those in saved weights).
    readonly Embedding label_embedding;
    readonly Sequential body;

    internal ConditionalGenerator(int noiseSize, int classes, int embeddingSize, Sequential body) : base(nameof(ConditionalGenerator))
    {
        NoiseSize = noiseSize;
        Classes = classes;
        EmbeddingSize = embeddingSize;
        label_embedding = nn.Embedding(classes, embeddingSize);
        this.body = body;
        RegisterComponents();
    }

    /// <summary>Length of z.</summary>
    public int NoiseSize { get; }

    /// <summary>Number of classes (10 digits); labels run from 0 to Classes − 1.</summary>
    public int Classes { get; }

    /// <summary>Length of a label's embedding.</summary>
    public int EmbeddingSize { get; }

    /// <summary>The network after the concatenation: [z, embedding(label)] → image.</summary>
    public Sequential Body => body;

    public override Tensor forward(Tensor noise, Tensor labels) =>
        body.forward(cat([noise, label_embedding.forward(labels)], 1));
}

/// <summary>
/// A discriminator that judges an image together with the label it claims (Mirza &amp; Osindero 2014):
/// the label's learned embedding is appended to the flattened image before <see cref="Body"/>, an
/// ordinary discriminator. Input (images <c>[N, 784]</c>, labels int64 <c>[N]</c>), output the
/// probability <c>[N, 1]</c> that the image is a real example <i>of that label</i>: a well drawn 3
/// presented as a 7 should be rejected, which is what pushes the generator to obey the label.
/// </summary>
public sealed class ConditionalDiscriminator : nn.Module<Tensor, Tensor, Tensor>
{
    readonly Embedding label_embedding;
    readonly Sequential body;

    internal ConditionalDiscriminator(int classes, int embeddingSize, Sequential body) : base(nameof(ConditionalDiscriminator))
    {
        Classes = classes;
        EmbeddingSize = embeddingSize;
        label_embedding = nn.Embedding(classes, embeddingSize);
        this.body = body;
        RegisterComponents();
    }

    /// <summary>Number of classes; labels run from 0 to Classes − 1.</summary>
    public int Classes { get; }

    /// <summary>Length of a label's embedding.</summary>
    public int EmbeddingSize { get; }

    /// <summary>The network after the concatenation: [image, embedding(label)] → probability.</summary>
    public Sequential Body => body;

    public override Tensor forward(Tensor images, Tensor labels) =>
        body.forward(cat([images, label_embedding.forward(labels)], 1));
}

/// <summary>
/// Conditional GANs built from the course's unconditional networks, each player with a label embedding
/// appended to its input. Nothing else changes, which is the point: conditioning is one extra input to
/// both players. Two families: the DCGAN of notebook 07 (<see cref="ConvolutionalGenerator"/>,
/// <see cref="ConvolutionalDiscriminator"/>, used in notebook 08) and the fully connected networks of
/// the lecture (<see cref="Generator"/>, <see cref="Discriminator"/>), cheaper and noisier.
/// </summary>
public static class ConditionalGanModels
{
    /// <summary>
    /// <see cref="ConditionalGenerator"/> with body <c>DcganModels.Generator(noiseSize + embeddingSize, filters)</c>:
    /// the label's embedding joins z as extra input channels of the 1×1 start of the DCGAN generator.
    /// </summary>
    public static ConditionalGenerator ConvolutionalGenerator(int noiseSize = 100, int classes = 10, int embeddingSize = 10, int filters = 32)
    {
        Check(classes, embeddingSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(noiseSize, 1);
        var body = DcganModels.Generator(noiseSize + embeddingSize, filters);
        return new ConditionalGenerator(noiseSize, classes, embeddingSize, body);
    }

    /// <summary>
    /// <see cref="ConditionalDiscriminator"/> whose label embedding has 784 values, one per pixel: a learned
    /// 28×28 map of the label, stacked with the image as a second input channel of the DCGAN discriminator
    /// (<c>DcganModels.Discriminator(filters, inputChannels: 2)</c>), so every convolution sees the label
    /// next to the strokes it judges.
    /// </summary>
    public static ConditionalDiscriminator ConvolutionalDiscriminator(int classes = 10, int filters = 32)
    {
        const int pixels = DcganModels.ImageSide * DcganModels.ImageSide;
        Check(classes, pixels);
        var body = DcganModels.Discriminator(filters, inputChannels: 2);
        return new ConditionalDiscriminator(classes, pixels, body);
    }

    /// <summary>
    /// <see cref="ConditionalGenerator"/> with body <c>GanModels.Generator(noiseSize + embeddingSize,
    /// hiddenLayers, hiddenUnits, imageSize)</c>: Linear → LeakyReLU per hidden layer, then Linear(→784) → Tanh.
    /// </summary>
    public static ConditionalGenerator Generator(int noiseSize = 100, int classes = 10, int embeddingSize = 10, int hiddenLayers = 2, int hiddenUnits = 256, int imageSize = 784)
    {
        Check(classes, embeddingSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(noiseSize, 1);
        var body = GanModels.Generator(noiseSize + embeddingSize, hiddenLayers, hiddenUnits, imageSize);
        return new ConditionalGenerator(noiseSize, classes, embeddingSize, body);
    }

    /// <summary>
    /// <see cref="ConditionalDiscriminator"/> with body <c>GanModels.Discriminator(784 + embeddingSize,
    /// hiddenLayers, hiddenUnits, dropout)</c>: Linear → LeakyReLU → Dropout per hidden layer, then Linear(→1) → Sigmoid.
    /// </summary>
    public static ConditionalDiscriminator Discriminator(int classes = 10, int embeddingSize = 10, int hiddenLayers = 2, int hiddenUnits = 256, double dropout = 0.5, int imageSize = 784)
    {
        Check(classes, embeddingSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageSize, 1);
        var body = GanModels.Discriminator(imageSize + embeddingSize, hiddenLayers, hiddenUnits, dropout);
        return new ConditionalDiscriminator(classes, embeddingSize, body);
    }

    static void Check(int classes, int embeddingSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2, nameof(classes));
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingSize, 1, nameof(embeddingSize));
    }
}
