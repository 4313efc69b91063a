using GanCourse.Benchmarks;
using GanCourse.Saved;

namespace GanCourse.Tests.Benchmarks;

public class StepFlopsTests
{
    // By hand, batch 64: a pass over Linear(20→100) is 2·64·20·100 = 256,000 FLOPs, over 100→784 or 784→100
    // 10,035,200, over 100→1 12,800. G forward 10,291,200; D forward 10,048,000.
    // D step: D(x) + G(z) + D(G(z)) + 2 × D backward (weights 10,048,000, inputs of the second layer 12,800)
    //   = 10,048,000 + 10,291,200 + 10,048,000 + 2 × 10,060,800 = 50,508,800.
    // G step: G(z) + D(G(z)) + D backward to the images (inputs of both layers, 10,048,000; D is held, so
    //   no weight gradients) + G backward (weights 10,291,200, inputs of the second layer 10,035,200) = 50,713,600.
    [Fact]
    public void The_step_counts_its_matrix_multiplies_from_the_layer_shapes()
    {
        using var g = MnistGan.Generator();
        using var d = MnistGan.Discriminator();

        var flops = StepFlops.Of(StepFlops.LinearShapes(g), StepFlops.LinearShapes(d), 64);

        Assert.Equal(50_508_800 + 50_713_600, flops);
        Assert.Equal([(20L, 100L), (100L, 784L)], StepFlops.LinearShapes(g));
        Assert.Equal([(784L, 100L), (100L, 1L)], StepFlops.LinearShapes(d));
    }
}
