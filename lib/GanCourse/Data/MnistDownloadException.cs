namespace GanCourse.Data;

/// <summary>MNIST could not be downloaded from any mirror (offline, unreachable, or a checksum mismatch).</summary>
public sealed class MnistDownloadException(string message, Exception? inner = null) : Exception(message, inner);
