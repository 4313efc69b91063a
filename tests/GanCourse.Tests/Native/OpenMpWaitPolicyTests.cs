using GanCourse.Native;

namespace GanCourse.Tests.Native;

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
