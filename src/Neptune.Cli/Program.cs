using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Neptune.Cli.Conventions;

namespace Neptune.Cli;

/// <summary>Entry point of the <c>neptune</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Runs the CLI and returns the process exit code.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>0 on success, 1 when the command's subject failed (an invalid program, a failed question) or on an
    /// internal error, 2 on bad input (every usage error), 130 when interrupted.</returns>
    public static async Task<int> Main(string[] args)
    {
        // Output never depends on the machine's locale: numbers print as Python and JSON expect them.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

        IDisposable? telemetry;
        try
        {
            telemetry = Telemetry.NeptuneTelemetry.Start(Environment.GetEnvironmentVariable(Telemetry.NeptuneTelemetry.Variable));
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"neptune: error: {e.Message}");
            return 2;
        }

        using IDisposable? flushAtExit = telemetry;

        // Ctrl+C and SIGTERM cancel the command's token; a second Ctrl+C ends the process at once. The source is never
        // disposed: a signal's handlers run on their own thread and may still cancel it after the command has returned
        // (serve's host stops on the same SIGTERM), which on a disposed source would end the process with a stack trace.
        var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = !interrupt.IsCancellationRequested;
            interrupt.Cancel();
        };
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            interrupt.Cancel();
        });

        RootCommand root = CommandLineApp.Build();
        return await CliRunner.RunAsync(root, args, cancellationToken: interrupt.Token).ConfigureAwait(false);
    }
}
