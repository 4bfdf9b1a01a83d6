using System.CommandLine;
using Neptune.Cli.Commands;

namespace Neptune.Cli;

/// <summary>Builds the <c>neptune</c> command tree.</summary>
public static class CommandLineApp
{
    /// <summary>Creates the root command with every sub-command registered.</summary>
    /// <returns>The root command.</returns>
    public static RootCommand Build()
    {
        var root = new RootCommand("Neptune: neuro-symbolic visual reasoning with soft logic over perceived objects.");
        root.Subcommands.Add(DocsCommand.Build());
        return root;
    }
}
