using System.Diagnostics;
using System.Globalization;
using NotebookRunner.Kernel;
using NotebookRunner.Tests.Support;

namespace NotebookRunner.Tests.Kernel;

/// <summary>The Linux and macOS tie of a child process to the process that started it, with small shell programs standing in for kernels.</summary>
public sealed class ProcessGroupWatchdogTests
{
    /// <summary>The watchdog looks once a second; the rest is margin for a loaded machine.</summary>
    static readonly TimeSpan Ending = TestTimes.Limit(TimeSpan.FromSeconds(10));

    [Fact]
    public async Task The_program_keeps_its_process_id_streams_and_exit_code()
    {
        using var program = Start("echo \"pid $$\"; read line; echo \"got $line\"; echo oops >&2; exit 42", input: true);
        await program.StandardInput.WriteLineAsync("a command");
        program.StandardInput.Close();
        var stderr = program.StandardError.ReadToEndAsync();
        var stdout = await program.StandardOutput.ReadToEndAsync();
        await program.WaitForExitAsync();

        Assert.Equal($"pid {program.Id}\ngot a command\n", stdout);
        Assert.Equal("oops\n", await stderr);
        Assert.Equal(42, program.ExitCode);
    }

    [Fact]
    public void The_program_runs_in_a_process_group_of_its_own()
    {
        using var program = Start("echo started; exec sleep 600");
        try
        {
            // Once the shell runs, the launcher has made the group.
            Assert.Equal("started", program.StandardOutput.ReadLine());
            Assert.Equal(program.Id, GroupOf(program.Id));
            Assert.NotEqual(GroupOf(Environment.ProcessId), GroupOf(program.Id));
        }
        finally
        {
            KernelProcesses.EndAll([program.Id]);
        }
    }

    [Theory]
    [InlineData("kill")]
    [InlineData("exit")]
    public void When_the_process_that_started_it_ends_the_program_and_what_it_started_end(string end)
    {
        // The starting process is a shell that stands in for the runner: killed, or ending by itself
        // once told to (a line on its input) without waiting for the program.
        using var starter = StartUnder("sleep 600 & echo \"child $!\"; exec sleep 600", end == "kill" ? "wait" : "read line; exit 0");
        var ids = new[] { starter.StandardOutput.ReadLine()!, starter.StandardOutput.ReadLine()! }
            .Select(l => l.Split(' ')).ToDictionary(w => w[0], w => int.Parse(w[1], CultureInfo.InvariantCulture));
        var (program, child) = (ids["program"], ids["child"]);
        try
        {
            Assert.True(KernelProcesses.IsAlive(program) && KernelProcesses.IsAlive(child), "the program ended while the process that started it ran");
            if (end == "kill") starter.Kill();
            else starter.StandardInput.WriteLine("end");
            starter.WaitForExit();

            Assert.True(Poll.Until(() => !KernelProcesses.IsAlive(program) && !KernelProcesses.IsAlive(child), Ending),
                "the program, or the process it started, outlived the process that started the program");
        }
        finally
        {
            KernelProcesses.EndAll([program, child]);
        }
    }

    [Fact]
    public void What_the_program_leaves_running_ends_with_it()
    {
        using var program = Start("sleep 600 & echo $!", input: false);
        var child = int.Parse(program.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
        try
        {
            program.WaitForExit();

            Assert.Equal(0, program.ExitCode);
            Assert.True(Poll.Until(() => !KernelProcesses.IsAlive(child), Ending), $"process {child} outlived the program that started it");
            // The left child held the program's standard output; its end closes it.
            Assert.Null(program.StandardOutput.ReadLine());
        }
        finally
        {
            KernelProcesses.EndAll([child]);
        }
    }

    [Fact]
    public void Arguments_given_as_one_string_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => ProcessGroupWatchdog.Wrap(new ProcessStartInfo("sleep", "600"), Environment.ProcessId));
        Assert.Contains("ArgumentList", e.Message);
    }

    static Process Start(string script, bool input = false) => Process.Start(ProcessGroupWatchdog.Wrap(Shell(script, input), Environment.ProcessId))!;

    /// <summary>
    /// A shell that starts <paramref name="script"/> under the watchdog, prints "program ID" and then runs
    /// <paramref name="then"/>; the program's output goes to the same place. The shell's id, which the
    /// watchdog takes after its "watchdog" word, is known only once the shell runs, so it puts it there.
    /// </summary>
    static Process StartUnder(string script, string then)
    {
        var watched = ProcessGroupWatchdog.Wrap(Shell(script, input: false), starterId: 0);
        var starter = Shell($"""
            previous=; for a; do shift; [ "$previous" = watchdog ] && a=$$; set -- "$@" "$a"; previous=$a; done
            "$@" & echo "program $!"; {then}
            """, input: true);
        starter.ArgumentList.Add("starter");
        starter.ArgumentList.Add(watched.FileName);
        foreach (var argument in watched.ArgumentList) starter.ArgumentList.Add(argument);
        return Process.Start(starter)!;
    }

    static ProcessStartInfo Shell(string script, bool input)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = input,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        return info;
    }

    /// <summary>The process group id, field 5 of /proc/PID/stat.</summary>
    static int GroupOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2], CultureInfo.InvariantCulture);
    }
}
