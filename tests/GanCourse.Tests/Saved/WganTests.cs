using GanCourse.Data;
using Xunit.Abstractions;
using GanCourse.Metrics;
using GanCourse.Saved;
using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Saved;

/// <summary>Notebook 06's critic, gradient penalty, updates and WGAN step, as the library saved them.</summary>
public class WganTests(ITestOutputHelper output)
{
    [Fact]
    public void The_penalty_of_a_linear_critic_is_its_slope_minus_one_squared_and_reaches_its_weights()
    {
        // f(x) = 2·x₁: ‖∇f‖ = 2 everywhere, so the penalty is (2 − 1)² = 1 whatever the samples.
        var critic = Wgan.Critic(inputs: 2, hiddenLayers: 0);
        var linear = (TorchSharp.Modules.Linear)critic.children().Single();
        using (no_grad()) { linear.weight!.copy_(tensor(new[,] { { 2f, 0f } })); linear.bias!.zero_(); }

        var (penalty, meanNorm) = Wgan.GradientPenalty(critic, randn(16, 2), randn(16, 2) + 3);
        Assert.Equal(1f, penalty.item<float>(), 5);
        Assert.Equal(2f, meanNorm.item<float>(), 5);
        Assert.False(meanNorm.requires_grad);

        penalty.backward();   // d/dw (‖w‖ − 1)² = 2(‖w‖ − 1)·w/‖w‖ = (2, 0)
        Assert.Equal([2f, 0f], linear.weight!.grad!.data<float>().ToArray());
        Assert.Equal(0f, linear.bias!.grad?.item<float>() ?? 0f);
    }

    [Fact]
    public void Clipping_keeps_every_weight_within_c_and_the_generator_update_leaves_the_critic_alone()
    {
        torch.manual_seed(1);
        var critic = Wgan.Critic(inputs: 2, hiddenLayers: 2, units: 16);
        var criticOptimizer = optim.Adam(critic.parameters(), 0.1);
        for (int i = 0; i < 5; i++) Wgan.UpdateCriticClipped(randn(32, 2), randn(32, 2) + 1, critic, criticOptimizer, 0.01);
        Assert.All(critic.parameters(), p => Assert.True(p.abs().max().item<float>() <= 0.01f + 1e-7f));

        var generator = nn.Sequential(nn.Linear(2, 2));
        critic.zero_grad();
        var before = critic.parameters().Select(p => p.clone()).ToList();
        var frozen = critic.parameters().First();
        frozen.requires_grad = false;   // a parameter the caller froze stays frozen
        Wgan.UpdateGenerator(randn(32, 2), generator, critic, optim.Adam(generator.parameters(), 0.1));
        Assert.All(critic.parameters().Zip(before), p => Assert.True(p.First.equal(p.Second).all().item<bool>()));
        Assert.Equal([false, true, true, true, true, true], critic.parameters().Select(p => p.requires_grad));
        // No gradient reached the critic: the generator's loss was differentiated with the critic held.
        Assert.All(critic.parameters(), p => Assert.True(p.grad is null || p.grad.abs().max().item<float>() == 0));
        Assert.All(generator.parameters(), p => Assert.True(p.grad!.abs().max().item<float>() > 0));
    }

    /// <summary>
    /// Notebook 06's ring at a third of its length: 1,000 generator steps each. WGAN-GP must cover at least
    /// as many of the eight modes as the vanilla GAN, and at least half of them, or it has not learned.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void On_the_ring_WGAN_GP_covers_at_least_as_many_modes_as_the_vanilla_GAN(int seed)
    {
        const int steps = 1000;
        var vanilla = Ring.Train(seed, steps, judge: nn.Sequential(Wgan.Critic(inputs: 2, hiddenLayers: 3, units: 128), nn.Sigmoid()),
            (ring, g, judge, optG, optD) =>
            {
                Tensor dLoss = null!;
                for (int k = 0; k < 5; k++) dLoss = MnistGan.UpdateDiscriminator(ring.Sample(256), Ring.Noise(256), g, judge, optD).Loss;
                return new Measures { ["D loss"] = dLoss, ["G loss"] = MnistGan.UpdateGenerator(Ring.Noise(256), g, judge, optG) };
            });
        var wgan = Ring.Train(seed, steps, judge: Wgan.Critic(inputs: 2, hiddenLayers: 3, units: 128),
            (ring, g, critic, optG, optC) => Wgan.WganStep(Enumerable.Range(0, 5).Select(_ => ring.Sample(256)), Ring.Noise, g,
                (real, fake) => Wgan.UpdateCritic(real, fake, critic, optC, 0.1), critic, optG));
        output.WriteLine($"seed {seed}, {steps} steps: vanilla {vanilla}; WGAN-GP {wgan}");
        Assert.True(wgan.Covered >= vanilla.Covered, $"vanilla {vanilla}; WGAN-GP {wgan}");
        Assert.True(wgan.Covered >= 4, $"WGAN-GP {wgan}");
    }

    /// <summary>Notebook 06's ring experiment: its generator, noise, optimizers and batches, for fewer steps.</summary>
    static class Ring
    {
        public static Tensor Noise(long n) => torch.rand(n, 2) * 2 - 1;

        public static ModeCoverage Train(int seed, int steps, nn.Module<Tensor, Tensor> judge,
            Func<GaussianRing, nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>, optim.Optimizer, optim.Optimizer, Measures> step)
        {
            var ring = new GaussianRing();
            torch.manual_seed(seed);
            var g = nn.Sequential(nn.Linear(2, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 2));
            var (optG, optJ) = (optim.Adam(g.parameters(), 5e-4, 0.5, 0.9), optim.Adam(judge.parameters(), 5e-4, 0.5, 0.9));
            var loop = new TrainingLoop(new TrainingOptions { Epochs = steps / 250, StepsPerEpoch = 250, Seed = seed, Threads = 1, Device = CPU, ShowProgress = false })
                .Add("generator", g, optG).Add("judge", judge, optJ);
            loop.Fit(() => step(ring, g, judge, optG, optJ));
            using var points = loop.Generate(() => g.forward(Noise(2000)));
            return ModeCoverage.Measure(points, ring.CentreTensor(), ring.Sigma);
        }
    }
}
