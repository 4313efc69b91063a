using System.Diagnostics;
using System.Globalization;

namespace NotebookRunner.Kernel;

/// <summary>
/// Linux and macOS: runs a program in a process group of its own under a /bin/sh watchdog, so that the
/// program and everything it starts end once the process that started it is gone, whatever ended that
/// one (SIGKILL, the out-of-memory killer, a cancelled CI job), not only when its own handlers ran.
/// </summary>
/// <remarks>
/// The shell forks a loop and then replaces itself with the program, so the caller sees the program's
/// process id, standard streams and exit code. Once a second the loop asks whether the program's parent
/// is still the process that started it: the system gives an orphan a new parent the moment its parent
/// dies, reaped or not, a process id reused meanwhile cannot fool the check, and a starter that died
/// before the shell ran is noticed too. When the parent is gone, or the program has ended, the loop kills
/// the whole group: the program and whatever it left running. The group is new so that this kill cannot
/// reach the starting process: util-linux's setsid makes it on Linux; macOS has no setsid command, so
/// perl (part of macOS) makes it there.
/// </remarks>
static class ProcessGroupWatchdog
{
    /// <summary>
    /// True while the program ($$ once exec has run) runs and its parent is $owner; Linux reads /proc,
    /// which a minimal system has where it may lack ps.
    /// </summary>
    const string LinuxParentCheck = """read -r stat < /proc/$$/stat && set -- ${stat##*") "} && [ "$1" != Z ] && [ "$2" = "$owner" ]""";

    const string MacParentCheck = """[ "$(ps -o ppid= -p $$)" -eq "$owner" ]""";

    /// <summary>
    /// $1 is the starting process's id, the rest the program. The loop's streams are /dev/null: a loop
    /// holding the program's pipes would keep the caller from seeing them close when the program ends.
    /// $$ is also the group's id.
    /// </summary>
    static readonly string Script = $"""
        owner=$1; shift
        ( while sleep 1; {(OperatingSystem.IsMacOS() ? MacParentCheck : LinuxParentCheck)}; do :; done; kill -KILL -$$ ) </dev/null >/dev/null 2>&1 &
        exec "$@"
        """;

    /// <summary>
    /// Rewrites <paramref name="info"/> so that it starts its program under the watchdog, which ends the
    /// program's process group once the process that starts it, <paramref name="starterId"/>, has ended.
    /// </summary>
    /// <exception cref="ArgumentException">The arguments are given as one string instead of <see cref="ProcessStartInfo.ArgumentList"/>.</exception>
    public static ProcessStartInfo Wrap(ProcessStartInfo info, int starterId)
    {
        if (info.Arguments.Length > 0)
            throw new ArgumentException("the watchdog passes arguments one by one; give them in ArgumentList", nameof(info));
        string[] launcher = OperatingSystem.IsMacOS()
            ? ["/usr/bin/perl", "-e", "setpgrp(0, 0); exec @ARGV or die \"$ARGV[0]: $!\\n\"", "--"]
            : ["setsid"];
        string[] prefix = [.. launcher[1..], "/bin/sh", "-c", Script, "watchdog", starterId.ToString(CultureInfo.InvariantCulture), info.FileName];
        info.FileName = launcher[0];
        for (int i = 0; i < prefix.Length; i++) info.ArgumentList.Insert(i, prefix[i]);
        return info;
    }
}
