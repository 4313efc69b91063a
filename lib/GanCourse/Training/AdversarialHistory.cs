using System.Globalization;

namespace GanCourse.Training;

/// <summary>Means over one epoch of an <see cref="AdversarialTrainer"/> run.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">Epochs the run will train.</param>
/// <param name="GeneratorSteps">Generator steps in this epoch.</param>
/// <param name="WassersteinEstimate">Mean of E f(x) − E f(G(z)) over the epoch's last critic steps.</param>
/// <param name="CriticLoss">Mean critic loss.</param>
/// <param name="GeneratorLoss">Mean generator loss.</param>
/// <param name="Penalty">Mean gradient penalty without λ (WGAN-GP only).</param>
/// <param name="GradientNorm">Mean ‖∇f(x̂)‖ (WGAN-GP only).</param>
/// <param name="Seconds">Wall time of the epoch.</param>
public sealed record AdversarialEpoch(int Epoch, int Epochs, int GeneratorSteps, double WassersteinEstimate, double CriticLoss, double GeneratorLoss,
    double? Penalty, double? GradientNorm, double Seconds)
{
    internal static AdversarialEpoch From(int epoch, int epochs, IReadOnlyList<AdversarialStep> steps, double seconds)
    {
        double? MeanOf(Func<AdversarialStep, double?> value) => steps.All(s => value(s) is not null) ? steps.Average(s => value(s)!.Value) : null;
        return new AdversarialEpoch(epoch, epochs, steps.Count,
            steps.Average(s => s.WassersteinEstimate), steps.Average(s => s.CriticLoss), steps.Average(s => s.GeneratorLoss),
            MeanOf(s => s.Penalty), MeanOf(s => s.GradientNorm), seconds);
    }

    /// <summary>The epoch's figures for a progress line, e.g. "W1 estimate 2.418  ‖∇f(x̂)‖ 0.98  G loss 0.310".</summary>
    public string Measures
    {
        get
        {
            var text = string.Format(CultureInfo.InvariantCulture, "W1 estimate {0:F3}", WassersteinEstimate);
            if (GradientNorm is { } norm) text += string.Format(CultureInfo.InvariantCulture, "  ‖∇f(x̂)‖ {0:F2}", norm);
            return text + string.Format(CultureInfo.InvariantCulture, "  G loss {0:F3}", GeneratorLoss);
        }
    }
}

/// <summary>What an <see cref="AdversarialTrainer.Fit"/> run recorded: per-epoch means and fixed-noise samples.</summary>
public sealed class AdversarialHistory
{
    public List<AdversarialEpoch> Epochs { get; init; } = [];
    public List<SampleSnapshot> Samples { get; init; } = [];
}
