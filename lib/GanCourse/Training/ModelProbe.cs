using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Training;

/// <summary>
/// Runs a generator and its judge (a discriminator or a critic) once on a batch of two, in eval mode and
/// without gradients, before a trainer does any work: networks of mismatched sizes then fail with a
/// message that names the mismatch, not deep inside the first step. The networks' modes are restored.
/// </summary>
internal static class ModelProbe
{
    /// <summary>Samples in the probe batch.</summary>
    public const int Batch = 2;

    /// <param name="generator">G, for its mode.</param>
    /// <param name="judge">D or the critic, for its mode.</param>
    /// <param name="judgeName">"discriminator" or "critic", as the messages call it.</param>
    /// <param name="input">What G is given, for the message ("noise of size 20 (TrainingOptions.NoiseSize)").</param>
    /// <param name="generate">G on a probe batch of <see cref="Batch"/>.</param>
    /// <param name="score">The judge on G's output.</param>
    /// <returns>The number of values per generated sample (pixels per image).</returns>
    public static int SampleSize(nn.Module generator, nn.Module judge, string judgeName, string input,
        Func<Tensor> generate, Func<Tensor, Tensor> score)
    {
        bool generatorTraining = generator.training, judgeTraining = judge.training;
        generator.eval();
        judge.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            Tensor sample;
            try { sample = generate(); }
            catch (Exception e) when (e is ArgumentException or ExternalException)
            {
                throw new ArgumentException($"The generator does not accept {input}: {FirstLine(e)}", e);
            }
            if (sample.dim() != 2)
                throw new ArgumentException($"The generator should output [batch, values]; it gives [{Shape(sample)}].");
            Tensor scores;
            try { scores = score(sample); }
            catch (Exception e) when (e is ArgumentException or ExternalException)
            {
                throw new ArgumentException($"The {judgeName} does not accept the generator's output of shape [{Shape(sample)}] (output of size {sample.shape[1]} per sample): {FirstLine(e)}", e);
            }
            if (scores.dim() != 2 || scores.shape[0] != Batch || scores.shape[1] != 1)
                throw new ArgumentException($"The {judgeName} should output one score per sample, [batch, 1]; for {Batch} samples it gives [{Shape(scores)}].");
            return (int)sample.shape[1];
        }
        finally
        {
            generator.train(generatorTraining);
            judge.train(judgeTraining);
        }
    }

    static string Shape(Tensor t) => string.Join(", ", t.shape);

    static string FirstLine(Exception e) => e.Message.Split('\n')[0].Trim();
}
