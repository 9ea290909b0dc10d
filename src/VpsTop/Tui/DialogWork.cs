using Terminal.Gui.Views;

namespace VpsTop.Tui;

/// <summary>Slow work whose result a dialog shows (hashing an exe): it starts when the dialog opens and runs on the
/// thread pool, so the screen keeps answering; the result comes back through the app's Invoke, on the UI thread, and
/// is shown only while the dialog is still open.</summary>
public static class DialogWork
{
    public static void WhenOpen<T>(Dialog dialog, Func<T> work, Action<Task<T>> show)
    {
        bool started = false, open = false;
        dialog.IsRunningChanged += (_, e) =>
        {
            open = e.Value;
            if (!open || started || dialog.App is not { } app) return;
            started = true;
            Task.Run(work).ContinueWith(done => app.Invoke(() =>
            {
                if (open) show(done);
            }), TaskScheduler.Default);
        };
    }
}
