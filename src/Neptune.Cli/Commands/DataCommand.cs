using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Neptune.Cli.Conventions;
using Neptune.Photos;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune data stats</c>: the counts of a real-photo dataset download (RefCOCO, RefCOCO+, RefCOCOg, gRefCOCO,
/// RefAdv, CLEVR-Humans) read from whichever layout its path has (<see cref="PhotoStats"/>). Exit codes: 0 success,
/// 2 on a missing, malformed or wrongly laid out dataset.
/// </summary>
internal static class DataCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Build()
    {
        var command = new Command("data", "Inspect dataset downloads.");
        command.Subcommands.Add(BuildStats());
        return command;
    }

    private static Command BuildStats()
    {
        var dataset = new Option<string?>("--dataset") { Description = "The dataset.", Required = true }.Choices(PhotoStats.Datasets);
        var annotations = new Option<string>("--annotations")
        {
            Description = "The dataset folder (refer layout: instances.json + refs(…).p; gRefCOCO: grefs(unc).json + instances.json; a folder of parquet files; a folder of CLEVR-Humans files) or the file (RefAdv's refcocog_adv_annotations.json, an MDETR finetune_*_{split}.json, a .parquet export, a CLEVR-Humans question file).",
            Required = true,
            HelpName = "path",
        };
        var splitBy = new Option<string?>("--split-by") { Description = "The refs file of the refer layout (default: unc; umd for refcocog)." }.Choices(PhotoStats.SplitBys);
        var split = new Option<string?>("--split") { Description = "Give the top-level counts of this split (val, testA, testB, test, train).", HelpName = "split" };
        var json = new Option<bool>("--json") { Description = "Print the counts as one JSON object." };
        var command = new Command("stats", "Count a dataset download: images referred to, refs, expressions, no-target and multi-target expressions, overall and per split.");
        command.Options.Add(dataset);
        command.Options.Add(annotations);
        command.Options.Add(splitBy);
        command.Options.Add(split);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string path = Path.GetFullPath(parse.GetValue(annotations)!);
            DatasetStats stats = await PhotoStats.ReadAsync(parse.GetValue(dataset)!, path, parse.GetValue(splitBy), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(split) is { } s)
            {
                stats = stats.ForSplit(s);
            }

            if (parse.GetValue(json))
            {
                var root = Counts(stats.Total);
                root["splits"] = stats.Splits.ToDictionary(p => p.Key, p => (object)Counts(p.Value), StringComparer.Ordinal);
                Console.Out.WriteLine(JsonSerializer.Serialize(root, JsonOptions));
                return 0;
            }

            var c = CultureInfo.InvariantCulture;
            Console.Out.WriteLine($"{"split",-8} {"images",8} {"refs",8} {"expressions",12} {"no_target",10} {"multi_target",13}");
            foreach ((string name, SplitCounts counts) in stats.Splits.Append(new KeyValuePair<string, SplitCounts>(parse.GetValue(split) is { } only ? $"[{only}]" : "all", stats.Total)))
            {
                Console.Out.WriteLine(string.Create(c, $"{name,-8} {counts.Images,8} {counts.Refs,8} {counts.Expressions,12} {counts.NoTarget,10} {counts.MultiTarget,13}"));
            }

            return 0;
        });
        return command;
    }

    private static Dictionary<string, object> Counts(SplitCounts c) => new(StringComparer.Ordinal)
    {
        ["images"] = c.Images,
        ["refs"] = c.Refs,
        ["expressions"] = c.Expressions,
        ["no_target"] = c.NoTarget,
        ["multi_target"] = c.MultiTarget,
    };
}
