using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Saved;

/// <summary>
/// Notebook 07's DCGAN networks, saved for the notebooks after it (notebook 08 builds its conditional GAN
/// on them). A test keeps each member identical to the notebook cell that defines it.
/// </summary>
public static class Dcgan
{
    public static nn.Module<Tensor, Tensor> Generator(int noiseSize = 100, int filters = 32)
    {
        int f = filters;
        var generator = nn.Sequential(
            ("unflatten", nn.Unflatten(1, [noiseSize, 1, 1])),   // z as a 1×1 image with noiseSize channels
            ("convt_g0", nn.ConvTranspose2d(noiseSize, 4 * f, kernel_size: 4, stride: 1, bias: false)),          // 1 → 4
            ("bn_g0", nn.BatchNorm2d(4 * f)), ("relu_g0", nn.ReLU()),
            ("convt_g1", nn.ConvTranspose2d(4 * f, 2 * f, kernel_size: 3, stride: 2, padding: 1, bias: false)),  // 4 → 7
            ("bn_g1", nn.BatchNorm2d(2 * f)), ("relu_g1", nn.ReLU()),
            ("convt_g2", nn.ConvTranspose2d(2 * f, f, kernel_size: 4, stride: 2, padding: 1, bias: false)),      // 7 → 14
            ("bn_g2", nn.BatchNorm2d(f)), ("relu_g2", nn.ReLU()),
            ("convt_g3", nn.ConvTranspose2d(f, 1, kernel_size: 4, stride: 2, padding: 1, bias: false)),          // 14 → 28
            ("flatten", nn.Flatten()), ("tanh_g", nn.Tanh()));
        InitializeWeights(generator);
        return generator;
    }

    public static nn.Module<Tensor, Tensor> Discriminator(int filters = 32, int inputChannels = 1)
    {
        int f = filters;
        var discriminator = nn.Sequential(
            ("unflatten", nn.Unflatten(1, [inputChannels, 28, 28])),
            ("conv_d0", nn.Conv2d(inputChannels, f, kernel_size: 4, stride: 2, padding: 1, bias: false)),        // 28 → 14
            ("relu_d0", nn.LeakyReLU(0.2)),
            ("conv_d1", nn.Conv2d(f, 2 * f, kernel_size: 4, stride: 2, padding: 1, bias: false)),                // 14 → 7
            ("bn_d1", nn.BatchNorm2d(2 * f)), ("relu_d1", nn.LeakyReLU(0.2)),
            ("conv_d2", nn.Conv2d(2 * f, 4 * f, kernel_size: 3, stride: 2, padding: 1, bias: false)),            // 7 → 4
            ("bn_d2", nn.BatchNorm2d(4 * f)), ("relu_d2", nn.LeakyReLU(0.2)),
            ("conv_d3", nn.Conv2d(4 * f, 1, kernel_size: 4, stride: 1, bias: false)),                            // 4 → 1
            ("flatten", nn.Flatten()), ("sigmoid", nn.Sigmoid()));
        InitializeWeights(discriminator);
        return discriminator;
    }

    public static void InitializeWeights(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var layer in model.modules())
        {
            if (layer is TorchSharp.Modules.Conv2d conv) nn.init.normal_(conv.weight, 0, 0.02);
            if (layer is TorchSharp.Modules.ConvTranspose2d transposed) nn.init.normal_(transposed.weight, 0, 0.02);
            if (layer is TorchSharp.Modules.BatchNorm2d norm)
            {
                nn.init.normal_(norm.weight, 1, 0.02);
                nn.init.zeros_(norm.bias);
            }
        }
    }
}
