namespace NotebookRunner.Running;

/// <summary>Checks before anything runs that executed copies can be written, so a long run does not end in a lost result.</summary>
static class OutputFolder
{
    /// <summary>Creates the folder and writes and deletes a probe file in it; returns the problem, or null.</summary>
    public static string? Check(string folder)
    {
        if (File.Exists(folder)) return $"--out {folder}: this is a file, not a folder";
        var probe = Path.Combine(folder, $".notebook-runner-probe-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"--out {folder}: cannot write there: {e.Message}";
        }
    }
}
