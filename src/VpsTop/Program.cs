using VpsTop.Cli;

namespace VpsTop;

internal static class Program
{
    private static int Main(string[] args) =>
        CliApp.Run(args, Console.Out, Console.Error, Composition.CreateServices, Composition.RunTui);
}
