using VpsTop.Core.Hardening.Plan;

namespace VpsTop.Core.Tests.Hardening.Plan;

public sealed class BaselineTests
{
    [Fact]
    public void BaselineOffersPortWithoutAValueAndKeepsThePasswordPair()
    {
        var items = Baseline.For(new Version(9, 2));
        BaselineItem port = items.Single(i => i.Keyword == "Port");
        Assert.Null(port.Value);
        Assert.False(port.Preselected);
        Assert.Equal(["PermitRootLogin", "PasswordAuthentication", "KbdInteractiveAuthentication", "MaxAuthTries", "ClientAliveInterval",
            "ClientAliveCountMax"],
            items.Where(i => i.Preselected).Select(i => i.Keyword));
        Assert.Contains("KbdInteractiveAuthentication", items.Single(i => i.Keyword == "PasswordAuthentication").PairedWith!);
        Assert.StartsWith("sntrup761", items.Single(i => i.Keyword == "KexAlgorithms").Value, StringComparison.Ordinal);
        Assert.DoesNotContain("sntrup761", Baseline.For(new Version(8, 2)).Single(i => i.Keyword == "KexAlgorithms").Value,
            StringComparison.Ordinal);
    }
}
