
namespace VpsTop.Core.Tests.Support;

/// <summary>
/// Copies a program with /bin/cp instead of File.Copy. A file the test process writes itself is open for writing
/// in this process for a moment; a child forked by a parallel test in that moment inherits the descriptor, and
/// exec of the copy then fails with "Text file busy" (ETXTBSY). With cp, only cp ever holds it open.
/// </summary>
internal static class ExecutableCopy
{
    public static void Make(string source, string destination)
    {
        var (exit, _, error) = Run.Capture("/bin/cp", "--", source, destination);
        if (exit != 0) throw new IOException($"cp {source} {destination}: {error.Trim()}");
    }
}
