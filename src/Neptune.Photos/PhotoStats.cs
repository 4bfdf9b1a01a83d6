using System.Globalization;
using Neptune.Photos.Formats;

namespace Neptune.Photos;

/// <summary>
/// The statistics of a dataset download, read from whichever layout the path has: the refer layout (a folder with
/// <c>instances.json</c> and <c>refs(…).p</c>, or <c>grefs(unc).json</c> for gRefCOCO), an MDETR JSON file, a parquet
/// export (a file or a folder of files), RefAdv's annotation file or a CLEVR-Humans question file (or a folder of them).
/// </summary>
public static class PhotoStats
{
    /// <summary>The dataset names, as the command line spells them.</summary>
    public static IReadOnlyList<string> Datasets { get; } = ["refcoco", "refcoco+", "refcocog", "grefcoco", "refadv", "clevr-humans"];

    /// <summary>The split-by names of the refer layout.</summary>
    public static IReadOnlyList<string> SplitBys { get; } = ["unc", "google", "umd"];

    /// <summary>Reads a dataset and counts it.</summary>
    /// <param name="dataset">One of <see cref="Datasets"/>.</param>
    /// <param name="path">The dataset folder or file.</param>
    /// <param name="splitBy">The refer layout's split-by (null: the dataset's default); only for a refer folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The statistics over every split and per split.</returns>
    /// <exception cref="PhotoDataException">The path is missing, of the wrong kind for the dataset, or malformed.</exception>
    public static async Task<DatasetStats> ReadAsync(string dataset, string path, string? splitBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        ArgumentException.ThrowIfNullOrEmpty(path);
        bool folder = Directory.Exists(path);
        if (!folder && !File.Exists(path))
        {
            throw new PhotoDataException($"{path}: no such file or folder");
        }

        switch (dataset)
        {
            case "refadv":
                NoSplitBy(splitBy, path, "RefAdv's annotation file");
                PhotoLayouts.Detect(dataset, path);
                return RefAdv(RefAdvReader.Read(path));
            case "clevr-humans":
                NoSplitBy(splitBy, path, "a CLEVR-Humans question file");
                return ClevrHumans(folder ? HumansFiles(path) : [path]);
            case "refcoco" or "refcoco+" or "refcocog" or "grefcoco":
                return await Refer(dataset, path, splitBy, cancellationToken).ConfigureAwait(false);
            default:
                throw new PhotoDataException($"unknown dataset '{dataset}'; use {string.Join(", ", Datasets)}");
        }
    }

    /// <summary>The statistics of MDETR expressions: one expression per entry, one ref per annotation <c>original_id</c>.</summary>
    /// <param name="file">The MDETR file read.</param>
    /// <returns>The statistics.</returns>
    public static DatasetStats Mdetr(MdetrRefExpFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var builder = new DatasetStatsBuilder();
        foreach (MdetrExpression e in file.Expressions)
        {
            string refKey = e.Targets.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"entry {e.EntryId}")
                : string.Join(",", e.Targets.Select(t => t.AnnId.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
            builder.Add(file.Split, e.ImageId.ToString(CultureInfo.InvariantCulture), refKey, 1, e.Targets.Count);
        }

        return builder.Build();
    }

    /// <summary>The statistics of RefAdv: one ref and one expression (the adversarial description) per record, split test.</summary>
    /// <param name="records">The records.</param>
    /// <returns>The statistics.</returns>
    public static DatasetStats RefAdv(IEnumerable<RefAdvRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var builder = new DatasetStatsBuilder();
        foreach (RefAdvRecord r in records)
        {
            builder.Add(RefAdvReader.Split, r.ImageId.ToString(CultureInfo.InvariantCulture), r.Key, 1, 1);
        }

        return builder.Build();
    }

    /// <summary>The statistics of CLEVR-Humans: one ref and one expression per question; images by file name.</summary>
    /// <param name="questions">The questions.</param>
    /// <returns>The statistics.</returns>
    public static DatasetStats ClevrHumans(IEnumerable<ClevrHumansQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var builder = new DatasetStatsBuilder();
        foreach (ClevrHumansQuestion q in questions)
        {
            builder.Add(q.Split, q.ImageFileName, q.Index.ToString(CultureInfo.InvariantCulture), 1, 1);
        }

        return builder.Build();
    }

    private static DatasetStats ClevrHumans(IReadOnlyList<string> files)
    {
        var builder = new DatasetStatsBuilder();
        foreach (string file in files)
        {
            foreach (ClevrHumansQuestion q in ClevrHumansReader.Read(file))
            {
                builder.Add(q.Split, q.ImageFileName, string.Create(CultureInfo.InvariantCulture, $"{file}#{q.Index}"), 1, 1);
            }
        }

        return builder.Build();
    }

    private static async Task<DatasetStats> Refer(string dataset, string path, string? splitBy, CancellationToken cancellationToken)
    {
        switch (PhotoLayouts.Detect(dataset, path))
        {
            case PhotoLayout.Refer:
                return DatasetStats.Of(ReferDataset.Open(path, PhotoLayouts.KindOf(dataset), splitBy).Refs);
            case PhotoLayout.Mdetr:
                NoSplitBy(splitBy, path, "an MDETR file (its split comes from its name)");
                return Mdetr(MdetrRefExpReader.Read(path));
            default:
                NoSplitBy(splitBy, path, "a parquet export");
                return DatasetStats.Of(await ParquetRefsReader.ReadAsync(path, cancellationToken).ConfigureAwait(false));
        }
    }

    private static string[] HumansFiles(string folder)
    {
        string[] files = [.. Directory.EnumerateFiles(folder, "*.json").Where(f => ClevrHumansReader.SplitOf(f) is not null).Order(StringComparer.Ordinal)];
        return files.Length > 0 ? files : throw new PhotoDataException($"{folder}: holds no CLEVR-Humans question file (CLEVR-Humans-train.json, -val.json, -test.json)");
    }

    private static void NoSplitBy(string? splitBy, string path, string what)
    {
        if (splitBy is not null)
        {
            throw new PhotoDataException($"{path}: the split-by ('{splitBy}') applies to the refer layout only, not to {what}");
        }
    }
}
