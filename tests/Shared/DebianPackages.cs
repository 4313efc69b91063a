using System.Diagnostics;

namespace TestSupport;

/// <summary>
/// Makes sure a Debian package that a test needs (python3-nbformat, chromium, ...) is installed: as root it
/// installs a missing package with apt-get; otherwise it fails with the command that installs it.
/// </summary>
public static class DebianPackages
{
    static readonly Lock Gate = new();
    static readonly HashSet<string> Present = [];

    /// <summary>Ensures <paramref name="package"/> is installed.</summary>
    /// <param name="purpose">What the test needs it for, for the failure message.</param>
    /// <exception cref="InvalidOperationException">It is missing and could not be installed.</exception>
    public static void Require(string package, string purpose)
    {
        lock (Gate)
        {
            if (Present.Contains(package)) return;
            if (!IsInstalled(package)) Install(package, purpose);
            Present.Add(package);
        }
    }

    /// <summary>True when dpkg reports the package as installed.</summary>
    public static bool IsInstalled(string package)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            var (exitCode, output) = Run("dpkg-query", ["-W", "-f=${Status}", package]);
            return exitCode == 0 && output.Contains("install ok installed", StringComparison.Ordinal);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no dpkg: not a Debian system
        }
    }

    static void Install(string package, string purpose)
    {
        var howTo = $"Install it with: sudo apt-get install -y {package}";
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
            throw new InvalidOperationException($"This test needs the Debian package {package} ({purpose}), which this system cannot install with apt-get. {howTo}");
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException($"This test needs the Debian package {package} ({purpose}), which is not installed. {howTo}");

        string[] install = ["install", "-y", "-o", "DPkg::Lock::Timeout=600", package];
        var (exitCode, output) = Run("apt-get", install);
        if (exitCode != 0)
        {
            // A fresh container has no package lists yet.
            Run("apt-get", ["update", "-o", "DPkg::Lock::Timeout=600"]);
            (exitCode, output) = Run("apt-get", install);
        }
        if (exitCode != 0 || !IsInstalled(package))
            throw new InvalidOperationException(
                $"This test needs the Debian package {package} ({purpose}); apt-get could not install it:\n{Tail(output)}\n{howTo}");
    }

    static (int ExitCode, string Output) Run(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    static string Tail(string text) => string.Join("\n", text.Split('\n').TakeLast(15));
}
