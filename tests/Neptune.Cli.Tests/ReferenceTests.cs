using System.CommandLine;
using System.CommandLine.Help;
using Neptune.Cli.Conventions;
using Neptune.Configuration;
using Neptune.Evaluation;

namespace Neptune.Cli.Tests;

/// <summary>docs/REFERENCE.md and the generated sections of the other documents match the real option set and config schemas.</summary>
public sealed class ReferenceTests
{
    private static string Docs => Path.Combine(Cli.RepositoryRoot, "docs");

    private static string Read(string file) => File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);

    [Fact]
    public void Reference_MatchesTheCode()
    {
        string expected = ReferenceDocument.Full(CommandLineApp.Build());
        Assert.True(expected == Read(Path.Combine(Docs, "REFERENCE.md")), "docs/REFERENCE.md is stale: run `./neptune docs` to regenerate it.");
    }

    [Fact]
    public void EveryDocument_GeneratedSections_MatchTheCode()
    {
        RootCommand root = CommandLineApp.Build();
        foreach (string file in Directory.GetFiles(Docs, "*.md"))
        {
            string text = Read(file);
            Assert.True(ReferenceDocument.Update(text, root) == text, $"{Path.GetFileName(file)} is stale: run `./neptune docs`.");
        }
    }

    [Fact]
    public void EveryFlagOfEveryCommand_HasARowInItsSection()
    {
        RootCommand root = CommandLineApp.Build();
        string reference = Read(Path.Combine(Docs, "REFERENCE.md"));
        foreach (Command c in CliConventions.Commands(root))
        {
            string path = CliConventions.PathOf(c, root);
            int start = reference.IndexOf($"### `{path}`\n", StringComparison.Ordinal);
            Assert.True(start >= 0, $"no section for {path}");
            int end = reference.IndexOf("\n### ", start + 1, StringComparison.Ordinal);
            string section = reference[start..(end < 0 ? reference.Length : end)];
            foreach (Option o in c.Options.Where(o => o is not (HelpOption or VersionOption)))
            {
                Assert.Contains($"| `{o.Name}` |", section, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void EveryConfigField_HasARow()
    {
        string reference = Read(Path.Combine(Docs, "REFERENCE.md"));
        IReadOnlyList<ConfigSchema> schemas = ReferenceDocument.ConfigSchemas();
        Assert.Contains(schemas, s => s.Name == "eval");
        Assert.Contains(schemas, s => s.Name == "ask");
        Assert.Contains(schemas, s => s.Name == "programs");
        Assert.Contains(schemas, s => s.Name == "endpoint");
        foreach (ConfigSchema schema in schemas)
        {
            foreach ((string path, ConfigField field) in schema.Leaves())
            {
                Assert.Contains($"| `{field.Name}` |", reference, StringComparison.Ordinal);
                Assert.True(FieldNames.IsSnakeCase(field.Name) || field.Name.StartsWith('$'), $"{schema.Name}.{path} is not snake_case");
            }
        }
    }

    [Fact]
    public void EveryEvalConfigField_IsAlsoAFlag()
    {
        Command eval = CommandTreeTests.Find("neptune eval");
        var mirrored = eval.Options.Select(OptionRules.Of).Where(r => r?.ConfigField is not null).Select(r => r!.ConfigField!).ToHashSet();
        foreach ((string path, ConfigField field) in EvaluationConfig.Schema.Leaves())
        {
            Assert.True(mirrored.Contains(path), $"eval config field '{path}' has no flag");
            Assert.Contains(eval.Options, o => o.Name == FieldNames.ToFlag(path));
            _ = field;
        }
    }

    [Fact]
    public void DocsCheck_OnTheRepository_ExitsZero()
    {
        CliRun run = Cli.Process(Cli.RepositoryRoot, "docs", "--check");

        Assert.True(run.ExitCode == 0, run.Out + run.Err);
        Assert.Contains("documents are up to date", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void DocsCheck_AfterAFlagChange_ReportsTheStaleDocument()
    {
        string dir = Cli.NewDirectory();
        foreach (string file in Directory.GetFiles(Docs, "*.md"))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        string reference = Path.Combine(dir, "REFERENCE.md");
        File.WriteAllText(reference, File.ReadAllText(reference).Replace("| `--limit` |", "| `--limit-old` |", StringComparison.Ordinal));

        CliRun run = Cli.Process(dir, "docs", "--check", "--docs", dir);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("REFERENCE.md is stale", run.Out, StringComparison.Ordinal);
    }
}
