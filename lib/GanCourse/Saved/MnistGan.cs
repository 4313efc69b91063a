using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GanCourse.Saved;

/// <summary>
/// Notebook 04's code, saved for the notebooks after it, as d2l saves a chapter's code with <c>#@save</c>:
/// the lecture's fully connected networks, the noise, the discriminator and generator steps and one
/// training step. Notebooks 05–08 call these copies; a test keeps each member identical to the notebook
/// cell that defines it (only <c>public static</c> differs), so a change is made in the notebook first.
/// </summary>
public static class MnistGan
{
    public static nn.Module<Tensor, Tensor> Generator(int noiseSize = 20) => nn.Sequential(
        ("fc_g0", nn.Linear(noiseSize, 100)),
        ("relu_g0", nn.LeakyReLU(0.01)),
        ("fc_g1", nn.Linear(100, 784)),
        ("tanh_g", nn.Tanh()));

    public static nn.Module<Tensor, Tensor> Discriminator(double dropout = 0.5) => nn.Sequential(
        ("fc_d0", nn.Linear(784, 100, hasBias: false)),
        ("relu_d0", nn.LeakyReLU(0.01)),
        ("dropout", nn.Dropout(dropout)),
        ("fc_d1", nn.Linear(100, 1)),
        ("sigmoid", nn.Sigmoid()));

    public static Tensor Noise(long count, int size = 20, Device? device = null) =>
        torch.rand(count, size, device: device) * 2 - 1;   // uniform on [−1, 1]

    public static (Tensor Loss, Tensor RealScores, Tensor FakeScores) UpdateDiscriminator(Tensor x, Tensor z,
        nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator, optim.Optimizer optimizer)
    {
        Tensor fake;
        using (no_grad())
            fake = generator.forward(z);   // G is held: its images are data here, with no graph behind them
        discriminator.zero_grad();
        var realScores = discriminator.forward(x);
        var fakeScores = discriminator.forward(fake);
        var loss = binary_cross_entropy(realScores, ones_like(realScores))
                 + binary_cross_entropy(fakeScores, zeros_like(fakeScores));
        loss.backward();
        optimizer.step();
        return (loss.detach(), realScores.detach(), fakeScores.detach());
    }

    public static Tensor UpdateGenerator(Tensor z,
        nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator, optim.Optimizer optimizer)
    {
        generator.zero_grad();
        // D is held: the gradient flows through D into G, but D's own weights get none.
        var held = discriminator.parameters().Where(p => p.requires_grad).ToList();
        foreach (var p in held) p.requires_grad = false;
        Tensor loss;
        try
        {
            var scores = discriminator.forward(generator.forward(z));
            loss = binary_cross_entropy(scores, ones_like(scores));   // −log D(G(z)), the non-saturating loss
            loss.backward();
        }
        finally
        {
            foreach (var p in held) p.requires_grad = true;
        }
        optimizer.step();
        return loss.detach();
    }

    public static Measures TrainingStep(Tensor x, nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> discriminator,
        optim.Optimizer generatorOptimizer, optim.Optimizer discriminatorOptimizer, int noiseSize = 20)
    {
        var (dLoss, realScores, fakeScores) = UpdateDiscriminator(x, Noise(x.shape[0], noiseSize, x.device),
            generator, discriminator, discriminatorOptimizer);
        var gLoss = UpdateGenerator(Noise(x.shape[0], noiseSize, x.device), generator, discriminator, generatorOptimizer);
        return new() { ["G loss"] = gLoss, ["D loss"] = dLoss, ["D(x)"] = realScores.mean(), ["D(G(z))"] = fakeScores.mean() };
    }
}
