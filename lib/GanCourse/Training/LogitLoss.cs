using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// The lecture's losses on D's logits s, computed element by element for the written-out passes: rows before
/// <c>realRows</c> have target 1 (BCE = log(1 + e^−s)), the rest target 0 (BCE = log(1 + e^s)); each group is
/// averaged over its rows and the averages added, as BCE(D(x), 1) + BCE(D(G(z)), 0) is. The gradient at s is
/// (σ(s) − target) / rows-in-its-group. Sums run in double precision.
/// </summary>
internal static class LogitLoss
{
    /// <summary>Loss (0-dim float32), gradient at the logits and σ(logits), for a <c>[R, 1]</c> float32 CPU tensor.</summary>
    public static (Tensor Loss, Tensor Grad, Tensor Scores) Of(Tensor logits, int realRows)
    {
        var grad = empty_like(logits);
        var scores = empty_like(logits);
        double loss = Compute(MlpBackprop.Floats(logits), realRows, MlpBackprop.Floats(grad), MlpBackprop.Floats(scores));
        return (tensor((float)loss), grad, scores);
    }

    static double Compute(ReadOnlySpan<float> s, int realRows, Span<float> grad, Span<float> scores)
    {
        int fakeRows = s.Length - realRows;
        double realSum = 0, fakeSum = 0;
        for (int i = 0; i < s.Length; i++)
        {
            double x = s[i];
            // log(1 + e^−x) without overflow: max(−x, 0) + log1p(e^−|x|); log(1 + e^x) likewise.
            double softplusMinus = Math.Max(-x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
            double sigma = 1 / (1 + Math.Exp(-x));
            scores[i] = (float)sigma;
            if (i < realRows)
            {
                realSum += softplusMinus;
                grad[i] = (float)((sigma - 1) / realRows);
            }
            else
            {
                fakeSum += softplusMinus + x;
                grad[i] = (float)(sigma / fakeRows);
            }
        }
        return (realRows > 0 ? realSum / realRows : 0) + (fakeRows > 0 ? fakeSum / fakeRows : 0);
    }

    /// <summary>grad ← grad·(1 − y²): the derivative of tanh from its output y (both float32, CPU, same shape).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhDerivativeInPlace(Tensor grad, Tensor y)
    {
        var g = MlpBackprop.Floats(grad);
        var o = MlpBackprop.Floats(y);
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var gv = MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(g);
            var ov = MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(o);
            for (int k = 0; k < gv.Length; k++) gv[k] *= System.Numerics.Vector<float>.One - ov[k] * ov[k];
            i = gv.Length * System.Numerics.Vector<float>.Count;
        }
        for (; i < g.Length; i++) g[i] *= 1 - o[i] * o[i];
    }
}
