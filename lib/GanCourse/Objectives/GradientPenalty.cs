using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Objectives;

/// <summary>
/// The gradient penalty of WGAN-GP (Gulrajani et al. 2017): λ·E[(‖∇ₓ f(x̂)‖₂ − 1)²] on points x̂ drawn on
/// straight lines between real and generated samples, where an optimal critic has gradient norm 1.
/// </summary>
public static class GradientPenalty
{
    /// <summary>
    /// x̂ = ε·x + (1 − ε)·x̃ with one ε ~ U(0, 1) per sample (shared by all of a sample's features).
    /// <paramref name="fake"/> should be detached: the penalty trains the critic, not the generator.
    /// </summary>
    public static Tensor Interpolates(Tensor real, Tensor fake, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        if (!real.shape.SequenceEqual(fake.shape))
            throw new ArgumentException($"real and fake batches must have the same shape, not [{string.Join(", ", real.shape)}] and [{string.Join(", ", fake.shape)}].");
        if (real.dim() < 1 || real.shape[0] == 0) throw new ArgumentException("the batches are empty.", nameof(real));
        var shape = real.shape.Select((size, i) => i == 0 ? size : 1L).ToArray();
        var epsilon = rand(shape, dtype: real.dtype, device: real.device, generator: generator);
        return epsilon * real + (1 - epsilon) * fake;
    }

    /// <summary>
    /// ‖∇ₓ f(x)‖₂ for each sample of <paramref name="points"/>, as a tensor of shape [N] that is itself
    /// differentiable with respect to the critic's weights: <c>torch.autograd.grad</c> with
    /// <c>create_graph: true</c> records the gradient computation, so a loss built from these norms can
    /// be back-propagated (a "double backward").
    /// </summary>
    public static Tensor GradientNorms(nn.Module<Tensor, Tensor> critic, Tensor points)
    {
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(points);
        var x = points.detach().requires_grad_(true);
        var scores = critic.forward(x);
        // f maps each sample to one score, so ones as grad_outputs give each sample's own gradient.
        // retain_graph as PyTorch defaults it under create_graph: the penalty's backward runs through this graph.
        var gradient = torch.autograd.grad([scores], [x], [ones_like(scores)], retain_graph: true, create_graph: true)[0];
        return linalg.vector_norm(gradient.reshape(gradient.shape[0], -1), 2, [1]);
    }

    /// <summary>
    /// E[(‖∇ f(x̂)‖₂ − 1)²] on fresh interpolates (without the factor λ) and the mean gradient norm, which
    /// shows how close the critic is to being 1-Lipschitz along those lines.
    /// </summary>
    public static (Tensor Penalty, Tensor MeanGradientNorm) Compute(nn.Module<Tensor, Tensor> critic, Tensor real, Tensor fake, Generator? generator = null)
    {
        var norms = GradientNorms(critic, Interpolates(real, fake, generator));
        return ((norms - 1).square().mean(), norms.mean().detach());
    }
}
