using System.CommandLine;
using System.CommandLine.Help;
using Neptune.Cli.Conventions;
using Neptune.Configuration;

namespace Neptune.Cli.Tests;

/// <summary>
/// The CLI convention, checked for every registered command: the cases enumerate the real command tree, so a command
/// added to <see cref="CommandLineApp"/> is covered without touching these tests.
/// </summary>
public sealed class CommandTreeTests
{
    private const string Bogus = "--definitely-not-a-flag";

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        RootCommand root = CommandLineApp.Build();
        foreach (Command c in CliConventions.Commands(root))
        {
            data.Add(CliConventions.PathOf(c, root));
        }

        return data;
    }

    public static TheoryData<string, string> Options()
    {
        var data = new TheoryData<string, string>();
        RootCommand root = CommandLineApp.Build();
        foreach (Command c in CliConventions.Commands(root))
        {
            foreach (Option o in c.Options.Where(o => o is not (HelpOption or VersionOption)))
            {
                data.Add(CliConventions.PathOf(c, root), o.Name);
            }
        }

        return data;
    }

    [Fact]
    public void Tree_HoldsEveryCommandOfTheDocumentation()
    {
        RootCommand root = CommandLineApp.Build();
        List<string> paths = [.. CliConventions.Commands(root).Select(c => CliConventions.PathOf(c, root))];
        Assert.Contains("neptune demo", paths);
        Assert.Contains("neptune eval merge", paths);
        Assert.Contains("neptune program run", paths);
        Assert.True(paths.Count >= 12, string.Join(", ", paths));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_UnknownFlag_ExitsTwoWithOneLineAndNoHelpDump(string command)
    {
        CliRun run = Cli.InProcess([.. Args(command), Bogus]);

        run.FailsWithBadInput($"unknown option '{Bogus}'");
        Assert.Contains($"unknown option '{Bogus}'; see '{command} --help'", run.ErrLines[0], StringComparison.Ordinal);
        Assert.All(run.ErrLines[1..], l => Assert.Contains("missing required", l, StringComparison.Ordinal));
        Assert.Equal(string.Empty, run.Out);
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void EveryOption_Misspelt_SuggestsTheNearestFlag(string command, string option)
    {
        // Drop one letter from the middle of the flag's name: a typical typo.
        string typo = option.Remove(2 + ((option.Length - 2) / 2), 1);
        Command target = Find(command);
        if (typo == "--")
        {
            return; // a one-letter flag (--k) has no letter to drop: the result is the end-of-options marker
        }

        if (target.Options.Any(o => o.Name == typo || o.Aliases.Contains(typo)))
        {
            return; // the typo is itself a flag
        }

        CliRun run = Cli.InProcess([.. Args(command), typo]);

        run.FailsWithBadInput($"unknown option '{typo}'");
        Assert.Contains("(did you mean '--", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_Help_ExitsZeroAndListsEveryOptionAndSubcommand(string command)
    {
        CliRun run = Cli.InProcess([.. Args(command), "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"Usage: {command}", run.Out, StringComparison.Ordinal);
        Command c = Find(command);
        foreach (Option o in c.Options.Where(o => o is not (HelpOption or VersionOption)))
        {
            Assert.Contains(o.Name, run.Out, StringComparison.Ordinal);
        }

        foreach (Command sub in c.Subcommands)
        {
            Assert.Contains("  " + sub.Name, run.Out, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Neptune.", run.Out, StringComparison.Ordinal); // no .NET type names
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryCommand_HasAnActionOrSubcommands_AndAGroupWithoutOneAsksWhichCommand(string command)
    {
        Command c = Find(command);
        Assert.True(c.Action is not null || c.Subcommands.Count > 0, $"{command} does nothing");
        Assert.False(string.IsNullOrWhiteSpace(c.Description), $"{command} has no description");
        if (c.Action is null)
        {
            Cli.InProcess(Args(command)).FailsWithBadInput("which command? one of: ");
        }
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void EveryOption_IsKebabCaseAndDescribed(string command, string option)
    {
        Option o = Find(command).Options.Single(x => x.Name == option);
        Assert.True(FieldNames.IsKebabCaseFlag(o.Name), $"{command} {o.Name} is not a kebab-case flag");
        Assert.False(string.IsNullOrWhiteSpace(o.Description), $"{command} {o.Name} has no description");
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void EveryEnumOption_SpeltInLowerCase_AndAnUnknownValueListsTheChoices(string command, string option)
    {
        Option o = Find(command).Options.Single(x => x.Name == option);
        Type t = Nullable.GetUnderlyingType(o.ValueType) ?? o.ValueType;
        IReadOnlyList<string> choices = t.IsEnum ? CliConventions.EnumNames(t) : OptionRules.Of(o)?.Choices ?? [];
        if (choices.Count == 0)
        {
            return;
        }

        Assert.All(choices, c => Assert.Equal(c.ToLowerInvariant(), c));
        Assert.Equal(string.Join('|', choices), o.HelpName);
        CliRun run = Cli.InProcess([.. Args(command), option, "no-such-value"]);
        run.FailsWithBadInput($"{option}: unknown value 'no-such-value'; expected one of: {string.Join(", ", choices)}");
        Assert.DoesNotContain("Neptune.", run.Err, StringComparison.Ordinal);

        // Any case is accepted.
        CliRun upper = Cli.InProcess([.. Args(command), option, choices[0].ToUpperInvariant(), Bogus]);
        Assert.DoesNotContain("unknown value", upper.Err, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void EveryNumericOption_DeclaresItsRange_AndAValueOutsideItIsRefusedWithTheRange(string command, string option)
    {
        Option o = Find(command).Options.Single(x => x.Name == option);
        Type t = Nullable.GetUnderlyingType(o.ValueType) ?? o.ValueType;
        bool integer = t == typeof(int) || t == typeof(long);
        if (!integer && t != typeof(double) && t != typeof(float))
        {
            return;
        }

        OptionRule? rule = OptionRules.Of(o);
        Assert.True(rule is { Minimum: not null, Maximum: not null }, $"{command} {option} declares no range (use .Range(min, max))");
        string outside = integer ? "99999999999999999999" : "1e400";
        CliRun run = Cli.InProcess([.. Args(command), option, outside]);
        run.FailsWithBadInput($"{option}: expected a {(integer ? "whole number" : "number")} ");
        Assert.Contains($"got '{outside}'", run.Err, StringComparison.Ordinal);
        CliRun words = Cli.InProcess([.. Args(command), option, "ten"]);
        words.FailsWithBadInput($"{option}: expected a ");
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void EveryFileOrDirectoryOption_GivenTheOtherKind_IsRefusedBeforeTheCommandRuns(string command, string option)
    {
        Option o = Find(command).Options.Single(x => x.Name == option);
        string dir = Cli.NewDirectory();
        string file = Path.Combine(dir, "a-file.txt");
        File.WriteAllText(file, "x");
        if (o.ValueType == typeof(FileInfo))
        {
            Cli.InProcess([.. Args(command), option, dir]).FailsWithBadInput($"{option}: '{dir}' is a directory, expected a file");
        }
        else if (o.ValueType == typeof(DirectoryInfo))
        {
            Cli.InProcess([.. Args(command), option, file]).FailsWithBadInput($"{option}: '{file}' is a file, expected a directory");
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryFileArgument_GivenADirectory_IsRefused(string command)
    {
        Command c = Find(command);
        string dir = Cli.NewDirectory();
        foreach (Argument a in c.Arguments.Where(a => a.ValueType == typeof(FileInfo)))
        {
            Cli.InProcess([.. Args(command), dir]).FailsWithBadInput($"<{a.Name}>: '{dir}' is a directory, expected a file");
        }
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void EveryRequiredOption_Missing_IsNamed(string command, string option)
    {
        Option o = Find(command).Options.Single(x => x.Name == option);
        if (!o.Required)
        {
            return;
        }

        Cli.InProcess(Args(command)).FailsWithBadInput($"missing required option {option}");
    }

    [Fact]
    public void UnknownCommand_SuggestsTheNearest()
    {
        Cli.InProcess("evl").FailsWithBadInput("unknown command 'evl' (did you mean 'eval'?)");
    }

    [Fact]
    public void UnknownCommand_ASubcommandOneLevelDown_IsOffered_AndItsArgumentsAreNotCommands()
    {
        CliRun run = Cli.InProcess("run", "prog.py").FailsWithBadInput("unknown command 'run' (did you mean 'program run'?)");

        Assert.Single(run.ErrLines);
    }

    internal static string[] Args(string command) => command.Split(' ')[1..];

    internal static Command Find(string command)
    {
        Command at = CommandLineApp.Build();
        foreach (string name in Args(command))
        {
            at = at.Subcommands.Single(c => c.Name == name);
        }

        return at;
    }
}
