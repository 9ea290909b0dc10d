using VpsTop.Core.Hardening;

namespace VpsTop.Core.Tests.Hardening;

public sealed class PlacementPlannerTests
{
    private static readonly KeyValuePair<string, IReadOnlyList<string>>[] Hardened =
    [
        new("PasswordAuthentication", ["no"]),
        new("PermitRootLogin", ["prohibit-password"]),
        new("MaxAuthTries", ["4"]),
        new("X11Forwarding", ["no"]),
    ];

    /// <summary>Applies the plan to the sandbox, then the real sshd must load it and show every intended value.</summary>
    private static SshdConfigTree ApplyAndConfirm(SshdSandbox box, PlacementPlan plan, IReadOnlyList<string>? options = null)
    {
        box.Apply(plan);
        SshdConfigTree after = box.Load();
        string main = box.Stage(after);
        SshdRun test = box.Sshd.Test(main, options);
        Assert.True(test.Ok, $"sshd -t: {string.Join(" | ", test.Stderr)}");
        SshdT sshd = SshdT.Parse(box.Sshd.Dump(main, null, options).Stdout);
        Assert.Equal("no", sshd.Value("passwordauthentication"));
        Assert.Equal("without-password", sshd.Value("permitrootlogin"));
        Assert.Equal("4", sshd.Value("maxauthtries"));
        Assert.Equal("no", sshd.Value("x11forwarding"));
        Assert.Empty(SshdOracle.Disagreements(EffectiveConfig.Compute(after), sshd));
        return after;
    }

    [Fact]
    public void DebianMainFileWithCloudInitDropInGetsAnEarlyDropIn()
    {
        using var box = new SshdSandbox();
        byte[] debian = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sshd", "debian12-sshd_config"));
        box.WriteBytes("/etc/ssh/sshd_config", debian);
        box.Write("/etc/ssh/sshd_config.d/50-cloud-init.conf", "PasswordAuthentication yes\n");
        var tree = box.Load();
        Assert.Equal("yes", EffectiveConfig.Compute(tree).Value("PasswordAuthentication"));

        PlacementPlan plan = PlacementPlanner.Plan(tree, Hardened);
        Assert.All(plan.Decisions, d => Assert.Equal(PlacementKind.DropIn, d.Kind));
        Assert.All(plan.Decisions, d => Assert.Equal("/etc/ssh/sshd_config.d/00-vpstop.conf", d.File));
        Assert.True(plan.IsNewFile("/etc/ssh/sshd_config.d/00-vpstop.conf"));
        // The cloud-init line and Debian's own X11Forwarding yes are commented out, not deleted.
        Assert.Equal("# PasswordAuthentication yes\n", plan.Documents["/etc/ssh/sshd_config.d/50-cloud-init.conf"].ToString());
        Assert.Contains("# X11Forwarding yes", plan.Documents["/etc/ssh/sshd_config"].ToString(), StringComparison.Ordinal);
        Assert.Equal(debian.Length + 2, plan.Documents["/etc/ssh/sshd_config"].ToBytes().Length);

        ApplyAndConfirm(box, plan, box.KeyOption);
    }

    [Fact]
    public void DropInStillWinsWhenTheOtherLinesAreLeftInPlace()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", "Include sshd_config.d/*.conf\n" + box.HostKeyLine + "\nX11Forwarding yes\n");
        box.Write("/etc/ssh/sshd_config.d/50-cloud-init.conf", "PasswordAuthentication yes\n");
        PlacementPlan plan = PlacementPlanner.Plan(box.Load(), Hardened, commentOutDuplicates: false);
        Assert.Equal(["/etc/ssh/sshd_config.d/00-vpstop.conf"], plan.Documents.Keys);
        ApplyAndConfirm(box, plan);
    }

    [Fact]
    public void MainFileEndingInMatchGetsLinesBeforeTheMatchNotAppended()
    {
        using var box = new SshdSandbox();
        string original =
            box.HostKeyLine + "\n" +
            "PermitRootLogin yes\n" +
            "Subsystem sftp /usr/lib/openssh/sftp-server\n" +
            "\n# per-user overrides\n" +
            "Match User deploy\n" +
            "    PasswordAuthentication yes\n" +
            "    X11Forwarding yes";   // no final newline either
        box.Write("/etc/ssh/sshd_config", original);
        var tree = box.Load();

        // What a naive editor does: append. sshd shows the values did not take effect globally.
        var naive = tree.Main.Append("PasswordAuthentication", ["no"]).Append("MaxAuthTries", ["4"]);
        SshdT naiveSshd = SshdT.Parse(box.Sshd.Dump(box.Stage(tree, new Dictionary<string,
            SshdConfigDocument>
        { [tree.MainPath] = naive })).Stdout);
        Assert.Equal("6", naiveSshd.Value("maxauthtries"));

        PlacementPlan plan = PlacementPlanner.Plan(tree, Hardened);
        Assert.Equal(PlacementKind.EditedFirstGlobal, plan.Decisions.Single(d => d.Keyword == "PermitRootLogin").Kind);
        Assert.All(plan.Decisions.Where(d => d.Keyword != "PermitRootLogin"), d => Assert.Equal(PlacementKind.InsertedBeforeMatch, d.Kind));
        PlacementDecision password = plan.Decisions.Single(d => d.Keyword == "PasswordAuthentication");
        // Reported at its line in the planned document (three lines were inserted above it).
        Assert.Equal("/etc/ssh/sshd_config:10", Assert.Single(password.MatchOverrides).Where);
        string text = plan.Documents["/etc/ssh/sshd_config"].ToString();
        Assert.True(text.IndexOf("MaxAuthTries 4", StringComparison.Ordinal) < text.IndexOf("# per-user overrides",
            StringComparison.Ordinal));
        Assert.EndsWith("    X11Forwarding yes", text, StringComparison.Ordinal);

        SshdConfigTree after = ApplyAndConfirm(box, plan);
        // The Match body was not touched: deploy still gets its own values, and both sides say so.
        var deploy = new ConnectionContext(User: "deploy", Host: "10.0.0.5", Address: "10.0.0.5", LocalPort: 22);
        SshdT deploySshd = box.Effective(after, deploy);
        Assert.Equal("yes", deploySshd.Value("passwordauthentication"));
        Assert.Equal("4", deploySshd.Value("maxauthtries"));
        Assert.Empty(SshdOracle.Disagreements(EffectiveConfig.Compute(after, deploy), deploySshd));
    }

    [Fact]
    public void KeywordTwiceGloballyEditsTheFirstAndCommentsOutTheSecond()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config",
            box.HostKeyLine + "\r\n" +
            "passwordauthentication=yes\r\n" +
            "MaxAuthTries 10\r\n" +
            "X11Forwarding yes\r\n" +
            "PasswordAuthentication no\r\n" +
            "PermitRootLogin yes\r\n" +
            "\tPermitRootLogin no\r\n");
        var tree = box.Load();
        PlacementPlan plan = PlacementPlanner.Plan(tree, Hardened);
        Assert.All(plan.Decisions, d => Assert.Equal(PlacementKind.EditedFirstGlobal, d.Kind));
        Assert.Equal(
            box.HostKeyLine + "\r\n" +
            "passwordauthentication=no\r\n" +
            "MaxAuthTries 4\r\n" +
            "X11Forwarding no\r\n" +
            "# PasswordAuthentication no\r\n" +
            "PermitRootLogin prohibit-password\r\n" +
            "\t# PermitRootLogin no\r\n",
            plan.Documents["/etc/ssh/sshd_config"].ToString());
        Assert.Equal(5, plan.Decisions.Single(d => d.Keyword == "PasswordAuthentication").CommentedOut.Single().LineNumber);
        ApplyAndConfirm(box, plan);
    }

    [Fact]
    public void AccumulatingKeywordReplacesEveryGlobalLine()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\n" + box.HostKeyLine + "\nAllowUsers alice\n");
        box.Write("/etc/ssh/sshd_config.d/50-extra.conf", "AllowUsers mallory\n");
        PlacementPlan plan = PlacementPlanner.Plan(box.Load(), "AllowUsers", "root", "admin");
        box.Apply(plan);
        SshdT sshd = box.Effective(box.Load());
        Assert.Equal(["root", "admin"], sshd.Get("allowusers"));
    }

    [Fact]
    public void LineBeforeTheIncludeWinsSoItIsEditedInsteadOfADropIn()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", box.HostKeyLine + "\nPasswordAuthentication yes\nInclude /etc/ssh/sshd_config.d/*.conf\n");
        box.Write("/etc/ssh/sshd_config.d/50-cloud-init.conf", "PasswordAuthentication yes\n");
        PlacementPlan plan = PlacementPlanner.Plan(box.Load(), Hardened);
        PlacementDecision password = plan.Decisions.Single(d => d.Keyword == "PasswordAuthentication");
        Assert.Equal(PlacementKind.EditedFirstGlobal, password.Kind);
        Assert.Equal("/etc/ssh/sshd_config", password.File);
        Assert.Equal(2, password.LineNumber);
        Assert.Equal("/etc/ssh/sshd_config.d/50-cloud-init.conf:1", password.CommentedOut.Single().Where);
        // Keywords nothing set before the Include still go to the drop-in.
        Assert.Equal(PlacementKind.DropIn, plan.Decisions.Single(d => d.Keyword == "MaxAuthTries").Kind);
        ApplyAndConfirm(box, plan);
    }

    [Fact]
    public void PortsAreOneLineEachAndLastWinsKeywordsKeepOnlyTheNewLine()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config",
            box.HostKeyLine + "\nPort 22\nMaxStartups 5:30:10\nMatch User deploy\n  X11Forwarding yes\n");
        box.Write("/etc/ssh/sshd_config.d/ignored.conf", "Port 2200\n"); // not included: must stay untouched
        var settings = new KeyValuePair<string, IReadOnlyList<string>>[]
        {
            new("Port", ["22", "2222"]),
            new("MaxStartups", ["10:30:60"]),
            new("ListenAddress", ["127.0.0.1", "[::1]:2223"]),
        };
        PlacementPlan plan = PlacementPlanner.Plan(box.Load(), settings);
        Assert.Equal(["/etc/ssh/sshd_config"], plan.Documents.Keys);
        Assert.Equal(
            box.HostKeyLine + "\nPort 22\nPort 2222\nMaxStartups 10:30:60\nListenAddress 127.0.0.1\n"
                + "ListenAddress [::1]:2223\nMatch User deploy\n  X11Forwarding yes\n",
            plan.Documents["/etc/ssh/sshd_config"].ToString());
        box.Apply(plan);
        SshdT sshd = box.Effective(box.Load());
        Assert.Equal(["22", "2222"], sshd.Get("port"));
        Assert.Equal("10:30:60", sshd.Value("maxstartups"));
        Assert.Equal(["listenaddress 127.0.0.1:22", "listenaddress 127.0.0.1:2222", "listenaddress [::1]:2223"],
            sshd.Get("listenaddress")!.Select(v => "listenaddress " + v));
    }

    [Fact]
    public void AccumulatingKeywordInDropInModeStillCommentsOutTheOthers()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\n" + box.HostKeyLine + "\nPort 22\n");
        PlacementPlan plan = PlacementPlanner.Plan(box.Load(),
            [new KeyValuePair<string, IReadOnlyList<string>>("Port", ["2222", "22"])], commentOutDuplicates: false);
        Assert.Equal(PlacementKind.DropIn, plan.Decisions.Single().Kind);
        Assert.Equal("/etc/ssh/sshd_config:3", plan.Decisions.Single().CommentedOut.Single().Where);
        box.Apply(plan);
        Assert.Equal(["2222", "22"], box.Effective(box.Load()).Get("port"));
    }

    [Fact]
    public void SettingAlreadyInForceChangesNoFile()
    {
        using var box = new SshdSandbox();
        box.Write("/etc/ssh/sshd_config", box.HostKeyLine + "\nPasswordAuthentication no\nMaxAuthTries 4\n");
        PlacementPlan plan = PlacementPlanner.Plan(box.Load(),
            [new("PasswordAuthentication", ["no"]), new KeyValuePair<string, IReadOnlyList<string>>("MaxAuthTries", ["4"])]);
        Assert.Empty(plan.Documents);
        Assert.All(plan.Decisions, d => Assert.Equal(PlacementKind.EditedFirstGlobal, d.Kind));
        Assert.Equal([2, 3], plan.Decisions.Select(d => d.LineNumber));
    }
}
