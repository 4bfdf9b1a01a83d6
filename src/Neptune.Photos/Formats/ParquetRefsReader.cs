using System.Text.Json.Serialization;
using Parquet;
using Parquet.Serialization;

namespace Neptune.Photos.Formats;

/// <summary>
/// Reads the common parquet exports of the refer datasets (<c>jxu124/refcoco</c>, <c>jxu124/refcocoplus</c>,
/// <c>jxu124/refcocog</c>-style rows): one row per ref with the refer toolkit's fields — the columns <c>ref_id</c>,
/// <c>ann_id</c>, <c>image_id</c>, <c>category_id</c> (integers), <c>split</c>, <c>file_name</c> (strings) and
/// <c>sentences</c> (a list of structs <c>raw</c>, <c>sent</c>, <c>sent_id</c>, <c>tokens</c>) are required; other
/// columns (<c>bbox</c>, <c>captions</c>, <c>raw_anns</c>, <c>image_path</c>, …) are not read.
/// </summary>
/// <remarks>
/// Parquet is read with Parquet.Net one row group at a time, so memory holds one row group's rows besides the refs.
/// A path that is a folder reads every <c>*.parquet</c> file under it (the exports put one file per split under
/// <c>data/</c>) in name order.
/// </remarks>
public static class ParquetRefsReader
{
    /// <summary>Reads the refs of a parquet file, or of every parquet file under a folder.</summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The refs in file and row order.</returns>
    /// <exception cref="PhotoDataException">A file is missing or malformed.</exception>
    public static async Task<IReadOnlyList<PhotoRef>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string[] files = Directory.Exists(path)
            ? [.. Directory.EnumerateFiles(path, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
            : [path];
        if (files.Length == 0)
        {
            throw new PhotoDataException($"{path}: the folder holds no .parquet file");
        }

        var refs = new List<PhotoRef>();
        foreach (string file in files)
        {
            try
            {
                await using FileStream stream = new(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                await ReadAsync(stream, file, refs, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new PhotoDataException($"{file}: cannot read: {e.Message}", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new PhotoDataException($"{file}: cannot read: {e.Message}", e);
            }
        }

        return refs;
    }

    /// <summary>Reads the refs of a parquet stream (seekable; not disposed) and adds them to a list.</summary>
    /// <param name="stream">The parquet data.</param>
    /// <param name="sourceName">A name for the data in error messages.</param>
    /// <param name="refs">The list the refs are added to.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task completing when the stream is read.</returns>
    /// <exception cref="PhotoDataException">The data is not parquet or lacks a required column or value.</exception>
    public static async Task ReadAsync(Stream stream, string sourceName, List<PhotoRef> refs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(refs);
        int groups;
        try
        {
            await using ParquetReader reader = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
            groups = reader.RowGroupCount;
            string[] columns = [.. reader.Schema.Fields.Select(f => f.Name)];
            foreach (string required in Required)
            {
                if (!columns.Contains(required, StringComparer.Ordinal))
                {
                    throw new PhotoDataException($"{sourceName}: column '{required}' is missing; the file has {string.Join(", ", columns)}");
                }
            }
        }
        catch (Exception e) when (IsReadError(e))
        {
            throw new PhotoDataException($"{sourceName}: not a readable parquet file: {e.Message}", e);
        }

        int row = 0;
        for (int g = 0; g < groups; g++)
        {
            IList<ParquetRefRow> rows;
            try
            {
                stream.Position = 0;
                rows = (await ParquetSerializer.DeserializeAsync<ParquetRefRow>(stream, null, g, cancellationToken).ConfigureAwait(false)).Data;
            }
            catch (Exception e) when (IsReadError(e))
            {
                throw new PhotoDataException($"{sourceName}: row group {g}: cannot read the refer columns: {e.Message}", e);
            }

            foreach (ParquetRefRow r in rows)
            {
                refs.Add(Map(r, $"{sourceName}: row {row}"));
                row++;
            }
        }
    }

    private static readonly string[] Required = ["ref_id", "ann_id", "image_id", "split", "sentences", "category_id", "file_name"];

    private static bool IsReadError(Exception e) => e is not (OperationCanceledException or PhotoDataException or OutOfMemoryException);

    private static PhotoRef Map(ParquetRefRow r, string where)
    {
        int refId = Int(r.RefId, "ref_id", where);
        where = $"{where} (ref_id {refId})";
        int imageId = Int(r.ImageId, "image_id", where);
        int annId = Int(r.AnnId, "ann_id", where);
        string split = string.IsNullOrEmpty(r.Split) ? throw new PhotoDataException($"{where}: 'split' is missing") : r.Split;
        List<ParquetSentence> rows = r.Sentences ?? throw new PhotoDataException($"{where}: 'sentences' is missing");
        var sentences = new List<RefSentence>(rows.Count);
        for (int s = 0; s < rows.Count; s++)
        {
            string at = $"{where}: sentence {s}";
            ParquetSentence x = rows[s] ?? throw new PhotoDataException($"{at}: expected a struct");
            sentences.Add(new RefSentence(Int(x.SentId, "sent_id", at), x.Sent ?? throw new PhotoDataException($"{at}: 'sent' is missing"), x.Raw ?? throw new PhotoDataException($"{at}: 'raw' is missing"))
            {
                Tokens = x.Tokens is { } tokens ? [.. tokens.Select(t => t ?? "")] : [],
            });
        }

        return new PhotoRef
        {
            RefId = refId,
            ImageId = imageId,
            Split = split,
            AnnIds = [annId],
            CategoryIds = r.CategoryId is { } c ? [Int(c, "category_id", where)] : [],
            FileName = r.FileName,
            Sentences = sentences,
        };
    }

    private static int Int(long? value, string name, string where) => value switch
    {
        null => throw new PhotoDataException($"{where}: '{name}' is missing"),
        < int.MinValue or > int.MaxValue => throw new PhotoDataException($"{where}: '{name}' {value} is out of range"),
        _ => (int)value.Value,
    };
}

/// <summary>The columns of a parquet ref row that are read (public for the parquet serializer).</summary>
public sealed class ParquetRefRow
{
    /// <summary>The ref id.</summary>
    [JsonPropertyName("ref_id")]
    public long? RefId { get; set; }

    /// <summary>The annotation id.</summary>
    [JsonPropertyName("ann_id")]
    public long? AnnId { get; set; }

    /// <summary>The COCO image id.</summary>
    [JsonPropertyName("image_id")]
    public long? ImageId { get; set; }

    /// <summary>The split.</summary>
    [JsonPropertyName("split")]
    public string? Split { get; set; }

    /// <summary>The COCO category id.</summary>
    [JsonPropertyName("category_id")]
    public long? CategoryId { get; set; }

    /// <summary>The ref's file name (with the refer toolkit's <c>_N</c> suffix).</summary>
    [JsonPropertyName("file_name")]
    public string? FileName { get; set; }

    /// <summary>The sentences.</summary>
    [JsonPropertyName("sentences")]
    public List<ParquetSentence>? Sentences { get; set; }
}

/// <summary>One sentence struct of a parquet ref row (public for the parquet serializer).</summary>
public sealed class ParquetSentence
{
    /// <summary>The sentence as written.</summary>
    [JsonPropertyName("raw")]
    public string? Raw { get; set; }

    /// <summary>The normalised sentence.</summary>
    [JsonPropertyName("sent")]
    public string? Sent { get; set; }

    /// <summary>The sentence id.</summary>
    [JsonPropertyName("sent_id")]
    public long? SentId { get; set; }

    /// <summary>The tokens.</summary>
    [JsonPropertyName("tokens")]
    public List<string>? Tokens { get; set; }
}
