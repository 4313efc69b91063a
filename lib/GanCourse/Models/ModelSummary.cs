using System.Globalization;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanCourse.Models;

/// <summary>One layer of a <see cref="ModelSummary"/>.</summary>
/// <param name="Name">The layer's name in the model, e.g. fc_g0.</param>
/// <param name="Type">The layer's type, e.g. Linear.</param>
/// <param name="OutputShape">Output shape for a batch of N inputs, e.g. [N, 100]; empty when unknown.</param>
/// <param name="Parameters">Number of parameters (weights and biases) in the layer.</param>
public sealed record LayerSummary(string Name, string Type, string OutputShape, long Parameters);

/// <summary>
/// A readable table of a model's layers: name, type, output shape and parameter count, with the total.
/// Plain data: <see cref="Layers"/> for code, <see cref="ToString"/> for a fixed-width table.
/// </summary>
public sealed record ModelSummary(string Title, IReadOnlyList<LayerSummary> Layers, long TotalParameters, long TrainableParameters)
{
    /// <summary>
    /// Summarises <paramref name="model"/>. For a <see cref="Sequential"/>, the output shapes come from
    /// passing one zero input of <paramref name="inputSize"/> features through the layers in turn (no
    /// gradients, the model's mode restored after); other models list their direct children without shapes.
    /// </summary>
    public static ModelSummary Of(nn.Module model, int? inputSize = null, string? title = null)
    {
        var layers = new List<LayerSummary>();
        var children = model.named_children().ToList();
        var shapes = inputSize is int size && model is Sequential sequential ? TraceShapes(sequential, size) : null;
        for (int i = 0; i < children.Count; i++)
        {
            var (name, child) = children[i];
            long count = child.parameters().Sum(p => p.numel());
            layers.Add(new LayerSummary(name, child.GetType().Name, shapes?[i] ?? "", count));
        }
        long total = model.parameters().Sum(p => p.numel());
        long trainable = model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        return new ModelSummary(title ?? model.GetType().Name, layers, total, trainable);
    }

    static string[] TraceShapes(Sequential model, int inputSize)
    {
        bool training = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var device = model.parameters().FirstOrDefault()?.device ?? CPU;
            var x = zeros([1, inputSize], device: device);
            var shapes = new List<string>();
            foreach (var (_, child) in model.named_children())
            {
                x = ((nn.Module<Tensor, Tensor>)child).forward(x);
                shapes.Add("[N, " + string.Join(", ", x.shape.Skip(1)) + "]");
            }
            return [.. shapes];
        }
        finally
        {
            model.train(training);
        }
    }

    /// <summary>The summary as a fixed-width table, ending with the parameter totals.</summary>
    public override string ToString()
    {
        string[] head = ["Layer", "Type", "Output shape", "Parameters"];
        var rows = Layers.Select(l => new[] { l.Name, l.Type, l.OutputShape, l.Parameters.ToString("N0", CultureInfo.InvariantCulture) }).ToList();
        var widths = Enumerable.Range(0, 4).Select(c => rows.Select(r => r[c].Length).Append(head[c].Length).Max()).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == 3 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        var text = new StringBuilder();
        text.AppendLine(Title);
        text.AppendLine(Line(head));
        text.AppendLine(new string('-', widths.Sum() + 6));
        foreach (var row in rows) text.AppendLine(Line(row));
        text.AppendLine(new string('-', widths.Sum() + 6));
        text.Append(CultureInfo.InvariantCulture, $"Total parameters: {TotalParameters:N0}");
        if (TrainableParameters != TotalParameters) text.Append(CultureInfo.InvariantCulture, $" ({TrainableParameters:N0} trainable)");
        return text.ToString();
    }
}
