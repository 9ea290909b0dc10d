using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;
using Terminal.Gui.Views;
using VpsTop.Core.Connections;
using VpsTop.Core.Hardening;
using VpsTop.Core.Platform;
using VpsTop.Tests.Hardening;
using VpsTop.Tests.Support;
using VpsTop.Tui;
using Xunit.Abstractions;

namespace VpsTop.Tests.Tui;

/// <summary>The Hardening tab of the real main window on the headless driver, over a real sshd on loopback: the
/// values in effect come from the real sshd -T, an apply goes through the real transaction (backup, validation,
/// watchdog, HUP) and the status line counts down to the automatic rollback; R rolls back now. Planning runs off the
/// UI thread: with an sshd held at a gate the pane says it is checking and keeps answering keys.</summary>
public sealed class HardeningPaneTests(ITestOutputHelper output) : IDisposable
{
    private readonly TuiTestHost _host = new(output);
    private readonly Lazy<LoopbackSshd> _loopback = new(() => new LoopbackSshd());

    /// <summary>The running sshd, started by the tests that apply.</summary>
    private LoopbackSshd Sshd => _loopback.Value;

    private HardeningPane Start(int width = 80, int height = 24) => Start(
        new HardeningService(SystemRoot.Live, new SshdOracle(), Sshd.Config, Sshd.StateDir, Watchdog()), width, height);

    private HardeningPane Start(HardeningService service, int width = 80, int height = 24)
    {
        var pane = _host.Show<HardeningPane>(_host.Services(s => s with { Hardening = service }), width: width, height: height);
        Settle(pane);
        return pane;
    }

    private static string[] Watchdog()
    {
        var (program, prefix) = Vpstop.Command();
        return [program, .. prefix];
    }

    /// <summary>Lets the pane's background read, plan or apply finish (the UI timer's refresh opens what it brings)
    /// and shows the result.</summary>
    private void Settle(HardeningPane pane)
    {
        Poll.Until(() =>
        {
            _host.Window.RefreshVisible(force: false);    // what the UI timer does
            return (pane.Busy, Rows: pane.Settings.Count);
        }, s => !s.Busy && s.Rows > 0, "the Hardening pane done reading, planning and applying", TimeSpan.FromSeconds(60),
            s => $"busy {s.Busy}, {s.Rows} rows");
        _host.Window.RefreshVisible(force: false);
        _host.App.LayoutAndDraw();
    }

    public void Dispose()
    {
        _host.Dispose();
        if (_loopback.IsValueCreated) Sshd.Dispose();
    }

    private string Screen() => _host.Screen();

    private static int RowOf(HardeningPane pane, string keyword) => pane.Settings.Rows.Select((r, i) => (r,
        i)).Single(x => x.r.Item.Keyword == keyword).i;

    [Fact]
    [Trait("Category", "Root")]
    public void At_80x24_each_setting_shows_what_sshd_uses_now_and_the_seeds_six_are_chosen()
    {
        var pane = Start();
        string screen = Screen();
        foreach (string column in new[] { "KEYWORD", "IN EFFECT", "PROPOSED", "RISK" }) Assert.Contains(column, screen);
        Assert.Contains(Sshd.Config, screen);
        var password = pane.Settings.Rows[RowOf(pane, "PasswordAuthentication")];
        Assert.Equal("yes", password.Current);      // from the real sshd -T of the loopback sshd's config
        Assert.True(password.Selected);
        Assert.Equal("[x]", pane.Settings.Columns[0].Text(pane.Settings.Rows[RowOf(pane, "PasswordAuthentication")]));
        Assert.False(pane.Settings.Rows[RowOf(pane, "Port")].Selected);
        Assert.Equal("(unchanged)", pane.Settings.Columns[3].Text(pane.Settings.Rows[RowOf(pane, "Port")]));
        foreach (string line in screen.Split('\n')) Assert.True(line.TrimEnd('\r').Length <= 80);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void Space_unchooses_Enter_edits_and_a_keyword_value_is_checked()
    {
        var pane = Start();
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, RowOf(pane, "MaxAuthTries")));
        _host.App.InjectKey(Key.Space);
        Assert.False(pane.Settings.Rows[RowOf(pane, "MaxAuthTries")].Selected);
        _host.Modals.Keys.Enqueue([Key.Backspace, (Key)'4', Key.Enter]);
        _host.App.InjectKey(Key.Enter);
        var row = pane.Settings.Rows[RowOf(pane, "MaxAuthTries")];
        Assert.Equal("4", row.Proposed);
        Assert.True(row.Selected);
    }

    [Fact]
    [Trait("Category", "Root")]
    public void A_applies_through_the_real_transaction_the_status_counts_down_and_R_rolls_back()
    {
        var pane = Start();
        // Root is the admin here and the only account with a key: PermitRootLogin no is blocked (L5).
        _host.Modals.Keys.Enqueue([Key.Enter]);      // Cancel is the default
        _host.App.InjectKey((Key)'A');
        Settle(pane);                                 // sshd checks the plan, then the dialog opens
        Assert.Equal("Blocked: this could lock you out", _host.Modals.Titles.Last());
        Assert.Contains("BLOCK L5", _host.Modals.Screens.Last());
        Assert.Equal(Sshd.OriginalConfig, File.ReadAllBytes(Sshd.Config));

        // The guard's advice: root keeps key logins only.
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, RowOf(pane, "PermitRootLogin")));
        _host.Modals.Keys.Enqueue([.. Enumerable.Repeat(Key.Backspace, 4), .. "prohibit-password".Select(c => (Key)c), Key.Enter]);
        _host.App.InjectKey(Key.Enter);
        Assert.Equal("prohibit-password", pane.Settings.Rows[RowOf(pane, "PermitRootLogin")].Proposed);

        _host.Modals.Keys.Enqueue([Key.A.WithAlt]);   // this time: Apply
        _host.Modals.Keys.Enqueue([Key.Enter]);       // the result box
        _host.App.InjectKey((Key)'A');
        Settle(pane);
        Assert.Equal("Apply these changes?", _host.Modals.Titles[^2]);
        Assert.Contains("Applied — now confirm from a NEW session", _host.Modals.Titles);
        Assert.StartsWith("!! Applied", pane.StatusLine);
        Assert.Contains("rolls back in", pane.StatusLine);
        Assert.NotEqual(0, Sshd.PasswordLogin());
        Assert.Equal(0, Sshd.KeyLogin());
        // sshd prints prohibit-password as without-password: it is recognised as in effect now.
        Assert.Equal(" = ", pane.Settings.Columns[0].Text(pane.Settings.Rows[RowOf(pane, "PermitRootLogin")]));
        Assert.Equal(" = ", pane.Settings.Columns[0].Text(pane.Settings.Rows[RowOf(pane, "PasswordAuthentication")]));

        // b lists the backup; Restore… offers the newest, Enter puts it back.
        _host.Modals.Keys.Enqueue([Key.R.WithAlt]);   // Restore…
        _host.Modals.Keys.Enqueue([Key.Enter]);       // the offered id
        _host.Modals.Keys.Enqueue([Key.Enter]);       // the result box
        _host.App.InjectKey((Key)'b');
        Assert.Equal("Backups", _host.Modals.Titles[^2]);
        Assert.Contains(Sshd.Config, _host.Modals.Screens[^2]);
        Settle(pane);
        Assert.Contains("Rolled back", _host.Modals.Titles);
        Assert.Equal(Sshd.OriginalConfig, File.ReadAllBytes(Sshd.Config));
        LoopbackSshd.Wait(() => Sshd.PasswordLogin() == 0, "passwords working again", 10);
        Assert.Contains("rolled-back", pane.StatusLine);
    }

    [Fact]
    public void The_header_counts_the_chosen_changes_as_soon_as_Space_or_Enter_changes_them()
    {
        // The fixture's config (no sshd running): root and passwords allowed, ClientAlive* at their defaults,
        // MaxAuthTries 3 and keyboard-interactive off already: four of the six preselected settings would change.
        var pane = Start(HardeningFixture.SharedService);
        Assert.Contains("4 changes chosen", Header());

        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, RowOf(pane, "LoginGraceTime")));
        _host.App.InjectKey(Key.Space);
        Assert.Contains("5 changes chosen", Header());

        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, RowOf(pane, "MaxAuthTries")));
        _host.Modals.Keys.Enqueue([Key.Backspace, (Key)'4', Key.Enter]);
        _host.App.InjectKey(Key.Enter);
        Assert.Contains("6 changes chosen", Header());

        _host.App.InjectKey(Key.Space);
        Assert.Contains("5 changes chosen", Header());
    }

    private string Header() => Screen().Split('\n')[0];

    [Fact]
    public void While_sshd_checks_the_plan_the_pane_says_so_keeps_answering_keys_and_opens_the_plan_when_it_arrives()
    {
        var fixture = new HardeningFixture();
        using var gate = new SshdGate(fixture.Dir);
        var pane = Start(fixture.ServiceWith(new SshdOracle(gate.Sshd)));
        Assert.Contains("4 changes chosen", Header());

        gate.Close();
        _host.App.InjectKey((Key)'d');
        gate.WaitForSshd();                     // planning is under way, held inside sshd
        pane.Refresh(force: false);
        Assert.True(pane.Busy);
        Assert.StartsWith("Checking with sshd…", pane.StatusLine);
        Assert.Contains("Checking with sshd…", Screen());

        // The keys still work: Space unchooses root's setting, a second d waits for the plan under way.
        pane.Table.Value = new TableSelection(new System.Drawing.Point(0, RowOf(pane, "PermitRootLogin")));
        _host.App.InjectKey(Key.Space);
        Assert.Contains("3 changes chosen", Header());
        _host.App.InjectKey((Key)'d');
        pane.Refresh(force: false);
        Assert.Empty(_host.Modals.Titles);
        Assert.StartsWith("Checking with sshd…", pane.StatusLine);

        gate.Open();
        Settle(pane);
        // One plan opens, for what the screen shows now: the choice made while sshd checked is in it.
        string plan = Assert.Single(_host.Modals.Screens);
        output.WriteLine(plan);
        Assert.Equal("Where the values go, and the diff", Assert.Single(_host.Modals.Titles));
        Assert.Contains("PasswordAuthentication no  →", plan);
        Assert.DoesNotContain("PermitRootLogin no", plan);
        Assert.DoesNotContain("Checking with sshd", pane.StatusLine);
    }
}
