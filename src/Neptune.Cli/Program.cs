using System.CommandLine;
using System.Globalization;

namespace Neptune.Cli;

/// <summary>Entry point of the <c>neptune</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Runs the CLI and returns the process exit code.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>0 on success, 1 when the command's subject failed (an invalid program, a failed run), 2 on usage errors.</returns>
    public static int Main(string[] args)
    {
        // Output never depends on the machine's locale: numbers print as Python and JSON expect them.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

        RootCommand root = CommandLineApp.Build();
        ParseResult parse = root.Parse(args);
        return parse.Invoke();
    }
}
