using System.Diagnostics;
using TorchSharpLoading;
using GanCourse.Training;
using static TorchSharp.torch;

namespace GanCourse.Tests;

/// <summary>
/// Entry point of this assembly when a test starts it as a separate process
/// (<c>dotnet exec GanCourse.Tests.dll MODE ...</c>), e.g. to kill a checkpoint writer mid-write. The test
/// runner loads the assembly as a library and never calls it.
/// </summary>
public static class ChildProcesses
{
    public const string CheckpointWriter = "checkpoint-writer";

    public static int Main(string[] args) => args switch
    {
        [CheckpointWriter, var directory] => WriteCheckpointPausingMidWay(directory),
        _ => 2,
    };

    /// <summary>
    /// Saves one checkpoint into <paramref name="directory"/>, but after its first file prints
    /// "writing PATH" and waits for a line on standard input (the parent kills it there, or lets it finish);
    /// prints "saved FOLDER" at the end.
    /// </summary>
    static int WriteCheckpointPausingMidWay(string directory)
    {
        TorchSharpNative.EnsureLoadable();
        ComputeDevice.Seed(11);
        using var trainer = new GanCourse.Tests.Training.LectureRun(new TrainingOptions());
        bool paused = false;
        Checkpoints.FileWritten = file =>
        {
            if (paused) return;
            paused = true;
            Console.WriteLine($"writing {file}");
            Console.Out.Flush();
            Console.In.ReadLine();
        };
        Console.WriteLine($"saved {trainer.SaveCheckpoint(directory)}");
        return 0;
    }

    /// <summary>Starts this assembly as a child process in <paramref name="mode"/>, with redirected streams.</summary>
    public static Process Start(string mode, params string[] arguments)
    {
        var info = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(typeof(ChildProcesses).Assembly.Location);
        info.ArgumentList.Add(mode);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start a child process");
    }

    /// <summary>The dotnet host the SDK runs tests with (it sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    static string DotnetPath() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
