using System.CommandLine;
using Neptune.Language.Library;

namespace Neptune.Cli.Commands;

/// <summary><c>neptune docs</c>: regenerates the generated sections of docs/LANGUAGE.md from the catalogue.</summary>
internal static class DocsCommand
{
    public static Command Build()
    {
        var file = new Option<FileInfo>("--file") { Description = "The document to update.", DefaultValueFactory = _ => new FileInfo(Path.Combine("docs", "LANGUAGE.md")) };
        var check = new Option<bool>("--check") { Description = "Do not write; exit 1 when the document is stale." };
        var command = new Command("docs", "Regenerate the library reference, builtins and budgets in docs/LANGUAGE.md from the code.");
        command.Options.Add(file);
        command.Options.Add(check);
        command.SetAction(parse =>
        {
            FileInfo path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"neptune: '{path.FullName}' does not exist (run from the repository root or pass --file)");
                return 2;
            }

            string current = File.ReadAllText(path.FullName);
            string updated;
            try
            {
                updated = LanguageDocument.Update(current, PrimitiveCatalogue.Default);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"neptune: {path.FullName}: {e.Message}");
                return 1;
            }

            bool stale = !string.Equals(updated, current.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
            if (parse.GetValue(check))
            {
                Console.Out.WriteLine(stale ? $"{path.FullName} is stale" : $"{path.FullName} is up to date");
                return stale ? 1 : 0;
            }

            if (stale)
            {
                File.WriteAllText(path.FullName, updated);
            }

            Console.Out.WriteLine(stale ? $"updated {path.FullName}" : $"{path.FullName} is up to date");
            return 0;
        });
        return command;
    }
}
