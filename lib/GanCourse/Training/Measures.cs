using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// What one training step reports: named single numbers, still as tensors, e.g.
/// <c>new Measures { ["D loss"] = dLoss, ["D(x)"] = realScores.mean() }</c>. The loop adds them up on the
/// device and reads them only when an epoch ends or progress is shown, so a step never waits for the
/// device. Every step of a run must report the same names.
/// </summary>
public sealed class Measures : Dictionary<string, Tensor>
{
    public Measures() : base(StringComparer.Ordinal) { }
}
