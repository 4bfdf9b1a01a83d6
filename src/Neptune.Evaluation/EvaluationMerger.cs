using System.Text.Json;
using Neptune.Evaluation.Results;

namespace Neptune.Evaluation;

/// <summary>Combines the output directories of the shards of one run into a single results file and summary.</summary>
public static class EvaluationMerger
{
    /// <summary>Merges shard outputs.</summary>
    /// <param name="inputs">The shard output directories: shards 1..N of one N, each complete, with equal settings otherwise.</param>
    /// <param name="output">The merged output directory; it must not hold results already.</param>
    /// <returns>The merged summary, also written to <c>output/summary.json</c>.</returns>
    /// <exception cref="EvaluationConfigException">
    /// An input is not a run directory, the settings differ, shards overlap (a shard or a question appears twice) or
    /// leave gaps (a shard is missing or incomplete), or the output already holds results.
    /// </exception>
    /// <exception cref="IOException">Reading or writing a file failed.</exception>
    public static EvaluationSummary Merge(IReadOnlyList<string> inputs, string output)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentException.ThrowIfNullOrEmpty(output);
        if (inputs.Count == 0)
        {
            throw new EvaluationConfigException("no input directories given.");
        }

        var shards = new List<(string Dir, RunManifest Manifest, ShardSpec Shard, List<ResultRow> Rows, long Selected, long Evaluated, double Wall)>();
        RunManifest? first = null;
        foreach (string input in inputs)
        {
            string dir = Path.GetFullPath(input);
            string runPath = Path.Combine(dir, EvaluationFiles.Run);
            if (!File.Exists(runPath))
            {
                throw new EvaluationConfigException($"'{dir}' is not an evaluation output directory (no {EvaluationFiles.Run}).");
            }

            RunManifest manifest = RunManifest.TryRead(runPath)
                ?? throw new EvaluationConfigException($"'{runPath}' is not a valid run settings file.");
            if (first is null)
            {
                first = manifest;
            }
            else
            {
                List<string> differences = first.Differences(manifest, "shard");
                if (differences.Count > 0)
                {
                    throw new EvaluationConfigException(
                        $"'{dir}' was run with different settings than '{shards[0].Dir}':\n  {string.Join("\n  ", differences)}");
                }
            }

            string shardText = manifest.Get("shard") is { } raw ? JsonSerializerString(raw) : "1/1";
            if (!ShardSpec.TryParse(shardText, out ShardSpec shard, out string? shardError))
            {
                throw new EvaluationConfigException($"'{runPath}': shard {shardError}.");
            }

            var rows = new List<ResultRow>();
            ResultsFile.Scan scan = ResultsFile.Read(Path.Combine(dir, EvaluationFiles.Results), rows.Add);
            (long selected, long evaluated, double wall, bool complete) = ReadSummary(Path.Combine(dir, EvaluationFiles.Summary));
            if (!complete || scan.IsTorn || rows.Count < selected)
            {
                throw new EvaluationConfigException(
                    $"shard {shard} in '{dir}' is incomplete ({rows.Count} of {(selected < 0 ? "?" : selected.ToString(System.Globalization.CultureInfo.InvariantCulture))} questions); resume it first (re-run with the same settings).");
            }

            foreach (ResultRow row in rows)
            {
                if (!shard.Contains(row.Id))
                {
                    throw new EvaluationConfigException($"'{dir}' holds question {row.Id}, which does not belong to its shard {shard}.");
                }
            }

            shards.Add((dir, manifest, shard, rows, selected, evaluated, wall));
        }

        int n = shards[0].Shard.Count;
        var seenShard = new Dictionary<int, string>();
        foreach (var s in shards)
        {
            if (s.Shard.Count != n)
            {
                throw new EvaluationConfigException($"'{s.Dir}' is shard {s.Shard} but '{shards[0].Dir}' is shard {shards[0].Shard}; all inputs must split the questions into the same number of shards.");
            }

            if (!seenShard.TryAdd(s.Shard.Index, s.Dir))
            {
                throw new EvaluationConfigException($"shards overlap: '{seenShard[s.Shard.Index]}' and '{s.Dir}' are both shard {s.Shard}.");
            }
        }

        var missing = Enumerable.Range(1, n).Where(k => !seenShard.ContainsKey(k)).Select(k => $"{k}/{n}").ToList();
        if (missing.Count > 0)
        {
            throw new EvaluationConfigException($"gap: shard{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)} missing from the inputs.");
        }

        var all = new List<ResultRow>();
        var owner = new Dictionary<long, string>();
        foreach (var s in shards)
        {
            foreach (ResultRow row in s.Rows)
            {
                if (!owner.TryAdd(row.Id, s.Dir))
                {
                    throw new EvaluationConfigException($"overlap: question {row.Id} appears in both '{owner[row.Id]}' and '{s.Dir}'.");
                }

                all.Add(row);
            }
        }

        all.Sort((a, b) => a.Id.CompareTo(b.Id));
        string outDir = Path.GetFullPath(output);
        Directory.CreateDirectory(outDir);
        string resultsPath = Path.Combine(outDir, EvaluationFiles.Results);
        if (File.Exists(resultsPath) && new FileInfo(resultsPath).Length > 0)
        {
            throw new EvaluationConfigException($"'{outDir}' already holds {EvaluationFiles.Results}; choose an empty output directory.");
        }

        var builder = new SummaryBuilder();
        string temp = resultsPath + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        using (var writer = new ResultsWriter(stream))
        {
            foreach (ResultRow row in all)
            {
                writer.Append(row);
                builder.Add(row);
            }

            writer.Commit();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, resultsPath, overwrite: true);
        RunManifest merged = shards[0].Manifest.WithShard(ShardSpec.All);
        merged.Write(Path.Combine(outDir, EvaluationFiles.Run));
        List<KeyValuePair<string, object?>> settings = merged.ToSettings();
        settings.Add(new("merged_from", string.Join(", ", shards.OrderBy(s => s.Shard.Index).Select(s => s.Dir))));
        settings.Add(new("out", outDir));
        double wallSum = shards.Sum(s => s.Wall);
        EvaluationSummary summary = builder.Build(
            shards.Sum(s => s.Evaluated), 0, shards.Sum(s => s.Selected), wallSum, settings);
        summary.WriteAtomically(Path.Combine(outDir, EvaluationFiles.Summary));
        return summary;
    }

    private static string JsonSerializerString(string raw)
    {
        using JsonDocument doc = JsonDocument.Parse(raw);
        return doc.RootElement.ValueKind == JsonValueKind.String ? doc.RootElement.GetString()! : raw;
    }

    private static (long Selected, long Evaluated, double Wall, bool Complete) ReadSummary(string path)
    {
        if (!File.Exists(path))
        {
            return (-1, 0, 0, false);
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement r = doc.RootElement;
            long selected = r.TryGetProperty("selected", out JsonElement s) && s.TryGetInt64(out long sv) ? sv : -1;
            long evaluated = r.TryGetProperty("evaluated", out JsonElement e) && e.TryGetInt64(out long ev) ? ev : 0;
            double wall = r.TryGetProperty("wall_seconds", out JsonElement w) && w.TryGetDouble(out double wv) ? wv : 0;
            bool complete = r.TryGetProperty("complete", out JsonElement c) && c.ValueKind == JsonValueKind.True;
            return (selected, evaluated, wall, complete && selected >= 0);
        }
        catch (JsonException)
        {
            return (-1, 0, 0, false);
        }
    }
}
