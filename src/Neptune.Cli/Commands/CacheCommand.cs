using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Neptune.Caching;
using Neptune.Cli.Conventions;
using Neptune.Configuration;
using Neptune.Programs.Caching;
using Neptune.Vision.Caching;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune cache import|stats|prune</c>: the program and score caches (SQLite databases). A <c>.jsonl</c> path
/// names the database beside it (<see cref="CacheFiles"/>). Exit codes: 0 success, 2 on a missing or unusable file.
/// </summary>
internal static class CacheCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Build()
    {
        var command = new Command("cache", "Import, inspect and prune the program and score caches (SQLite databases).");
        command.Subcommands.Add(BuildImport());
        command.Subcommands.Add(BuildStats());
        command.Subcommands.Add(BuildPrune());
        return command;
    }

    private static Command BuildImport()
    {
        var file = new Argument<FileInfo>("file") { Description = "A JSON-lines program cache or score cache of an earlier version." };
        var to = new Option<FileInfo?>("--to") { Description = "The database to import into (default: the file's path with .db)." };
        var json = new Option<bool>("--json") { Description = "Print the outcome as one JSON object." };
        var command = new Command("import", "Import a JSON-lines cache into a cache database, in one transaction; a file imported before unchanged is skipped.");
        command.Arguments.Add(file);
        command.Options.Add(to);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            string source = InputFiles.RequireFile(parse.GetValue(file)!.FullName, "<file>");
            string database = parse.GetValue(to) is { } target ? target.FullName : CacheFiles.DatabasePath(source);
            string kind = KindOf(source);
            int imported;
            if (kind == "programs")
            {
                using ProgramCache cache = ProgramCache.Open(database);
                imported = cache.Import(source);
            }
            else
            {
                using ScoreCache cache = ScoreCache.Open(database);
                imported = cache.Import(source);
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new { source, database, kind, imported = Math.Max(imported, 0), already_imported = imported < 0 }, JsonOptions));
            }
            else
            {
                Console.Out.WriteLine(imported < 0
                    ? $"{ConfigSource.Display(source)}: already imported into {ConfigSource.Display(database)}"
                    : string.Create(CultureInfo.InvariantCulture, $"{ConfigSource.Display(source)}: imported {imported} {kind} entries into {ConfigSource.Display(database)}"));
            }

            return 0;
        });
        return command;
    }

    private static Command BuildStats()
    {
        var file = new Argument<FileInfo>("cache") { Description = "The cache database (or its .jsonl path)." };
        var json = new Option<bool>("--json") { Description = "Print the statistics as one JSON object." };
        var command = new Command("stats", "Print what a cache database holds: entries, size, oldest and newest entry, imported files.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            string database = ExistingDatabase(parse.GetValue(file)!);
            using SqliteCacheStore store = SqliteCacheStore.Open(database);
            CacheStats stats = store.Stats();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    path = database,
                    entries = stats.Entries,
                    bytes = stats.Bytes,
                    oldest_utc = stats.OldestUtc,
                    newest_utc = stats.NewestUtc,
                    imported_sources = stats.ImportedSources,
                }, JsonOptions));
                return 0;
            }

            Console.Out.WriteLine($"cache:    {ConfigSource.Display(database)}");
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"entries:  {stats.Entries}"));
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"size:     {stats.Bytes / 1024.0:0.0} KiB"));
            Console.Out.WriteLine($"oldest:   {Time(stats.OldestUtc)}");
            Console.Out.WriteLine($"newest:   {Time(stats.NewestUtc)}");
            foreach (string source in stats.ImportedSources)
            {
                Console.Out.WriteLine($"imported: {ConfigSource.Display(source)}");
            }

            return 0;
        });
        return command;
    }

    private static Command BuildPrune()
    {
        var file = new Argument<FileInfo>("cache") { Description = "The cache database (or its .jsonl path)." };
        var olderThan = new Option<double>("--older-than") { Description = "Delete entries written more than this many days ago.", Required = true }.Range(0, 36_500);
        var json = new Option<bool>("--json") { Description = "Print the outcome as one JSON object." };
        var command = new Command("prune", "Delete the entries older than a number of days and compact the database.");
        command.Arguments.Add(file);
        command.Options.Add(olderThan);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            string database = ExistingDatabase(parse.GetValue(file)!);
            double days = parse.GetValue(olderThan);
            using SqliteCacheStore store = SqliteCacheStore.Open(database);
            int deleted = store.Prune(TimeProvider.System.GetUtcNow() - TimeSpan.FromDays(days));
            long left = store.Stats().Entries;
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new { path = database, deleted, entries = left }, JsonOptions));
            }
            else
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ConfigSource.Display(database)}: deleted {deleted} entries older than {days} days; {left} left"));
            }

            return 0;
        });
        return command;
    }

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "-";

    private static string ExistingDatabase(FileInfo file)
    {
        string database = CacheFiles.DatabasePath(file.FullName);
        return File.Exists(database)
            ? database
            : throw new FileNotFoundException($"cache not found: '{database}'", database);
    }

    /// <summary>Which cache a JSON-lines file holds, from its first entry.</summary>
    private static string KindOf(string path)
    {
        foreach (string line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using JsonDocument doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    if (doc.RootElement.TryGetProperty("program", out _) && doc.RootElement.TryGetProperty("key", out _))
                    {
                        return "programs";
                    }

                    if (doc.RootElement.TryGetProperty("k", out _) && doc.RootElement.TryGetProperty("v", out _))
                    {
                        return "scores";
                    }
                }
            }
            catch (JsonException)
            {
            }

            throw new UsageException($"<file>: '{ConfigSource.Display(path)}': its first entry is neither a program-cache entry ({{\"key\", \"question\", \"program\"}}) nor a score-cache entry ({{\"k\", \"v\"}})");
        }

        throw new UsageException($"<file>: '{ConfigSource.Display(path)}' holds no cache entries");
    }
}
