using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Time;
using Terminal.Gui.Views;
using VpsTop.Core.Collection;
using VpsTop.Core.Traffic;
using VpsTop.Tui;
using VpsTop.Tui.Table;
using Xunit.Abstractions;

namespace VpsTop.Tests.Tui;

/// <summary>The table every pane is built from: widths, what is formatted, where the cursor goes, what F5 and F6 do.</summary>
public sealed class TableTests(ITestOutputHelper output) : IDisposable
{
    private readonly TuiTestHost _host = new(output);

    public void Dispose() => _host.Dispose();

    private static TableColumn<int> Col(string name, int min, int max = 0, int weight = 0, int hideBelow = 0) =>
        new(name, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), min, max, weight, hideBelow);

    [Fact]
    public void Fixed_columns_keep_their_width_and_the_last_flexible_one_takes_what_is_left()
    {
        var columns = new[] { Col("PID", 6), Col("PATH", 10, 30, 1), Col("N", 9), Col("NOTE", 10, 400, 2) };
        // 80 columns: 4 separators and 35 fixed leave 41; PATH gets a third (13), capped at 20 extra; NOTE the rest.
        Assert.Equal([6, 23, 9, 38], ColumnFit.Widths(columns, 80));
        // 200 columns: PATH stops at its maximum, NOTE takes all the rest.
        int[] wide = ColumnFit.Widths(columns, 200);
        Assert.Equal(30, wide[1]);
        Assert.Equal(200, wide.Sum() + 4);
        // Narrower than the minimums: nothing grows, nothing is negative.
        Assert.Equal([6, 10, 9, 10], ColumnFit.Widths(columns, 30));
    }

    [Fact]
    public void A_column_gives_way_below_its_width_and_the_others_share_its_room()
    {
        var columns = new[] { Col("PID", 6), Col("USER", 8, hideBelow: 90), Col("NOTE", 10, 400, 1) };
        Assert.Equal([6, 0, 72], ColumnFit.Widths(columns, 80));
        Assert.Equal([6, 8, 83], ColumnFit.Widths(columns, 100));
    }

    [Fact]
    public void Only_the_rows_on_screen_are_formatted()
    {
        int formatted = 0;
        var table = new RowTable<int>([new TableColumn<int>("N",
            i => { formatted++; return i.ToString(System.Globalization.CultureInfo.InvariantCulture); }, 10)], i => i);
        _host.App.Init(DriverRegistry.Names.ANSI);
        _host.App.Driver!.SetScreenSize(80, 24);
        using var window = new Window();
        window.Add(table.View);
        var token = _host.App.Begin(window);
        _host.App.LayoutAndDraw();
        formatted = 0;
        Assert.True(table.Set([.. Enumerable.Range(0, 100_000)], ""));
        Assert.InRange(formatted, 1, 2 * 24);
        formatted = 0;
        Assert.False(table.Set([.. Enumerable.Range(0, 100_000)], "")); // the same rows: nothing to redraw
        Assert.InRange(formatted, 1, 2 * 24);
        _host.App.End(token!);
    }

    [Fact]
    public void The_cursor_stays_in_the_table_Home_and_End_go_to_the_first_and_last_rows()
    {
        var pane = _host.Show<ConnectionsPane>(_host.Services());
        _host.Press(Key.CursorDown, Key.CursorDown);
        Assert.Equal(2, pane.Sockets.SelectedIndex);
        _host.Press(Key.End);
        Assert.Equal(pane.Sockets.Count - 1, pane.Sockets.SelectedIndex);
        _host.Press(Key.Home);
        Assert.Equal(0, pane.Sockets.SelectedIndex);
        _host.Press(Key.CursorUp, Key.CursorUp, (Key)' ', Key.CursorRight);
        // Up on the first row did not move into the tab strip, where Space and the arrows switch panes.
        Assert.True(pane.Sockets.View.HasFocus);
        Assert.Same(pane.View, _host.Window.Tabs.Value);
    }

    [Fact]
    public void A_note_cut_to_its_column_is_whole_on_the_line_under_the_table()
    {
        var pane = _host.Show<BandwidthPane>(_host.Services());
        string note = pane.Processes.Columns.Single(c => c.Name == "NOTE").Text(pane.Processes.Rows[0]);
        Assert.Equal("exe deleted; exe in /tmp", note);
        string[] lines = _host.Screen().Replace("\r", "").Split('\n');
        string row = lines.First(l => l.Contains("4242", StringComparison.Ordinal));
        Assert.DoesNotContain(note, row);                // 80 columns: the NOTE column is narrower than the note
        Assert.Contains(lines, l => l.Contains("NOTE " + note, StringComparison.Ordinal));
    }

    [Fact]
    public void F5_asks_the_panes_collector_for_a_snapshot_now()
    {
        var traffic = IncidentTraffic.Feed();
        _host.Show<BandwidthPane>(_host.Services(s => s with { Bandwidth = traffic }));
        _host.Press(Key.F5);
        Assert.Equal(1, traffic.CollectNowRequests);
        _host.Window.Tabs.Value = _host.Window.Panes.OfType<ConnectionsPane>().Single().View;
        _host.Press(Key.F5);
        Assert.Equal(1, _host.Connections.CollectNowRequests);
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(60, 20)]
    public void The_sort_list_fits_the_screen_and_a_sort_belongs_to_its_view(int width, int height)
    {
        var pane = _host.Show<ConnectionsPane>(_host.Services(), width: width, height: height);
        _host.Modals.Keys.Enqueue([Key.CursorDown, Key.CursorDown, Key.CursorDown, Key.CursorDown, Key.Enter]); // State
        _host.Press(Key.F6);
        string list = _host.Modals.Screens.Last();
        Assert.Contains("Sort by", list);
        Assert.Contains("Cancel", list);
        Assert.Equal("sort State▲", "sort " + pane.Sockets.SortLabel);
        _host.Press((Key)'r'); // the per-IP counts keep their own order
        Assert.Equal("", pane.Remotes.SortLabel);
        _host.Press((Key)'r');
        Assert.Equal("State▲", pane.Sockets.SortLabel);
    }
}
