using GanCourse.Objectives;
using GanCourse.Theory;
using GanCourse.Toy;

namespace GanCourse.Tests.Toy;

public class Critic1DTests
{
    static readonly NormalDensity Real = Density.Normal(0, 1);

    [Fact]
    public void A_penalised_critic_estimates_w1_with_the_bias_the_soft_penalty_predicts()
    {
        // p_g = N(2, 1): W1 = 2. A straight-line critic of slope s earns s·W1 − λ(s − 1)², best at
        // s = 1 + W1/(2λ), where its estimate is W1 + W1²/(2λ) = 2.2 for λ = 10.
        var fake = Density.Normal(2, 1);
        using var critic = new Critic1D(AdversarialLoss.WassersteinGradientPenalty(10), new Critic1DOptions { Seed = 3 });

        critic.Train(Real.Sample, fake.Sample, steps: 600);
        var estimate = critic.Estimate(Real.Sample, fake.Sample);

        Assert.Equal(600, critic.Steps);
        Assert.InRange(estimate.Estimate, 2.1, 2.3);
        Assert.InRange(estimate.MeanGradientNorm, 1.04, 1.15);
        // The critic falls from left to right where the mass is (p_r left of p_g), by about its slope per unit.
        var grid = new[] { -1.0, 0, 1, 2, 3 };
        var f = critic.Evaluate(grid);
        Assert.Equal(0, f.Average(), 5);
        Assert.All(f.Zip(f.Skip(1)), pair => Assert.InRange(pair.First - pair.Second, 0.9, 1.3));
    }

    [Fact]
    public void A_clipped_critic_pins_its_weights_to_the_bound_and_sees_only_a_tiny_multiple_of_w1()
    {
        var fake = Density.Normal(2, 1);
        using var critic = new Critic1D(AdversarialLoss.WassersteinWeightClipping(0.01), new Critic1DOptions { Seed = 3 });

        critic.Train(Real.Sample, fake.Sample, steps: 300);
        var estimate = critic.Estimate(Real.Sample, fake.Sample);
        var parameters = critic.Parameters();

        Assert.All(parameters, p => Assert.InRange(p, -0.01, 0.01));
        Assert.True(parameters.Count(p => Math.Abs(p) > 0.0099) > 0.9 * parameters.Length, "most weights should sit at ±c");
        Assert.InRange(estimate.Estimate, 1e-4, 0.01);            // positive, but hundreds of times below W1 = 2
        Assert.InRange(estimate.MeanGradientNorm, 1e-5, 0.005);
    }

    [Fact]
    public void A_critic_kept_training_follows_a_moving_distribution()
    {
        // p_g slides from N(−2, 1) onto p_r while the critic takes 5 steps per move, as in a WGAN's loop.
        using var critic = new Critic1D(AdversarialLoss.WassersteinGradientPenalty(10), new Critic1DOptions { Seed = 5 });
        var errors = new List<double>();
        for (int move = 0; move <= 200; move++)
        {
            var fake = Density.Normal(-2 + 2.0 * move / 200, 1);
            critic.Train(Real.Sample, fake.Sample, 5);
            if (move >= 50 && move % 50 == 0)
            {
                var w1 = Divergence.W1(Real, fake);
                errors.Add(critic.Estimate(Real.Sample, fake.Sample, 5000).Estimate - (w1 + w1 * w1 / 20));
            }
        }
        Assert.All(errors, e => Assert.InRange(e, -0.15, 0.15));
    }

    [Fact]
    public void The_same_seed_gives_the_same_critic()
    {
        double[] Run()
        {
            using var critic = new Critic1D(AdversarialLoss.WassersteinGradientPenalty(), new Critic1DOptions { Seed = 8 });
            critic.Train(Real.Sample, Density.Normal(1, 1).Sample, 20);
            return critic.Parameters();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Bad_settings_and_input_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new Critic1D(null!));
        Assert.Contains("BatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new Critic1D(AdversarialLoss.NonSaturating, new Critic1DOptions { BatchSize = 1 })).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Critic1D(AdversarialLoss.NonSaturating, new Critic1DOptions { LearningRate = double.NaN })).Message);
        using var critic = new Critic1D(AdversarialLoss.WassersteinGradientPenalty());
        Assert.Throws<ArgumentOutOfRangeException>(() => critic.Train(Real.Sample, Real.Sample, -1));
        Assert.Throws<ArgumentNullException>(() => critic.Train(null!, Real.Sample, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => critic.Estimate(Real.Sample, Real.Sample, samples: 1));
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => critic.Evaluate([])).Message);
    }
}
