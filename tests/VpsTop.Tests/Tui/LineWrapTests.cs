using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using Terminal.Gui.Time;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using VpsTop.Tui;
using static VpsTop.Tests.Tui.DialogScreen;

namespace VpsTop.Tests.Tui;

/// <summary>Wrapping at word boundaries, inside a word only when it alone is too wide, continuations hung under the
/// value; and the lines view that shows wrapped lines, rewraps them when its width changes and scrolls to the last.</summary>
public sealed class LineWrapTests
{
    [Fact]
    public void A_line_that_fits_is_kept_as_it_is()
    {
        Assert.Equal(["  e        ESTABLISHED only"], LineWrap.Wrap("  e        ESTABLISHED only", 27));
    }

    [Fact]
    public void Words_move_to_the_next_line_whole_and_continuations_hang_under_the_value()
    {
        Assert.Equal(
            ["Cmdline   kworkerd --pool", "          stratum+tcp://198.51.100.7:3333", "          --donate 0"],
            LineWrap.Wrap("Cmdline   kworkerd --pool stratum+tcp://198.51.100.7:3333 --donate 0", 42));
    }

    [Fact]
    public void A_path_wider_than_the_line_is_cut_inside_and_nothing_is_lost()
    {
        const string line = "Exe      /tmp/.cache-x/kworker-updater.d/kworkerd-helper-x86_64 (deleted)";
        var pieces = LineWrap.Wrap(line, 30);
        Assert.All(pieces, p => Assert.True(LineWrap.Columns(p) <= 30, p));
        Assert.Equal("Exe      /tmp/.cache-x/kworker", pieces[0]);
        Assert.All(pieces.Skip(1), p => Assert.StartsWith("         ", p));
        Assert.Equal(Squeezed(line), Squeezed(pieces));
    }

    [Fact]
    public void Without_a_label_column_continuations_are_indented_two_past_the_line()
    {
        Assert.Equal(["  ! exe deleted: the file", "    it runs from is gone"],
            LineWrap.Wrap("  ! exe deleted: the file it runs from is gone", 26));
    }

    [Fact]
    public void Wide_characters_count_two_columns_and_are_never_split()
    {
        var pieces = LineWrap.Wrap("用户名用户名用户名", 7);
        Assert.All(pieces, p => Assert.True(LineWrap.Columns(p) <= 7, p));
        Assert.Equal("用户名用户名用户名", Squeezed(pieces));
    }

    [Fact]
    public void A_width_of_one_still_ends()
    {
        Assert.Equal(["ab", " c"], LineWrap.Wrap("ab c", 2));
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g"], LineWrap.Wrap("abcd efg", 1));
    }

    [Fact]
    public void The_lines_view_rewraps_when_it_gets_narrower_keeps_each_lines_colour_and_scrolls_to_the_end()
    {
        using IApplication app = Application.Create(new VirtualTimeProvider());
        app.Init(DriverRegistry.Names.ANSI);
        app.Driver!.SetScreenSize(40, 10);
        var warn = Theme.Create(noColor: false).Warn;
        var view = new TextLinesView
        {
            Width = Dim.Fill(), Height = Dim.Fill(),
            Lines = [("first line, short", null), ("a second line that is long enough to wrap at least once or twice", warn)],
        };
        using var window = new Window { BorderStyle = Terminal.Gui.Drawing.LineStyle.None };
        window.Add(view);
        var token = app.Begin(window);
        app.LayoutAndDraw();
        Assert.Equal(3, view.Rows.Count);
        Assert.All(view.Rows.Skip(1), r => Assert.Same(warn, r.Scheme));

        app.Driver.SetScreenSize(16, 4);
        app.LayoutAndDraw();
        Assert.Equal(view.RowsAt(view.Viewport.Width), view.Rows.Count);
        Assert.True(view.Rows.Count > 4);
        Assert.Equal(Squeezed("first line, short a second line that is long enough to wrap at least once or twice"),
            Squeezed(view.Rows.Select(r => r.Text)));

        view.SetFocus();
        app.InjectKey(Key.End);
        app.LayoutAndDraw();
        Assert.Equal(view.Rows.Count - view.Viewport.Height, view.Viewport.Y);
        Assert.Contains(view.Rows[^1].Text, app.Driver.ToString());
        app.End(token!);
    }
}
