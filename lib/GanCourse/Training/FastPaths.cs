namespace GanCourse.Training;

/// <summary>
/// The shortcuts <see cref="GanTrainingStep"/> takes over the straightforward loop, each of which can be
/// switched off; with <see cref="None"/> the step is the lecture's loop operation for operation (a test
/// checks it against one written out). The benchmark switches them off one at a time to show what each is worth.
/// </summary>
[Flags]
internal enum FastPaths
{
    /// <summary>The straightforward loop: module forwards, BCE on probabilities, zero_grad, TorchSharp's Adam.</summary>
    None = 0,
    /// <summary>BCE on D's logits (the Sequential without its final Sigmoid).</summary>
    Logits = 1,
    /// <summary>G's final Tanh computed as 2·σ(2x) − 1.</summary>
    SigmoidTanh = 2,
    /// <summary>G runs without a graph in the D step, instead of with one that is then detached.</summary>
    NoGraphForFakes = 4,
    /// <summary>Real and fake images go through D as one batch when that gives the same rows.</summary>
    StackedBatch = 8,
    /// <summary>D's parameters do not require gradients during the G step.</summary>
    FrozenDiscriminator = 16,
    /// <summary>Gradients set to none before backward instead of zeroed.</summary>
    GradientsToNone = 32,
    /// <summary>Adam as one vectorised pass per parameter (<see cref="InPlaceAdam"/>).</summary>
    FusedAdam = 64,
    /// <summary>Dropout masks drawn as nn.Dropout draws them, with a faster sampler (<see cref="ExactDropout"/>).</summary>
    FastDropout = 128,
    /// <summary>
    /// Forward and backward passes written out for Sequential MLPs (<see cref="MlpBackprop"/>) instead of autograd.
    /// Takes effect together with <see cref="Logits"/> (it computes the loss on the logits too).
    /// </summary>
    WrittenOut = 256,
    All = Logits | SigmoidTanh | NoGraphForFakes | StackedBatch | FrozenDiscriminator | GradientsToNone | FusedAdam | FastDropout | WrittenOut,
}
