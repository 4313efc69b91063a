using GanCourse.Saved;
using GanCourse.Tests.Data;
using GanCourse.Training;
using TorchSharp;
using static GanCourse.Tests.Training.TrainingData;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GanCourse.Tests.Training;

/// <summary>
/// For each kind of GAN the course trains — plain (notebook 04), conditional (08) and Wasserstein with a
/// gradient penalty and several critic steps per generator step (06) — two epochs, a checkpoint, fresh
/// networks resumed from it and two more epochs give exactly what four epochs in one go give.
/// </summary>
[Collection(SeededTrainingCollection.Name)]
public class ResumeTests : IDisposable
{
    readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    static readonly TrainingOptions Four = new() { Epochs = 4, Device = CPU, ShowProgress = false, SampleEpochs = [1, 3] };

    /// <summary>One setup of networks, optimizers and step: built fresh (with its own initial weights) for every run.</summary>
    sealed record Setup(TrainingLoop Loop, Func<Action<EpochRecord>?, CancellationToken, TrainingHistory> Fit, nn.Module[] Networks)
    {
        public TrainingHistory Run() => Fit(null, CancellationToken.None);
    }

    void ResumingEqualsTrainingStraight(Func<TrainingOptions, long, Setup> build)
    {
        var straight = build(Four, 7);
        var expected = straight.Run();

        // The same four-epoch run, stopped after its checkpoint at epoch 2 (a schedule that follows
        // loop.Fraction sees the same run length before and after).
        var half = build(Four with { CheckpointDirectory = temp.Path, CheckpointEvery = 2 }, 7);
        using var stop = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => half.Fit(e => { if (e.Epoch == 2) stop.Cancel(); }, stop.Token));
        Assert.Equal(2, half.Loop.CompletedEpochs);

        // Other initial weights and a disturbed global generator: the checkpoint must restore everything.
        var resumed = build(Four, 99);
        rand(1000).Dispose();
        Assert.Equal(2, resumed.Loop.ResumeFrom(temp.Path, TextWriter.Null));
        Assert.Equal(half.Loop.RunId, resumed.Loop.RunId);
        var actual = resumed.Run();

        Assert.Equal(Losses(expected), Losses(actual));
        Assert.Equal(Flatten(straight.Networks), Flatten(resumed.Networks));
        foreach (var sample in expected.Samples)
            Assert.Equal(sample.Images.SelectMany(x => x), actual.Samples.Single(s => s.Epoch == sample.Epoch).Images.SelectMany(x => x));
        Assert.NotEqual(Losses(expected)[0], Losses(expected)[^1]);   // it did train
    }

    /// <summary>The samples' fixed noise, the same in every run (notebooks draw it right after seeding).</summary>
    static Tensor FixedNoise(int count, int size)
    {
        using var random = new torch.Generator(3, CPU);
        return torch.rand(count, size, generator: random) * 2 - 1;
    }

    [Fact]
    public void A_plain_gan_resumes_exactly() => ResumingEqualsTrainingStraight((options, initSeed) =>
    {
        var run = Trainer(options, initSeed);
        return new Setup(run.Loop, (after, token) => run.Loop.Fit(Small,
            x => MnistGan.TrainingStep(x, run.Generator, run.Discriminator, run.GeneratorOptimizer, run.DiscriminatorOptimizer),
            samples: () => run.Generator.forward(FixedNoise(8, 20)), afterEpoch: after, cancellationToken: token), [run.Generator, run.Discriminator]);
    });

    /// <summary>A small conditional GAN as notebook 08 builds one: a label embedding in front of each network.</summary>
    sealed class Conditional : nn.Module<Tensor, Tensor, Tensor>
    {
        readonly TorchSharp.Modules.Embedding labels;
        readonly nn.Module<Tensor, Tensor> body;

        public Conditional(int inputs, int embedding, int outputs, bool sigmoid) : base(nameof(Conditional))
        {
            labels = nn.Embedding(10, embedding);
            body = sigmoid
                ? nn.Sequential(nn.Linear(inputs + embedding, 32), nn.LeakyReLU(0.2), nn.Dropout(0.3), nn.Linear(32, outputs), nn.Sigmoid())
                : nn.Sequential(nn.Linear(inputs + embedding, 32), nn.LeakyReLU(0.2), nn.Linear(32, outputs), nn.Tanh());
            RegisterComponents();
        }

        public override Tensor forward(Tensor x, Tensor y) => body.forward(cat([x, labels.forward(y)], 1));
    }

    [Fact]
    public void A_conditional_gan_resumes_exactly() => ResumingEqualsTrainingStraight((options, initSeed) =>
    {
        ComputeDevice.Seed(initSeed);
        var g = new Conditional(10, 4, 784, sigmoid: false);
        var d = new Conditional(784, 8, 1, sigmoid: true);
        var (optG, optD) = (optim.Adam(g.parameters(), 2e-4, 0.5), optim.Adam(d.parameters(), 2e-4, 0.5));
        var loop = new TrainingLoop(options).Add("generator", g, optG).Add("discriminator", d, optD);
        var fixedNoise = FixedNoise(10, 10);
        Measures Step(Tensor x, Tensor y)
        {
            Tensor fake;
            using (no_grad()) fake = g.forward(MnistGan.Noise(x.shape[0], 10), y);
            d.zero_grad();
            var (real, faked) = (d.forward(x, y), d.forward(fake, y));
            var dLoss = binary_cross_entropy(real, ones_like(real)) + binary_cross_entropy(faked, zeros_like(faked));
            dLoss.backward();
            optD.step();
            g.zero_grad();
            var labels = randint(0, 10, [x.shape[0]]);
            var scores = d.forward(g.forward(MnistGan.Noise(x.shape[0], 10), labels), labels);
            var gLoss = binary_cross_entropy(scores, ones_like(scores));
            gLoss.backward();
            optG.step();
            return new Measures { ["G loss"] = gLoss.detach(), ["D loss"] = dLoss.detach() };
        }
        return new Setup(loop, (after, token) => loop.Fit(Small, All.Labels.narrow(0, 0, 640), Step, samples: () => g.forward(fixedNoise, arange(10)),
            afterEpoch: after, cancellationToken: token), [g, d]);
    });

    [Fact]
    public void A_wasserstein_gan_with_a_gradient_penalty_and_five_critic_steps_resumes_exactly() => ResumingEqualsTrainingStraight((options, initSeed) =>
    {
        ComputeDevice.Seed(initSeed);
        var g = MnistGan.Generator();
        var critic = nn.Sequential(nn.Linear(784, 32), nn.LeakyReLU(0.2), nn.Linear(32, 1));
        var (optG, optC) = (optim.Adam(g.parameters(), 1e-3, 0.5, 0.9), optim.Adam(critic.parameters(), 1e-3, 0.5, 0.9));
        var loop = new TrainingLoop(options with { BatchSize = 5 * 32 }).Add("generator", g, optG).Add("critic", critic, optC);
        var fixedNoise = FixedNoise(8, 20);
        Measures Step(Tensor x)
        {
            // As notebook 06 schedules it: the learning rate follows the share of the run done.
            foreach (var group in optG.ParamGroups.Concat(optC.ParamGroups)) group.LearningRate = 1e-3 * (1 - 0.9 * loop.Fraction);
            Tensor estimate = null!;
            foreach (var real in x.chunk(5))
            {
                Tensor fake;
                using (no_grad()) fake = g.forward(MnistGan.Noise(real.shape[0]));
                critic.zero_grad();
                var epsilon = rand(real.shape[0], 1);
                var xHat = (epsilon * real + (1 - epsilon) * fake).requires_grad_(true);
                var scores = critic.forward(xHat);
                var gradient = torch.autograd.grad([scores], [xHat], [ones_like(scores)], retain_graph: true, create_graph: true)[0];
                var penalty = (linalg.vector_norm(gradient, 2, [1]) - 1).square().mean();
                estimate = critic.forward(real).mean() - critic.forward(fake).mean();
                (-estimate + 10 * penalty).backward();
                optC.step();
            }
            g.zero_grad();
            var gLoss = -critic.forward(g.forward(MnistGan.Noise(32))).mean();
            gLoss.backward();
            optG.step();
            return new Measures { ["W1 estimate"] = estimate.detach(), ["G loss"] = gLoss.detach() };
        }
        return new Setup(loop, (after, token) => loop.Fit(Small, Step, samples: () => g.forward(fixedNoise), afterEpoch: after, cancellationToken: token), [g, critic]);
    });
}
