using TorchSharpLoading;

namespace GanCourse.Tests.TorchSharpLoading;

public class OpenMpWaitPolicyTests
{
    [Fact]
    public void An_unset_policy_becomes_passive_and_a_chosen_one_is_kept()
    {
        string? written = null;
        Assert.Equal("PASSIVE", OpenMpWaitPolicy.PreferPassive(() => null, v => { written = v; return true; }));
        Assert.Equal("PASSIVE", written);

        written = null;
        Assert.Equal("ACTIVE", OpenMpWaitPolicy.PreferPassive(() => "ACTIVE", v => { written = v; return true; }));
        Assert.Null(written);

        // setenv failed: nothing is claimed.
        Assert.Null(OpenMpWaitPolicy.PreferPassive(() => "", _ => false));
    }

    [Theory]
    [InlineData(0.3, 2, "default", null)]        // quiet: OpenMP's default, nothing written
    [InlineData(2.9, 2, "default", null)]         // a notebook's own previous training is not other work
    [InlineData(3.0, 2, "PASSIVE", "PASSIVE")]    // busy: half again as many runnable tasks as cores
    [InlineData(11.5, 2, "PASSIVE", "PASSIVE")]
    public void Passive_only_when_the_load_reaches_the_core_count(double load, int cores, string policy, string? expectedWrite)
    {
        string? written = null;
        Assert.Equal(policy, OpenMpWaitPolicy.PreferPassiveWhenBusy(() => null, v => { written = v; return true; }, load, cores));
        Assert.Equal(expectedWrite, written);
    }

    [Fact]
    public void A_chosen_policy_is_kept_however_busy_and_an_unknown_load_changes_nothing()
    {
        string? written = null;
        Assert.Equal("ACTIVE", OpenMpWaitPolicy.PreferPassiveWhenBusy(() => "ACTIVE", v => { written = v; return true; }, 40, 2));
        Assert.Equal("default", OpenMpWaitPolicy.PreferPassiveWhenBusy(() => null, v => { written = v; return true; }, null, 2));
        Assert.Null(written);
        if (OperatingSystem.IsLinux()) Assert.InRange(OpenMpWaitPolicy.LoadAverage()!.Value, 0, 10_000);
    }

    [Fact]
    public void On_linux_the_c_library_sees_the_policy_afterwards()
    {
        if (!OperatingSystem.IsLinux()) return;
        var policy = OpenMpWaitPolicy.PreferPassive();
        Assert.False(string.IsNullOrEmpty(policy));
        Assert.Equal(policy, OpenMpWaitPolicy.Read());
        Assert.Equal(policy, OpenMpWaitPolicy.PreferPassive());   // idempotent
    }
}
