using GanCourse.Data;
using GanCourse.Objectives;
using GanCourse.Models;
using GanCourse.Notebook;
using GanCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

public class AdversarialTrainerTests
{
    static readonly AdversarialOptions Small = new() { NoiseSize = 2, BatchSize = 32, CriticSteps = 3, Device = CPU, Seed = 4 };

    static AdversarialTrainer PointTrainer(AdversarialLoss loss, AdversarialOptions? options = null, long seed = 1)
    {
        ComputeDevice.Seed(seed);
        return new AdversarialTrainer(WganModels.PointGenerator(2, 2, 16), WganModels.Critic(2, 2, 16), loss, options ?? Small);
    }

    static Tensor Shifted(long n, torch.Generator random) => randn([n, 2], generator: random) + 3;

    static float[] Weights(nn.Module module) => module.parameters().SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();

    [Fact]
    public void A_step_moves_the_critic_in_each_critic_step_and_the_generator_once_with_the_critic_frozen()
    {
        using var trainer = PointTrainer(AdversarialLoss.WassersteinGradientPenalty());
        var criticBefore = Weights(trainer.Critic);
        var generatorBefore = Weights(trainer.Generator);

        var step = trainer.Step(Shifted);

        Assert.Equal(1, step.Step);
        Assert.Equal(1, trainer.Steps);
        Assert.NotEqual(criticBefore, Weights(trainer.Critic));
        Assert.NotEqual(generatorBefore, Weights(trainer.Generator));
        Assert.All(trainer.Critic.parameters(), p => Assert.True(p.requires_grad));   // unfrozen again
        Assert.NotNull(step.Penalty);
        Assert.NotNull(step.GradientNorm);
        Assert.Equal(step.RealScore - step.FakeScore, step.WassersteinEstimate);
        // The Adam state counts one step per critic step for the critic and one for the generator.
        Assert.Equal(3, CriticAdamSteps(trainer));
    }

    static int CriticAdamSteps(AdversarialTrainer trainer)
    {
        var state = (TorchSharp.Modules.Adam.State)((TorchSharp.Modules.Adam)trainer.CriticOptimizer).state_dict().State[0];
        return (int)state.step;
    }

    /// <summary>Records the order of the loop's calls and whether the critic was frozen when the generator's loss was formed.</summary>
    sealed class SpyLoss(AdversarialLoss inner) : AdversarialLoss
    {
        public nn.Module<Tensor, Tensor>? Critic;
        public List<string> Calls { get; } = [];
        public override string Name => "spy";

        public override CriticLossTerms CriticLoss(nn.Module<Tensor, Tensor> critic, Tensor real, Tensor fake, torch.Generator? generator = null)
        {
            Critic = critic;
            Calls.Add(fake.requires_grad ? "critic loss on an attached fake batch" : "critic loss");
            return inner.CriticLoss(critic, real, fake, generator);
        }

        public override Tensor GeneratorLoss(Tensor fakeScores)
        {
            Calls.Add(Critic!.parameters().All(p => !p.requires_grad) ? "generator loss, critic frozen" : "generator loss, critic trainable");
            return inner.GeneratorLoss(fakeScores);
        }

        public override void AfterCriticStep(nn.Module<Tensor, Tensor> critic) => Calls.Add("after critic step");
    }

    [Fact]
    public void The_critic_steps_see_detached_fakes_and_the_generator_step_a_frozen_critic()
    {
        var spy = new SpyLoss(AdversarialLoss.WassersteinGradientPenalty());
        using var trainer = PointTrainer(spy);

        trainer.Step(Shifted);

        Assert.Equal(["critic loss", "after critic step", "critic loss", "after critic step", "critic loss", "after critic step", "generator loss, critic frozen"], spy.Calls);
    }

    [Fact]
    public void Wgan_gp_moves_a_generator_onto_a_shifted_distribution_and_the_estimate_falls()
    {
        using var trainer = PointTrainer(AdversarialLoss.WassersteinGradientPenalty(), Small with { LearningRate = 1e-3, BatchSize = 128 });

        var steps = trainer.Train(600, Shifted);

        // The generator starts near the origin, a distance 3√2 ≈ 4.2 from the data's mean (3, 3).
        using var samples = trainer.Generate(4000, seed: 9);
        var mean = samples.mean([0]).data<float>().ToArray();
        var distance = Math.Sqrt(mean.Sum(m => (m - 3.0) * (m - 3.0)));
        Assert.True(distance < 1, $"the generator's mean ({mean[0]:F2}, {mean[1]:F2}) is {distance:F2} from (3, 3)");
        // A randomly started critic first has to learn which way the data lie: its estimate climbs to
        // near the gap, then falls as the generator closes it.
        var peak = steps.Take(200).Max(s => s.WassersteinEstimate);
        var late = steps.TakeLast(100).Average(s => s.WassersteinEstimate);
        Assert.True(peak > 2.5, $"peak estimate {peak}");
        Assert.True(late < peak / 3, $"late estimate {late}, peak {peak}");
    }

    [Fact]
    public void The_same_seeds_give_the_same_run()
    {
        List<AdversarialStep> Run()
        {
            using var trainer = PointTrainer(AdversarialLoss.WassersteinGradientPenalty());
            return trainer.Train(5, Shifted);
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Fit_counts_epochs_in_real_batches_and_keeps_samples_of_the_fixed_noise()
    {
        using var trainer = PointTrainer(AdversarialLoss.WassersteinGradientPenalty());
        var data = randn(320, 2);   // 10 batches of 32: 3 generator steps of 3 critic steps per epoch
        var lines = new List<string>();
        var progress = new EpochProgress(3, output: TextWriter.Null);

        var history = trainer.Fit(data, epochs: 3, sampleEpochs: [1], afterEpoch: e => lines.Add(progress.Report(e)!));

        Assert.Equal([1, 2, 3], history.Epochs.Select(e => e.Epoch));
        Assert.All(history.Epochs, e => Assert.Equal(3, e.GeneratorSteps));
        Assert.Equal(9, trainer.Steps);
        Assert.Equal([1, 3], history.Samples.Select(s => s.Epoch));
        Assert.Equal(64, history.Samples[0].Images.Length);
        Assert.Equal(2, history.Samples[0].Images[0].Length);
        Assert.Matches(@"^epoch 1/3  W1 estimate -?\d+\.\d{3}  ‖∇f\(x̂\)‖ \d+\.\d{2}  G loss -?\d+\.\d{3}  .* left\)$", lines[0]);
        Assert.All(history.Epochs, e => Assert.True(e.Seconds > 0));
        Assert.EndsWith("(done)", lines[2]);
    }

    [Fact]
    public void Mismatched_networks_and_bad_settings_are_refused_with_clear_messages()
    {
        ComputeDevice.Seed(1);
        var noise = Assert.Throws<ArgumentException>(() => new AdversarialTrainer(WganModels.PointGenerator(3), WganModels.Critic(2), AdversarialLoss.NonSaturating, Small));
        Assert.Contains("noise of size 2", noise.Message);
        var critic = Assert.Throws<ArgumentException>(() => new AdversarialTrainer(WganModels.PointGenerator(2), WganModels.Critic(784), AdversarialLoss.NonSaturating, Small));
        Assert.Contains("does not accept the generator's output of shape [2, 2]", critic.Message);
        var scores = Assert.Throws<ArgumentException>(() => new AdversarialTrainer(WganModels.PointGenerator(2), nn.Identity(), AdversarialLoss.NonSaturating, Small));
        Assert.Contains("one score per sample", scores.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PointTrainer(AdversarialLoss.NonSaturating, Small with { CriticSteps = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PointTrainer(AdversarialLoss.NonSaturating, Small with { LearningRate = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PointTrainer(AdversarialLoss.NonSaturating, Small with { Beta2 = 1 }));

        using var trainer = PointTrainer(AdversarialLoss.NonSaturating);
        Assert.Contains("at least 96 rows", Assert.Throws<ArgumentException>(() => trainer.Fit(randn(50, 2), 1)).Message);
    }
}

public class EndlessBatchesTests
{
    [Fact]
    public void Every_row_comes_once_per_epoch_and_a_new_order_follows()
    {
        using var rows = arange(100, dtype: ScalarType.Float32).unsqueeze(1);
        using var batches = new EndlessBatches(rows, 25);
        using var random = new torch.Generator(2);

        float[] Epoch() => Enumerable.Range(0, 4).SelectMany(_ => { using var b = batches.Next(25, random); return b.data<float>().ToArray(); }).ToArray();
        var first = Epoch();
        var second = Epoch();

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (float)i), first.Order());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (float)i), second.Order());
        Assert.NotEqual(first, second);
        Assert.Equal(8, batches.Drawn);
        Assert.Contains("hold 25 rows", Assert.Throws<ArgumentException>(() => batches.Next(10, random)).Message);
    }
}
