using VpsTop.Core.Hardening;

namespace VpsTop.Core.Tests.Hardening;

public sealed class SshdKeywordsTests
{
    [Fact]
    public void AliasesShareOneSlotAndSshdPrintsTheCurrentName()
    {
        Assert.Equal("kbdinteractiveauthentication", SshdKeywords.CanonicalOf("challengeResponseAuthentication"));
        Assert.Equal("pubkeyacceptedalgorithms", SshdKeywords.CanonicalOf("PubkeyAcceptedKeyTypes"));
        Assert.Equal("hostkey", SshdKeywords.CanonicalOf("HostDSAKey"));
        Assert.Equal("KbdInteractiveAuthentication", SshdKeywords.PreferredName("ChallengeResponseAuthentication"));
        Assert.Equal(SshdKeywordStatus.Alias, SshdKeywords.Find("ChallengeResponseAuthentication")!.Status);
    }

    [Fact]
    public void RulesMatchServconf()
    {
        foreach (string k in new[] { "Port", "ListenAddress", "HostKey", "AcceptEnv", "AllowUsers", "DenyUsers", "AllowGroups",
            "DenyGroups", "HostCertificate" })
            Assert.Equal(SshdKeywordRule.Accumulate, SshdKeywords.Find(k)!.Rule);
        Assert.Equal(SshdKeywordRule.FirstWins, SshdKeywords.Find("passwordauthentication")!.Rule);
        Assert.Equal(SshdKeywordRule.UniqueByName, SshdKeywords.Find("Subsystem")!.Rule);
        Assert.False(SshdKeywords.Find("Port")!.AllowedInMatch);
        Assert.True(SshdKeywords.Find("PasswordAuthentication")!.AllowedInMatch);
        Assert.False(SshdKeywords.Find("Subsystem")!.AllowedInMatchIn(new Version(9, 2)));
        Assert.True(SshdKeywords.Find("Subsystem")!.AllowedInMatchIn(new Version(9, 5)));
        Assert.False(SshdKeywords.Find("UsePrivilegeSeparation")!.HasEffect);
        Assert.Null(SshdKeywords.Find("UseRoaming"));
    }

    [Fact]
    public void VersionGatesNewerKeywords()
    {
        Assert.False(SshdKeywords.Find("PerSourcePenalties")!.ExistsIn(new Version(9, 2)));
        Assert.True(SshdKeywords.Find("PerSourcePenalties")!.ExistsIn(new Version(9, 8)));
        Assert.False(SshdKeywords.Find("RefuseConnection")!.ExistsIn(new Version(9, 8)));
        Assert.True(SshdKeywords.Find("ChannelTimeout")!.ExistsIn(new Version(9, 2)));
        Assert.True(SshdKeywords.Find("Protocol")!.ExistsIn(new Version(10, 0)));
    }
}
