using VpsTop.Core.Hardening.Apply;

namespace VpsTop.Core.Tests.Hardening;

public sealed class PortStepsTests
{
    [Fact]
    public void Moving_to_a_new_port_first_adds_it_and_only_the_next_apply_removes_the_old_one()
    {
        var (first, note1) = PortSteps.Next(["22"], ["2222"]);
        Assert.Equal(["22", "2222"], first);
        Assert.StartsWith("step 1 of 2", note1);
        var (second, note2) = PortSteps.Next(["22", "2222"], ["2222"]);
        Assert.Equal(["2222"], second);
        Assert.StartsWith("step 2 of 2", note2);
    }

    [Fact]
    public void Adding_a_port_is_one_step_and_keeping_the_same_ports_says_nothing()
    {
        Assert.Equal(["22", "2222"], PortSteps.Next(["22"], ["22", "2222"]).Ports);
        Assert.Null(PortSteps.Next(["22"], ["22"]).Note);
    }
}
