using GanCourse.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Tests.Metrics;

public class PixelScaleTests
{
    [Fact]
    public void Converts_between_zero_one_and_minus_one_one()
    {
        var unit = torch.tensor(new float[] { 0, 0.25f, 0.5f, 1 });
        Assert.Equal([-1f, -0.5f, 0f, 1f], PixelScale.FromZeroOne(unit).data<float>().ToArray());
        Assert.Equal(unit.data<float>().ToArray(), PixelScale.ToZeroOne(PixelScale.FromZeroOne(unit)).data<float>().ToArray());
        Assert.Equal([0f, 0.25f, 0.5f, 1f], unit.data<float>().ToArray());   // input untouched
    }

    [Fact]
    public void Lecture_scaled_bytes_pass_the_check()
    {
        var bytes = torch.tensor(new float[] { 0, 17, 128, 255 });
        var lecture = (bytes / 255 - 0.5) / 0.5;
        PixelScale.RequireMinusOneToOne(lecture, "real");
    }

    [Fact]
    public void Wrong_scales_are_named_in_the_error()
    {
        var symmetric = torch.tensor(new float[] { -1, 0, 1 });
        Assert.Contains("already", Assert.Throws<ArgumentException>(() => PixelScale.FromZeroOne(symmetric)).Message);
        Assert.Throws<ArgumentException>(() => PixelScale.ToZeroOne(symmetric * 3));
        Assert.Contains("[0, 1] images", Assert.Throws<ArgumentException>(() => PixelScale.RequireMinusOneToOne(torch.rand(4, 784), "generated")).Message);
        Assert.Contains("/255", Assert.Throws<ArgumentException>(() => PixelScale.RequireMinusOneToOne(torch.rand(4, 784) * 255, "real")).Message);
        Assert.Throws<ArgumentException>(() => PixelScale.RequireMinusOneToOne(torch.tensor(new float[] { -3, 0 }), "real"));
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => PixelScale.RequireMinusOneToOne(torch.zeros(0, 784), "real")).Message);
    }
}
