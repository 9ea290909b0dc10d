using Terminal.Gui.ViewBase;

namespace VpsTop.Tui;

/// <summary>
/// One tab. The tab bar, the help screen, the function keys and the tests all enumerate the panes from
/// <see cref="PaneRegistry"/>, so adding a pane is adding one entry.
/// </summary>
public interface IPane
{
    /// <summary>Tab title; '_' marks the Alt hotkey.</summary>
    string Title { get; }

    View View { get; }

    /// <summary>Help lines for F1: keys of this pane and what they do.</summary>
    IReadOnlyList<string> HelpLines { get; }

    /// <summary>Called by the UI timer while this pane is visible. Redraws only when its snapshot or view
    /// state changed, unless <paramref name="force"/>. Returns whether it redrew.</summary>
    bool Refresh(bool force);

    /// <summary>One-line summary for the header (counts, source, warnings).</summary>
    string Summary { get; }

    /// <summary>Puts the keyboard focus where the pane's keys work (its table), e.g. after a tab switch.</summary>
    void Focus();

    /// <summary>F5: collect now.</summary>
    void CollectNow();

    /// <summary>Esc: leave a drill-down. False when there is nothing to go back from.</summary>
    bool Back();

    /// <summary>This pane's own keys for the bottom bar (htop's function keys come first), each with what a click runs.</summary>
    IReadOnlyList<BarKey> BarKeys { get; }

    /// <summary>Whether F9 has something to kill here (the bar leaves it out where not).</summary>
    bool CanKill { get; }

    void Search();
    void Filter();
    void Sort();
    void Kill();
}
