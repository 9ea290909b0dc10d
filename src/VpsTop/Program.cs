using System.Text;
using VpsTop.Cli;

namespace VpsTop;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Console.Out writes through on every line: a summary of 80,000 attackers was 80,000 write(2) calls. The CLI
        // writes into a buffer flushed at exit (and before the one prompt, harden's "Apply? [y/N]").
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        try
        {
            return CliApp.Run(args, output, Console.Error, Composition.CreateServices, Composition.RunTui);
        }
        finally
        {
            output.Flush(); // the console stream drops EPIPE itself (vpstop … | head)
        }
    }
}
