using Terminal.Gui.App;
using Terminal.Gui.Input;

namespace VpsTop.Tui;

/// <summary>
/// Keys typed ahead of the screen, handled in the order they were typed. A key that arrives while a dialog is closing
/// was meant for what comes after it, yet Terminal.Gui would still give it to the closing dialog (over a slow link
/// "F3 sshd Enter F4 kw Enter" arrives in one read and searched for "sshdkw"). Such a key, and every key after it, is
/// held and replayed one at a time once the dialog is gone; a replayed key that opens a dialog leaves the rest to it.
/// </summary>
public sealed class TypeAhead(IApplication app)
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(20);
    private readonly Queue<Key> _held = new();
    private Key? _replaying;

    /// <summary>Called first for every key: true when the key was held back, and whoever saw it must leave it alone.</summary>
    public bool Hold(Key key)
    {
        if (ReferenceEquals(key, _replaying))
        {
            _replaying = null;
            return false;
        }
        if (_held.Count == 0 && app.TopRunnable is not { StopRequested: true }) return false;
        Add(new Key(key));
        key.Handled = true;
        return true;
    }

    /// <summary>Keys that must be handled before anything typed after them (ones the input layer dropped).</summary>
    public void Add(IEnumerable<Key> keys)
    {
        foreach (var key in keys) Add(key);
    }

    private void Add(Key key)
    {
        _held.Enqueue(key);
        if (_held.Count == 1) app.AddTimeout(TimeSpan.Zero, ReplayNext);
    }

    private bool ReplayNext()
    {
        if (_held.Count == 0) return false;
        if (app.TopRunnable is { StopRequested: true })
        {
            // Still on its way out, and its loop cannot end while the timers run: a timer due again at once would
            // spin in this very round, so look again a little later.
            app.AddTimeout(Retry, ReplayNext);
            return false;
        }
        var key = _held.Dequeue();
        // Scheduled before the key runs: a dialog it opens runs its own loop, which must get the keys after it.
        if (_held.Count > 0) app.AddTimeout(TimeSpan.Zero, ReplayNext);
        _replaying = key;
        app.Keyboard.RaiseKeyDownEvent(key);
        return false;
    }
}
