using System.CommandLine;
using Neptune.Cli.Commands;
using Neptune.Cli.Conventions;

namespace Neptune.Cli;

/// <summary>Builds the <c>neptune</c> command tree.</summary>
public static class CommandLineApp
{
    /// <summary>
    /// Creates the root command with every sub-command registered and the CLI convention applied to the whole tree
    /// (<see cref="CliConventions"/>): a command follows the convention by being registered here.
    /// </summary>
    /// <returns>The root command.</returns>
    public static RootCommand Build()
    {
        var root = new RootCommand("Neptune: neuro-symbolic visual reasoning with soft logic over perceived objects.");
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(ProgramCommand.Build());
        root.Subcommands.Add(DocsCommand.Build());
        root.Subcommands.Add(RenderCommand.Build());
        root.Subcommands.Add(EvalCommand.Build());
        root.Subcommands.Add(ClusterCommand.Build());
        root.Subcommands.Add(FindCommand.Build());
        root.Subcommands.Add(AskCommand.Build());
        root.Subcommands.Add(ProgramsCommand.Build());
        root.Subcommands.Add(ImageCommand.Build());
        root.Subcommands.Add(LearnCommand.Build());
        root.Subcommands.Add(ExportCommand.Build());
        root.Subcommands.Add(CacheCommand.Build());
        root.Subcommands.Add(ServeCommand.Build());
        root.Subcommands.Add(DataCommand.Build());
        root.Subcommands.Add(CalibrateCommand.Build());
        CliConventions.Apply(root);
        return root;
    }
}
