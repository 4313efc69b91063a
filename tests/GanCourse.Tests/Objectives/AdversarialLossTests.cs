using GanCourse.Objectives;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Tests.Objectives;

public class AdversarialLossTests
{
    /// <summary>f(x) = w·x + b.</summary>
    static Linear Critic(float b, params float[] w)
    {
        var critic = nn.Linear(w.Length, 1);
        using (no_grad())
        {
            critic.weight!.copy_(tensor(w).reshape(1, -1));
            critic.bias!.fill_(b);
        }
        return critic;
    }

    static Tensor Rows(params float[][] rows) => stack(rows.Select(r => tensor(r)).ToArray());

    [Fact]
    public void The_vanilla_loss_is_binary_cross_entropy_on_logits_with_the_non_saturating_generator_loss()
    {
        // w = 0: every logit is the bias s, so D = σ(s) for real and fake samples alike.
        using var critic = Critic(0.5f, 0, 0);
        var terms = AdversarialLoss.NonSaturating.CriticLoss(critic, randn(8, 2), randn(8, 2));

        double s = 0.5;
        Assert.Equal(Math.Log(1 + Math.Exp(-s)) + Math.Log(1 + Math.Exp(s)), terms.Loss.item<float>(), 5);
        Assert.Equal(s, terms.RealScore.item<float>(), 6);
        Assert.Null(terms.Penalty);
        Assert.Equal(Math.Log(1 + Math.Exp(-s)), AdversarialLoss.NonSaturating.GeneratorLoss(full(4, 1, 0.5f)).item<float>(), 5);
    }

    [Fact]
    public void The_wgan_gp_critic_loss_is_the_negated_estimate_plus_lambda_times_the_penalty()
    {
        using var critic = Critic(0.1f, 3, 4);     // ‖w‖ = 5: penalty (5 − 1)² = 16
        var real = Rows([1, 0], [0, 1]);          // f = 3.1, 4.1: mean 3.6
        var fake = Rows([0, 0], [-1, 0]);         // f = 0.1, −2.9: mean −1.4

        var terms = AdversarialLoss.WassersteinGradientPenalty(10).CriticLoss(critic, real, fake);

        Assert.Equal(3.6f, terms.RealScore.item<float>(), 5);
        Assert.Equal(-1.4f, terms.FakeScore.item<float>(), 5);
        Assert.Equal(-1.4 - 3.6 + 10 * 16, terms.Loss.item<float>(), 3);
        Assert.Equal(16f, terms.Penalty!.item<float>(), 4);
        Assert.Equal(5f, terms.GradientNorm!.item<float>(), 5);
        Assert.Equal(1.4f, AdversarialLoss.WassersteinGradientPenalty().GeneratorLoss(fake.matmul(tensor(new[] { 3f, 4f }).reshape(2, 1)) + 0.1f).item<float>(), 5);
        Assert.Equal("WGAN-GP (λ = 10)", AdversarialLoss.WassersteinGradientPenalty(10).Name);
    }

    [Fact]
    public void Weight_clipping_keeps_every_critic_weight_within_the_bound_after_a_step()
    {
        var loss = AdversarialLoss.WassersteinWeightClipping(0.01);
        using var critic = Critic(0.5f, 3, -4);

        var terms = loss.CriticLoss(critic, randn(8, 2), randn(8, 2));
        loss.AfterCriticStep(critic);

        Assert.Null(terms.Penalty);
        Assert.Equal([0.01f, -0.01f], critic.weight!.flatten().data<float>().ToArray());
        Assert.Equal(0.01f, critic.bias!.item<float>());
    }

    [Fact]
    public void Bad_settings_are_refused_with_their_names()
    {
        Assert.Contains("λ", Assert.Throws<ArgumentOutOfRangeException>(() => AdversarialLoss.WassersteinGradientPenalty(0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => AdversarialLoss.WassersteinGradientPenalty(double.NaN));
        Assert.Contains("clipping bound", Assert.Throws<ArgumentOutOfRangeException>(() => AdversarialLoss.WassersteinWeightClipping(-1)).Message);
    }
}
