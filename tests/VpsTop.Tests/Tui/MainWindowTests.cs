using System.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using VpsTop.Tui;
using Xunit.Abstractions;

namespace VpsTop.Tests.Tui;

/// <summary>The shell around the panes: the bottom bar that changes with the pane, and the clock.</summary>
public sealed class MainWindowTests(ITestOutputHelper output) : IDisposable
{
    private readonly TuiTestHost _host = new(output);

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData(80, 24)]
    [InlineData(60, 20)]
    public void The_bar_shows_each_panes_own_keys_and_Quit_always_fits(int width, int height)
    {
        _host.Show<ConnectionsPane>(_host.Services(), width: width, height: height);
        foreach (var pane in _host.Window.Panes)
        {
            _host.Window.Tabs.Value = pane.View;
            string bar = _host.Screen().Replace("\r", "").Split('\n').Last(l => l.Trim().Length > 0);
            Assert.Contains("F1Help", bar);
            Assert.Contains("F10Quit", bar);
            Assert.True(bar.TrimEnd().Length <= width);
            Assert.Equal(pane.CanKill, bar.Contains("F9Kill", StringComparison.Ordinal));
            if (width >= 80) Assert.Contains(pane.BarKeys[0].Key + pane.BarKeys[0].Label, bar);
        }
        Assert.DoesNotContain(_host.Window.Panes.OfType<HardeningPane>().Single().CanKill ? "x" : "F9Kill",
            _host.Screen().Replace("\r", "").Split('\n').Last(l => l.Trim().Length > 0));
    }

    [Fact]
    public void A_click_on_a_bar_key_does_what_the_key_does()
    {
        var pane = _host.Show<ConnectionsPane>(_host.Services());
        string[] lines = _host.Screen().Replace("\r", "").Split('\n');
        int row = Array.FindLastIndex(lines, l => l.Contains("rPerIP", StringComparison.Ordinal));
        _host.App.InjectSequence(InputInjectionExtensions.LeftButtonClick(new Point(lines[row].IndexOf("rPerIP", StringComparison.Ordinal),
            row)));
        _host.Screen();
        Assert.True(pane.ShowsRemotes);
        row = Array.FindLastIndex(lines, l => l.Contains("F10Quit", StringComparison.Ordinal));
        _host.App.InjectSequence(InputInjectionExtensions.LeftButtonClick(new Point(lines[row].IndexOf("F10Quit",
            StringComparison.Ordinal) + 1, row)));
        Assert.True(_host.Window.StopRequested);
    }

    [Fact]
    public void The_clock_ticks_every_second_on_an_idle_screen_without_redrawing_the_pane()
    {
        _host.Show<ConnectionsPane>(_host.Services());
        _host.Window.RefreshVisible(force: false);
        int redraws = _host.Window.Redraws;
        Assert.Contains("03:12:00", _host.Screen());
        _host.Now = _host.Now.AddSeconds(1);
        _host.Window.RefreshVisible(force: false);
        Assert.Contains("03:12:01", _host.Screen());
        Assert.Equal(redraws, _host.Window.Redraws);
    }
}
