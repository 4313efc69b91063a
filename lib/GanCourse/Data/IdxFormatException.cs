namespace GanCourse.Data;

/// <summary>An IDX file (MNIST's file format) is missing, corrupt, truncated or of the wrong kind.</summary>
public sealed class IdxFormatException : Exception
{
    public IdxFormatException(string file, string problem, Exception? inner = null)
        : base($"{file}: {problem}", inner)
    {
        File = file;
        Problem = problem;
    }

    /// <summary>The file (or resource) that was being read.</summary>
    public string File { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; }
}
