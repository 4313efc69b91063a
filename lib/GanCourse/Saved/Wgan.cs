using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Saved;

/// <summary>
/// Notebook 06's code, saved as d2l saves a chapter's code with <c>#@save</c>: the critic, the gradient
/// penalty, the critic's updates (penalty and clipping), the generator's update against a critic and the
/// WGAN training step. The library's tests train WGAN-GP with these copies (it must cover at least as many
/// modes of the eight-Gaussian ring as the vanilla GAN); a test keeps each member identical to the
/// notebook cell that defines it (only <c>public static</c> differs), so a change is made in the notebook first.
/// </summary>
public static class Wgan
{
    public static nn.Module<Tensor, Tensor> Critic(int inputs, int hiddenLayers = 2, int units = 256)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (int i = 0; i < hiddenLayers; i++)
        {
            layers.Add(nn.Linear(i == 0 ? inputs : units, units));
            layers.Add(nn.LeakyReLU(0.2));
        }
        layers.Add(nn.Linear(hiddenLayers == 0 ? inputs : units, 1));   // a score, not a probability: no sigmoid
        return nn.Sequential(layers.ToArray());
    }

    // E[(‖∇f(x̂)‖ − 1)²] on x̂ = εx + (1 − ε)x̃ with one ε per sample, and the mean ‖∇f(x̂)‖ for the record.
    public static (Tensor Penalty, Tensor MeanNorm) GradientPenalty(nn.Module<Tensor, Tensor> critic, Tensor real, Tensor fake)
    {
        var epsilon = torch.rand(real.shape[0], 1, device: real.device);
        var xHat = (epsilon * real + (1 - epsilon) * fake).detach().requires_grad_(true);
        var scores = critic.forward(xHat);
        // create_graph makes the gradient itself differentiable; retain_graph keeps the forward graph for the
        // second pass (PyTorch implies it with create_graph, TorchSharp does not).
        var gradient = torch.autograd.grad([scores], [xHat], [ones_like(scores)], retain_graph: true, create_graph: true)[0];
        var norms = linalg.vector_norm(gradient, 2, [1]);
        return ((norms - 1).square().mean(), norms.mean().detach());
    }

    public static Measures UpdateCritic(Tensor real, Tensor fake, nn.Module<Tensor, Tensor> critic, optim.Optimizer optimizer, double lambda)
    {
        critic.zero_grad();
        var (realScore, fakeScore) = (critic.forward(real).mean(), critic.forward(fake).mean());
        var (penalty, meanNorm) = GradientPenalty(critic, real, fake);
        var loss = fakeScore - realScore + lambda * penalty;
        loss.backward();
        optimizer.step();
        return new() { ["W1 estimate"] = (realScore - fakeScore).detach(), ["critic loss"] = loss.detach(), ["‖∇f(x̂)‖"] = meanNorm };
    }

    public static Measures UpdateCriticClipped(Tensor real, Tensor fake, nn.Module<Tensor, Tensor> critic, optim.Optimizer optimizer, double clip)
    {
        critic.zero_grad();
        var (realScore, fakeScore) = (critic.forward(real).mean(), critic.forward(fake).mean());
        var loss = fakeScore - realScore;
        loss.backward();
        optimizer.step();
        using (no_grad()) foreach (var p in critic.parameters()) p.clamp_(-clip, clip);   // keep every weight in [−c, c]
        return new() { ["W1 estimate"] = (realScore - fakeScore).detach(), ["critic loss"] = loss.detach() };
    }

    public static Tensor UpdateGenerator(Tensor z, nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> critic, optim.Optimizer optimizer)
    {
        generator.zero_grad();
        var held = critic.parameters().Where(p => p.requires_grad).ToList();   // the critic is held
        foreach (var p in held) p.requires_grad = false;
        Tensor loss;
        try
        {
            loss = -critic.forward(generator.forward(z)).mean();
            loss.backward();
        }
        finally
        {
            foreach (var p in held) p.requires_grad = true;
        }
        optimizer.step();
        return loss.detach();
    }

    public static Measures WganStep(IEnumerable<Tensor> realBatches, Func<long, Tensor> noise, nn.Module<Tensor, Tensor> generator,
        Func<Tensor, Tensor, Measures> criticStep, nn.Module<Tensor, Tensor> critic, optim.Optimizer generatorOptimizer)
    {
        Measures record = null!;
        long batch = 0;
        foreach (var real in realBatches)
        {
            batch = real.shape[0];
            Tensor fake;
            using (no_grad()) fake = generator.forward(noise(batch));
            record = criticStep(real, fake);
        }
        record["G loss"] = UpdateGenerator(noise(batch), generator, critic, generatorOptimizer);
        return record;
    }
}
