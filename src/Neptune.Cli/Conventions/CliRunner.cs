using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Reflection;
using System.Text;
using Neptune.Configuration;

namespace Neptune.Cli.Conventions;

/// <summary>
/// The top-level handler of every <c>neptune</c> command. Exit codes: 0 success; 1 when the command's subject failed
/// (as each command defines it) or on an internal error; 2 on bad input — every parse error and every typed error;
/// 130 when interrupted. Errors print as one line, <c>neptune: error: MESSAGE</c>, never with a stack trace: a typed
/// error (an exception type Neptune declares, or a file-system error) prints its message; anything else is an internal
/// error whose stack trace goes to a log file the message names.
/// </summary>
public static class CliRunner
{
    /// <summary>Exit code: success.</summary>
    public const int Success = 0;

    /// <summary>Exit code: the command's subject failed (a program raised, a question got no answer), or an internal error.</summary>
    public const int Failure = 1;

    /// <summary>Exit code: bad input or usage.</summary>
    public const int BadInput = 2;

    /// <summary>Exit code: interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;

    /// <summary>The environment variable naming the directory of internal-error logs (default: a <c>neptune</c> folder in the temp directory).</summary>
    public const string LogDirectoryVariable = "NEPTUNE_LOG_DIR";

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="root">The command tree (with <see cref="CliConventions.Apply"/> applied).</param>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Standard output; the console when null.</param>
    /// <param name="error">Standard error; the console when null.</param>
    /// <param name="cancellationToken">Interrupts the command.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        TextWriter stdout = output ?? Console.Out;
        TextWriter stderr = error ?? Console.Error;
        ParseResult parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (string message in ParseErrors(parse, root))
            {
                stderr.WriteLine($"neptune: error: {message}");
            }

            return BadInput;
        }

        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = stdout, Error = stderr };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            string full = CliConventions.PathOf(parse.CommandResult.Command, root);
            return Report(e, args, stderr, cancellationToken, full == "neptune" ? null : full["neptune ".Length..]);
        }
    }

    /// <summary>Turns an exception that escaped a command into its message and exit code.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="args">The command line, for the internal-error log.</param>
    /// <param name="error">Where the message goes.</param>
    /// <param name="cancellationToken">The run's token: a cancellation it requested is an interruption.</param>
    /// <param name="command">
    /// The command that ran (<c>eval</c>, <c>program run</c>): a typed message starts with it, as parse errors do, unless
    /// it already does.
    /// </param>
    /// <returns>The exit code.</returns>
    public static int Report(Exception exception, IReadOnlyList<string> args, TextWriter error, CancellationToken cancellationToken = default, string? command = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(error);
        Exception e = Unwrap(exception);
        if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("neptune: interrupted");
            return Interrupted;
        }

        if (e is TimeoutException || e is OperationCanceledException { InnerException: TimeoutException })
        {
            error.WriteLine($"neptune: error: {Prefixed(command, $"timed out: {OneLine((e.InnerException ?? e).Message)}")}");
            return BadInput;
        }

        if (TypedMessage(e) is { } message)
        {
            error.WriteLine($"neptune: error: {Prefixed(command, OneLine(message))}");
            return BadInput;
        }

        string? log = WriteLog(exception, args);
        string where = log is null ? "no log could be written" : $"the stack trace is in {log}";
        error.WriteLine($"neptune: internal error: {e.GetType().Name}: {OneLine(e.Message)} ({where})");
        return Failure;
    }

    /// <summary>
    /// The message of a typed error, or null for anything else. Typed errors are the exception types Neptune declares
    /// (configuration, data, image, cache errors, …) and file-system errors; their messages are written for users.
    /// </summary>
    /// <param name="e">The exception.</param>
    /// <returns>The message, or null.</returns>
    public static string? TypedMessage(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e switch
        {
            FileNotFoundException f when f.FileName is { } name => $"file not found: '{ConfigSource.Display(name)}'",
            DirectoryNotFoundException d => $"directory not found: {Quoted(d.Message) ?? d.Message}",
            UnauthorizedAccessException u when Quoted(u.Message) is { } path && Directory.Exists(path) => $"'{ConfigSource.Display(path)}' is a directory, expected a file",
            UnauthorizedAccessException u => $"permission denied: {Quoted(u.Message) ?? u.Message}",
            IOException io => io.Message,
            _ when IsNeptuneType(e.GetType()) => e.Message,
            _ => null,
        };
    }

    private static bool IsNeptuneType(Type type) =>
        type.Assembly.GetName().Name is { } name && (name.StartsWith("Neptune.", StringComparison.Ordinal) || name == "neptune");

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } a:
                    e = a.InnerExceptions[0];
                    continue;
                case TargetInvocationException { InnerException: { } inner }:
                    e = inner;
                    continue;
                default:
                    return e;
            }
        }
    }

    private static string? Quoted(string message)
    {
        int open = message.IndexOf('\'', StringComparison.Ordinal);
        int close = open < 0 ? -1 : message.IndexOf('\'', open + 1);
        return close > open + 1 ? message[(open + 1)..close] : null;
    }

    private static string Prefixed(string? command, string message) =>
        command is null || message.StartsWith(command + ":", StringComparison.Ordinal) ? message : $"{command}: {message}";

    private static string OneLine(string message) =>
        string.Join("; ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string? WriteLog(Exception exception, IReadOnlyList<string> args)
    {
        try
        {
            string dir = Environment.GetEnvironmentVariable(LogDirectoryVariable) is { Length: > 0 } configured
                ? configured
                : Path.Combine(Path.GetTempPath(), "neptune");
            Directory.CreateDirectory(dir);
            string file = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"internal-error-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log"));
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"neptune {typeof(CliRunner).Assembly.GetName().Version} internal error at {DateTime.UtcNow:O}\n");
            text.Append("command line: neptune ").Append(string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a))).Append('\n');
            text.Append("working directory: ").Append(Directory.GetCurrentDirectory()).Append("\n\n");
            text.Append(exception).Append('\n');
            File.WriteAllText(file, text.ToString());
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>One message per parse error: unknown options and commands with the nearest valid name, missing required options, invalid values.</summary>
    /// <param name="parse">A failed parse.</param>
    /// <param name="root">The command tree.</param>
    /// <returns>The messages.</returns>
    public static IReadOnlyList<string> ParseErrors(ParseResult parse, RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(root);
        Command command = parse.CommandResult.Command;
        string full = CliConventions.PathOf(command, root);
        string help = $"see '{full} --help'";
        string path = full == "neptune" ? string.Empty : full["neptune ".Length..] + ": ";
        var messages = new List<string>();
        var unmatched = new HashSet<string>(parse.UnmatchedTokens, StringComparer.Ordinal);
        bool afterUnknownOption = false;
        bool afterUnknownCommand = false;
        foreach (string token in parse.UnmatchedTokens)
        {
            if (afterUnknownOption && !token.StartsWith('-'))
            {
                // The value of the unknown option before it.
                afterUnknownOption = false;
                continue;
            }

            afterUnknownOption = token.StartsWith('-');
            if (token.StartsWith('-'))
            {
                messages.Add($"{path}{UnknownOption(token, parse.CommandResult)}; {help}");
            }
            else if (afterUnknownCommand)
            {
                // An argument of the unknown command before it: one message for the command is enough.
                continue;
            }
            else if (command.Subcommands.Count > 0)
            {
                afterUnknownCommand = true;
                messages.Add($"{path}unknown command '{token}'{Suggest(token, command)}");
            }
            else
            {
                messages.Add($"{path}unexpected argument '{token}'; {help}");
            }
        }

        foreach (ParseError e in parse.Errors)
        {
            if (unmatched.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)))
            {
                continue;
            }

            if (messages.Count > 0 && e.SymbolResult is CommandResult && e.Message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            {
                continue; // the unknown token above says more
            }

            messages.Add(Describe(e, command, path, help));
        }

        // What was typed wrong comes before what is missing.
        return messages.Count > 0
            ? [.. messages.Distinct().OrderBy(m => m.Contains("unknown ", StringComparison.Ordinal) ? 0 : 1)]
            : [$"{path}invalid command line; {help}"];
    }

    /// <summary>
    /// What to offer for an unknown command: the nearest command at this level, else a command one level down of that
    /// name (<c>run</c> → <c>program run</c>), else the list of commands.
    /// </summary>
    private static string Suggest(string token, Command command)
    {
        if (FieldNames.Nearest(token, command.Subcommands.Select(c => c.Name)) is { } near)
        {
            return $" (did you mean '{near}'?)";
        }

        string[] nested = [.. command.Subcommands.SelectMany(c => c.Subcommands.Where(s => s.Name == token).Select(s => $"{c.Name} {s.Name}"))];
        return nested.Length > 0
            ? $" (did you mean {string.Join(" or ", nested.Select(n => $"'{n}'"))}?)"
            : $"; commands: {string.Join(", ", command.Subcommands.Select(c => c.Name))}";
    }

    /// <summary>The message for an unknown option, with the nearest flag of the command when there is a likely one.</summary>
    /// <param name="token">The option as typed.</param>
    /// <param name="command">Where it was typed.</param>
    /// <returns>For example <c>unknown option '--limt' (did you mean '--limit'?)</c>.</returns>
    internal static string UnknownOption(string token, CommandResult command)
    {
        string? near = FieldNames.Nearest(token, OptionNames(command));
        return $"unknown option '{token}'{(near is null ? string.Empty : $" (did you mean '{near}'?)")}";
    }

    private static string Describe(ParseError e, Command command, string path, string help)
    {
        string message = e.Message.Trim();
        switch (e.SymbolResult)
        {
            case OptionResult o when message.EndsWith("is required.", StringComparison.Ordinal):
                return $"{path}missing required option {o.Option.Name}; {help}";
            case ArgumentResult a when message.StartsWith("Required argument", StringComparison.Ordinal):
                return $"{path}missing argument <{a.Argument.Name}>; {help}";
            case CommandResult when message.StartsWith("Required command was not provided", StringComparison.Ordinal):
                return $"{path}which command? one of: {string.Join(", ", command.Subcommands.Select(c => c.Name))}; {help}";
            case null or CommandResult when message.EndsWith("is required.", StringComparison.Ordinal) && Quoted(message) is { } flag:
                return $"{path}missing required option {flag}; {help}";
        }

        return message.StartsWith("--", StringComparison.Ordinal) || message.StartsWith('<')
            ? $"{path}{message.TrimEnd('.')}"
            : $"{path}{message.TrimEnd('.')}; {help}";
    }

    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                foreach (Option o in c.Command.Options)
                {
                    if (ReferenceEquals(c, result) || o.Recursive)
                    {
                        yield return o.Name;
                        foreach (string alias in o.Aliases)
                        {
                            if (alias.StartsWith("--", StringComparison.Ordinal))
                            {
                                yield return alias;
                            }
                        }
                    }
                }
            }
        }
    }
}
