using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Models;

/// <summary>
/// The deep convolutional GAN (Radford et al. 2015) for 28×28 digits, laid out as in Raschka et al.,
/// ch. 17: the generator grows a 1×1 "image" of noise channels to 4×4, 7×7, 14×14 and 28×28 with
/// transposed convolutions, batch norm and ReLU, ending in tanh; the discriminator shrinks the image
/// again with strided convolutions and LeakyReLU(0.2) (batch norm from its second layer on) to one
/// probability. Both are <see cref="Sequential"/>s that take and give the same flat tensors as the
/// fully connected GAN (<c>[N, z]</c> → <c>[N, 784]</c> → <c>[N, 1]</c>), reshaping inside, so the
/// same trainer, samples and scores work for either.
/// </summary>
public static class DcganModels
{
    /// <summary>Slope of the discriminator's LeakyReLU for negative inputs (Radford et al.).</summary>
    public const double LeakySlope = 0.2;

    /// <summary>Standard deviation of the initial convolution weights (Radford et al.).</summary>
    public const double InitStd = 0.02;

    /// <summary>Side of the images, in pixels.</summary>
    public const int ImageSide = 28;

    /// <summary>
    /// Generator: z as <c>[N, noiseSize, 1, 1]</c>, then ConvTranspose2d to 4f×4×4 (kernel 4), 2f×7×7
    /// (kernel 3, stride 2), f×14×14 and 1×28×28 (kernel 4, stride 2), each but the last followed by
    /// BatchNorm2d and ReLU; flattened to 784 values and squashed by tanh into [−1, 1]. Layer names
    /// unflatten, convt_g0, bn_g0, relu_g0, …, convt_g3, flatten, tanh_g.
    /// </summary>
    /// <param name="noiseSize">Length of z (100 in Radford et al. and Raschka).</param>
    /// <param name="filters">f, the channel count of the last hidden layer (32 in Raschka); the layers before have 2f and 4f.</param>
    public static Sequential Generator(int noiseSize = 100, int filters = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(noiseSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(filters, 1);
        int f = filters;
        var model = nn.Sequential(
            ("unflatten", nn.Unflatten(1, [noiseSize, 1, 1])),
            ("convt_g0", nn.ConvTranspose2d(noiseSize, 4 * f, kernel_size: 4, stride: 1, bias: false)),
            ("bn_g0", nn.BatchNorm2d(4 * f)),
            ("relu_g0", nn.ReLU()),
            ("convt_g1", nn.ConvTranspose2d(4 * f, 2 * f, kernel_size: 3, stride: 2, padding: 1, bias: false)),
            ("bn_g1", nn.BatchNorm2d(2 * f)),
            ("relu_g1", nn.ReLU()),
            ("convt_g2", nn.ConvTranspose2d(2 * f, f, kernel_size: 4, stride: 2, padding: 1, bias: false)),
            ("bn_g2", nn.BatchNorm2d(f)),
            ("relu_g2", nn.ReLU()),
            ("convt_g3", nn.ConvTranspose2d(f, 1, kernel_size: 4, stride: 2, padding: 1, bias: false)),
            // Flatten before tanh: the same values, and the model ends in Tanh like the fully connected one.
            ("flatten", nn.Flatten()),
            ("tanh_g", nn.Tanh()));
        Initialise(model);
        return model;
    }

    /// <summary>
    /// Discriminator: the flat image as <c>[N, 1, 28, 28]</c>, then Conv2d to f×14×14 and 2f×7×7 (kernel 4,
    /// stride 2), 4f×4×4 (kernel 3, stride 2) and 1×1×1 (kernel 4), with LeakyReLU(0.2) after each hidden
    /// convolution and BatchNorm2d before it from the second on (none on the input layer, as Radford et al.
    /// advise); flattened to <c>[N, 1]</c> and passed through a sigmoid. Layer names unflatten, conv_d0,
    /// relu_d0, conv_d1, bn_d1, relu_d1, conv_d2, bn_d2, relu_d2, conv_d3, flatten, sigmoid.
    /// </summary>
    /// <param name="filters">f, the channel count of the first layer (32 in Raschka); the next have 2f and 4f.</param>
    /// <param name="inputChannels">Images per input row, stacked as channels: 1 for a digit; 2 when a
    /// conditional GAN appends a 28×28 map of the label (<see cref="ConditionalGanModels.ConvolutionalDiscriminator"/>).
    /// The input is then <c>[N, inputChannels · 784]</c>.</param>
    public static Sequential Discriminator(int filters = 32, int inputChannels = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(filters, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        int f = filters;
        var model = nn.Sequential(
            ("unflatten", nn.Unflatten(1, [inputChannels, ImageSide, ImageSide])),
            ("conv_d0", nn.Conv2d(inputChannels, f, kernel_size: 4, stride: 2, padding: 1, bias: false)),
            ("relu_d0", nn.LeakyReLU(LeakySlope)),
            ("conv_d1", nn.Conv2d(f, 2 * f, kernel_size: 4, stride: 2, padding: 1, bias: false)),
            ("bn_d1", nn.BatchNorm2d(2 * f)),
            ("relu_d1", nn.LeakyReLU(LeakySlope)),
            ("conv_d2", nn.Conv2d(2 * f, 4 * f, kernel_size: 3, stride: 2, padding: 1, bias: false)),
            ("bn_d2", nn.BatchNorm2d(4 * f)),
            ("relu_d2", nn.LeakyReLU(LeakySlope)),
            ("conv_d3", nn.Conv2d(4 * f, 1, kernel_size: 4, stride: 1, bias: false)),
            ("flatten", nn.Flatten()),
            ("sigmoid", nn.Sigmoid()));
        Initialise(model);
        return model;
    }

    /// <summary>
    /// Radford et al.'s initialisation: convolution weights from N(0, 0.02²), batch-norm scales from
    /// N(1, 0.02²) and shifts 0. Draws from TorchSharp's global generator (seed it first for a repeatable model).
    /// </summary>
    static void Initialise(Sequential model)
    {
        using var noGrad = no_grad();
        foreach (var layer in model.children())
        {
            switch (layer)
            {
                case Conv2d conv:
                    nn.init.normal_(conv.weight, 0, InitStd);
                    break;
                case ConvTranspose2d convT:
                    nn.init.normal_(convT.weight, 0, InitStd);
                    break;
                case BatchNorm2d norm:
                    nn.init.normal_(norm.weight, 1, InitStd);
                    nn.init.zeros_(norm.bias);
                    break;
            }
        }
    }
}
