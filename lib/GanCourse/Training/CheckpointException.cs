namespace GanCourse.Training;

/// <summary>A checkpoint is missing, corrupt, or does not match the trainer it should resume.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
