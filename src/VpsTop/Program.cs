namespace VpsTop;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["--version"])
        {
            Console.WriteLine($"vpstop {typeof(Program).Assembly.GetName().Version?.ToString(3)}");
            return 0;
        }
        Console.Error.WriteLine("vpstop: the command line is being built; try --version");
        return 2;
    }
}
