using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests;

public class TorchSmokeTests
{
    [Fact]
    public void A_small_network_learns_on_cpu_with_adam()
    {
        torch.manual_seed(1);
        var x = torch.randn(64, 8);
        var y = x.sum(1, keepdim: true).sigmoid();
        var model = nn.Sequential(("fc0", nn.Linear(8, 16)), ("act", nn.ReLU()), ("fc1", nn.Linear(16, 1)), ("out", nn.Sigmoid()));
        var optimizer = optim.Adam(model.parameters(), lr: 1e-2);

        float Loss()
        {
            using var _ = torch.NewDisposeScope();
            return nn.functional.binary_cross_entropy(model.forward(x), y).item<float>();
        }

        var before = Loss();
        for (int step = 0; step < 20; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.binary_cross_entropy(model.forward(x), y);
            loss.backward();
            optimizer.step();
        }
        var after = Loss();

        Assert.Equal(DeviceType.CPU, x.device_type);
        Assert.True(after < before * 0.9, $"loss should drop by 10%: before {before}, after {after}");
    }
}
