using GanCourse.Objectives;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Tests.Objectives;

public class GradientPenaltyTests
{
    /// <summary>f(x) = w·x + b: its gradient is w everywhere, so ‖∇f‖ = ‖w‖ and the penalty is (‖w‖ − 1)².</summary>
    static Linear LinearCritic(params float[] w)
    {
        var critic = nn.Linear(w.Length, 1);
        using (no_grad())
        {
            critic.weight!.copy_(tensor(w).reshape(1, -1));
            critic.bias!.fill_(0.3);
        }
        return critic;
    }

    [Fact]
    public void The_gradient_norm_of_a_linear_critic_is_the_norm_of_its_weights_at_every_point()
    {
        using var critic = LinearCritic(3, 4);
        var points = randn(7, 2);

        var norms = GradientPenalty.GradientNorms(critic, points);

        Assert.Equal([7L], norms.shape);
        Assert.All(norms.data<float>().ToArray(), n => Assert.Equal(5f, n, 5));
    }

    [Fact]
    public void The_penalty_is_differentiable_in_the_critic_weights_through_the_double_backward()
    {
        // P(w) = (‖w‖ − 1)², so ∂P/∂w = 2(‖w‖ − 1)·w/‖w‖ = 2·4/5·(3, 4) = (4.8, 6.4) for w = (3, 4).
        using var critic = LinearCritic(3, 4);
        var (penalty, meanNorm) = GradientPenalty.Compute(critic, randn(16, 2), randn(16, 2));

        Assert.Equal(16f, penalty.item<float>(), 4);
        Assert.Equal(5f, meanNorm.item<float>(), 5);
        Assert.False(meanNorm.requires_grad);
        penalty.backward();
        Assert.Equal([4.8f, 6.4f], critic.weight!.grad!.flatten().data<float>().ToArray().Select(v => MathF.Round(v, 4)));
        // The bias does not change the gradient with respect to x, so the penalty does not move it.
        Assert.Equal(0f, critic.bias!.grad?.item<float>() ?? 0f, 6);
    }

    [Fact]
    public void The_gradient_of_a_nonlinear_critic_matches_finite_differences()
    {
        torch.manual_seed(3);
        using var critic = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1));
        critic.to(float64);
        var x = tensor(new[] { 0.3, -0.7 }, float64).reshape(1, 2);

        var norm = GradientPenalty.GradientNorms(critic, x).item<double>();

        double F(double a, double b) { using var _ = no_grad(); return critic.forward(tensor(new[] { a, b }, float64).reshape(1, 2)).item<double>(); }
        const double h = 1e-6;
        var gx = (F(0.3 + h, -0.7) - F(0.3 - h, -0.7)) / (2 * h);
        var gy = (F(0.3, -0.7 + h) - F(0.3, -0.7 - h)) / (2 * h);
        Assert.Equal(Math.Sqrt(gx * gx + gy * gy), norm, 8);
    }

    [Fact]
    public void Interpolates_lie_on_the_segment_between_each_real_and_fake_sample_with_one_weight_per_sample()
    {
        var real = zeros(500, 3);
        var fake = ones(500, 3);
        using var generator = new torch.Generator(5);

        var x = GradientPenalty.Interpolates(real, fake, generator);

        // x = ε·0 + (1 − ε)·1 = 1 − ε: in [0, 1], the same in every feature of a sample, spread over [0, 1].
        Assert.Equal(real.shape, x.shape);
        Assert.True(x.ge(0).all().item<bool>() && x.le(1).all().item<bool>());
        Assert.Equal(0.0, (x - x[.., 0..1]).abs().max().item<float>(), 6);
        Assert.InRange(x.mean().item<float>(), 0.45, 0.55);
        Assert.InRange(x.std().item<float>(), 0.26, 0.32);   // U(0, 1) has std 0.289
    }

    [Fact]
    public void Interpolating_between_batches_of_different_shapes_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => GradientPenalty.Interpolates(zeros(4, 2), zeros(3, 2)));
        Assert.Contains("same shape", e.Message);
        Assert.Contains("[4, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => GradientPenalty.Interpolates(zeros(0, 2), zeros(0, 2)));
    }
}
