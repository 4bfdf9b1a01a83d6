using System.CommandLine;
using Neptune.Cli.Conventions;
using Neptune.Configuration;
using Neptune.Language.Library;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune docs</c>: regenerates what the documentation derives from the code: the library reference, builtins and
/// budgets of docs/LANGUAGE.md, the whole of docs/REFERENCE.md (every command, flag and config field), and every
/// <c>generated:command:…</c> / <c>generated:config:…</c> section of the other documents.
/// </summary>
internal static class DocsCommand
{
    public static Command Build()
    {
        var dir = new Option<DirectoryInfo>("--docs") { Description = "The documentation folder.", DefaultValueFactory = _ => new DirectoryInfo("docs") };
        var check = new Option<bool>("--check") { Description = "Do not write; exit 1 when a document is stale." };
        var command = new Command("docs", "Regenerate the parts of the documentation that come from the code: the language reference, the command and config reference, and their sections in other documents.");
        command.Options.Add(dir);
        command.Options.Add(check);
        command.SetAction(parse =>
        {
            string docs = InputFiles.RequireDirectory(parse.GetValue(dir)!.FullName, "--docs");
            RootCommand root = CommandLineApp.Build();
            var updates = new List<(string Path, string Text)>
            {
                (Path.Combine(docs, "REFERENCE.md"), ReferenceDocument.Full(root)),
            };
            foreach (string file in Directory.GetFiles(docs, "*.md").Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(file) == "REFERENCE.md")
                {
                    continue;
                }

                string text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
                try
                {
                    if (Path.GetFileName(file) == "LANGUAGE.md")
                    {
                        text = LanguageDocument.Update(text, PrimitiveCatalogue.Default);
                    }

                    updates.Add((file, ReferenceDocument.Update(text, root)));
                }
                catch (FormatException e)
                {
                    throw new UsageException($"{ConfigSource.Display(file)}: {e.Message}", e);
                }
            }

            bool isCheck = parse.GetValue(check);
            int stale = 0;
            foreach ((string path, string text) in updates)
            {
                string current = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : string.Empty;
                if (string.Equals(current, text, StringComparison.Ordinal))
                {
                    continue;
                }

                stale++;
                if (isCheck)
                {
                    Console.Out.WriteLine($"{ConfigSource.Display(path)} is stale");
                }
                else
                {
                    File.WriteAllText(path, text);
                    Console.Out.WriteLine($"updated {ConfigSource.Display(path)}");
                }
            }

            if (stale == 0)
            {
                Console.Out.WriteLine($"{updates.Count} documents are up to date");
            }

            return isCheck && stale > 0 ? 1 : 0;
        });
        return command;
    }
}
