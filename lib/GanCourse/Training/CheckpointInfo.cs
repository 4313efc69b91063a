namespace GanCourse.Training;

/// <summary>One checkpoint on disk, as <see cref="Checkpoints.Find"/> lists it.</summary>
/// <param name="Folder">The checkpoint's folder, e.g. <c>checkpoints/run-20250612-143005-1a2b3c4d/epoch-0012</c>.</param>
/// <param name="Run">The run that wrote it (<see cref="TrainingLoop.RunId"/>); null for checkpoints written before runs had identifiers.</param>
/// <param name="Epoch">The number of completed epochs it holds.</param>
/// <param name="SavedAt">When it was written: from its manifest, or the manifest file's time where the manifest has none or cannot be read.</param>
public sealed record CheckpointInfo(string Folder, string? Run, int Epoch, DateTimeOffset SavedAt)
{
    /// <summary>The run's identifier, or a phrase for checkpoints without one.</summary>
    public string RunLabel => Run ?? "a run without identifier (older library)";

    public override string ToString() =>
        $"{Folder} (epoch {Epoch} of {RunLabel}, saved {SavedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)";
}
