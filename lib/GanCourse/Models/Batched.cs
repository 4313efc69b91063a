using TorchSharp;
using static TorchSharp.torch;

namespace GanCourse.Models;

/// <summary>
/// Runs a trained network over many images the way a judge does: eval mode (no dropout, batch norm's
/// running statistics), no gradients, in batches on the network's device, results gathered on the CPU;
/// the network's mode is restored afterwards.
/// </summary>
static class Batched
{
    /// <param name="network">Whose mode is switched and whose device the batches go to.</param>
    /// <param name="images">Rows to run, <c>[N, ...]</c>, on any device.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="perBatch">A batch (on the network's device) to its result.</param>
    /// <param name="none">The result for zero rows.</param>
    public static Tensor Run(nn.Module network, Tensor images, int batchSize, Func<Tensor, Tensor> perBatch, Func<Tensor> none)
    {
        var device = network.parameters().FirstOrDefault()?.device ?? CPU;
        bool training = network.training;
        network.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var parts = new List<Tensor>();
            for (long start = 0; start < images.shape[0]; start += batchSize)
            {
                using var batchScope = NewDisposeScope();
                var batch = images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start)).to(device);
                parts.Add(perBatch(batch).cpu().MoveToOuterDisposeScope());
            }
            return (parts.Count == 0 ? none() : cat(parts)).MoveToOuterDisposeScope();
        }
        finally
        {
            network.train(training);
        }
    }
}
