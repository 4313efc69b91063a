using GanCourse.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Tests.Training;

/// <summary>The pieces the fast training step is built from, each against what it replaces.</summary>
[Collection(SeededTrainingCollection.Name)]
public class StepPartsTests
{
    [Fact]
    public void Fast_dropout_draws_exactly_the_mask_of_nn_dropout_and_passes_the_same_gradients()
    {
        if (!ExactDropout.Available(CPU))
        {
            // libtorch samples dropout with MKL only on Intel processors; there the step keeps nn.Dropout.
            Assert.Equal("GenuineIntel", CpuVendor());
            return;
        }
        using var scope = NewDisposeScope();
        var a = randn([128, 100], requires_grad: true);
        var b = a.detach().clone().requires_grad_(true);
        using var dropout = nn.Dropout(0.3);

        ComputeDevice.Seed(21);
        var expected = dropout.forward(a);
        expected.mul(a.detach()).sum().backward();
        var expectedNext = rand(5);
        ComputeDevice.Seed(21);
        var actual = ExactDropout.Apply(b, 0.3, new TorchCpuRandom());
        actual.mul(b.detach()).sum().backward();
        var actualNext = rand(5);

        Assert.True(expected.equal(actual).all().item<bool>());
        Assert.True(a.grad!.equal(b.grad!).all().item<bool>());
        Assert.True(expectedNext.equal(actualNext).all().item<bool>()); // the generator advanced by as much
        Assert.InRange(actual.eq(0).to_type(ScalarType.Float32).mean().item<float>(), 0.27f, 0.33f);
    }

    /// <summary>The processor's vendor as Linux reports it (independent of the library's CPUID check), or "" elsewhere.</summary>
    static string CpuVendor() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("vendor_id", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? ""
            : "";

    [Fact]
    public void The_fused_adam_keeps_torchsharps_moments_and_step_counts_and_rounds_the_update_alike()
    {
        using var scope = NewDisposeScope();
        using var random = new torch.Generator(8, CPU);
        var shapes = new long[][] { [784, 100], [100], [3], [1] };
        var reference = shapes.Select(s => new Parameter(randn(s, generator: random))).ToArray();
        var fused = reference.Select(p => new Parameter(p.detach().clone())).ToArray();
        using var referenceAdam = optim.Adam(reference, 1e-3, 0.9, 0.999);
        using var fusedAdam = optim.Adam(fused, 1e-3, 0.9, 0.999);
        var step = new InPlaceAdam(fusedAdam);

        for (int i = 0; i < 4; i++)
        {
            foreach (var (p, q) in reference.Zip(fused))
            {
                var grad = randn(p.shape, generator: random) * (i + 1);
                p.grad = grad;
                q.grad = grad.clone();
            }
            referenceAdam.step();
            step.Step();
        }

        var expectedStates = referenceAdam.state_dict().State.Cast<Adam.State>().ToArray();
        var actualStates = fusedAdam.state_dict().State.Cast<Adam.State>().ToArray();
        foreach (var (e, a) in expectedStates.Zip(actualStates))
        {
            Assert.Equal(e.step, a.step);
            Assert.True(e.exp_avg.equal(a.exp_avg).all().item<bool>());
            Assert.True(e.exp_avg_sq.equal(a.exp_avg_sq).all().item<bool>());
        }
        // The square root is the one difference (MKL's vector sqrt vs the exactly rounded one): a few ulp.
        foreach (var (p, q) in reference.Zip(fused))
            Assert.True(p.allclose(q, rtol: 1e-6, atol: 1e-9));
    }

    [Fact]
    public void Adam_with_options_the_fused_loop_does_not_cover_falls_back_to_torchsharp()
    {
        using var scope = NewDisposeScope();
        var p = new Parameter(ones(10));
        var q = new Parameter(ones(10));
        using var reference = optim.Adam([p], weight_decay: 0.1);
        using var withDecay = optim.Adam([q], weight_decay: 0.1);
        p.grad = full(10, 0.5f);
        q.grad = full(10, 0.5f);

        reference.step();
        new InPlaceAdam(withDecay).Step();

        Assert.True(p.equal(q).all().item<bool>());
    }

    [Fact]
    public void Uniform_noise_has_the_numbers_of_rand_times_two_minus_one()
    {
        using var scope = NewDisposeScope();
        using var a = new torch.Generator(13, CPU);
        using var b = new torch.Generator(13, CPU);

        var lecture = rand([500, 20], generator: a) * 2 - 1;
        var ours = Noise.Sample(500, 20, NoiseKind.Uniform, b);

        Assert.True(lecture.equal(ours).all().item<bool>());
    }
}
