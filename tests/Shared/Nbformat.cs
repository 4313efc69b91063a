using System.Diagnostics;

namespace TestSupport;

/// <summary>Validates notebooks with Jupyter's own nbformat package (Debian's python3-nbformat).</summary>
public static class Nbformat
{
    // Debian's interpreter, which sees python3-nbformat; a python3 earlier on PATH (pyenv) would not.
    const string Python = "/usr/bin/python3";

    /// <summary>Fails the test with nbformat's message when the file is not a valid notebook.</summary>
    public static void AssertValid(string path)
    {
        DebianPackages.Require("python3-nbformat", "validating executed notebooks with Jupyter's nbformat");
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')");
        info.ArgumentList.Add(path);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && stdout.Trim() == "valid", $"nbformat rejects {path}:\n{stderr.Result}");
    }
}
