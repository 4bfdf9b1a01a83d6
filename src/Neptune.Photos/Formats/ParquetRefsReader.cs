using System.Collections;
using Neptune.Perception;
using Parquet;
using Parquet.Serialization;

namespace Neptune.Photos.Formats;

/// <summary>
/// Reads the common parquet exports of the refer datasets (<c>jxu124/refcoco</c>, <c>jxu124/refcocoplus</c>,
/// <c>jxu124/refcocog</c>-style rows): one row per ref with the refer toolkit's fields — the columns <c>ref_id</c>,
/// <c>ann_id</c>, <c>image_id</c>, <c>category_id</c> (integers), <c>split</c>, <c>file_name</c> (strings) and
/// <c>sentences</c> (a list of structs <c>raw</c>, <c>sent</c>, <c>sent_id</c>, <c>tokens</c>) are required; other
/// columns (<c>captions</c>, <c>raw_anns</c>, <c>image_path</c>, …) are not read, except <c>bbox</c>: the target's box as
/// the exports write it, [x0, y0, x1, y1] in pixels (<see cref="PhotoRef.Boxes"/>; optional, evaluation needs it).
/// </summary>
/// <remarks>
/// Parquet is read with Parquet.Net one row group at a time, so memory holds one row group's rows besides the refs.
/// Rows are read untyped, so optional (pyarrow's default) and required columns, and the list element names of old and
/// new writers (<c>list/item</c>, <c>list/element</c>), are all accepted.
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
            IList<Dictionary<string, object>> rows;
            try
            {
                stream.Position = 0;
                rows = (await ParquetSerializer.DeserializeUntypedAsync(stream, null, g, cancellationToken).ConfigureAwait(false)).Data;
            }
            catch (Exception e) when (IsReadError(e))
            {
                throw new PhotoDataException($"{sourceName}: row group {g}: cannot read the rows: {e.Message}", e);
            }

            foreach (Dictionary<string, object> r in rows)
            {
                refs.Add(Map(r, $"{sourceName}: row {row}"));
                row++;
            }
        }
    }

    private static readonly string[] Required = ["ref_id", "ann_id", "image_id", "split", "sentences", "category_id", "file_name"];

    private static bool IsReadError(Exception e) => e is not (OperationCanceledException or PhotoDataException or OutOfMemoryException);

    private static PhotoRef Map(IDictionary<string, object> r, string where)
    {
        int refId = Int(r, "ref_id", where);
        where = $"{where} (ref_id {refId})";
        int imageId = Int(r, "image_id", where);
        int annId = Int(r, "ann_id", where);
        int categoryId = Int(r, "category_id", where);
        string split = Text(r, "split", where);
        string? fileName = AsString(Value(r, "file_name"));
        IList rows = Value(r, "sentences") as IList ?? throw new PhotoDataException($"{where}: 'sentences' must be a list");
        var sentences = new List<RefSentence>(rows.Count);
        for (int s = 0; s < rows.Count; s++)
        {
            string at = $"{where}: sentence {s}";
            if (rows[s] is not IDictionary<string, object> x)
            {
                throw new PhotoDataException($"{at}: expected a struct");
            }

            var tokens = new List<string>();
            if (Value(x, "tokens") is IList t)
            {
                foreach (object? token in t)
                {
                    tokens.Add(AsString(token) ?? throw new PhotoDataException($"{at}: 'tokens' must hold strings"));
                }
            }

            sentences.Add(new RefSentence(Int(x, "sent_id", at), Text(x, "sent", at), Text(x, "raw", at)) { Tokens = tokens });
        }

        return new PhotoRef
        {
            RefId = refId,
            ImageId = imageId,
            Split = split,
            AnnIds = [annId],
            CategoryIds = [categoryId],
            FileName = fileName,
            Sentences = sentences,
            Boxes = Box(Value(r, "bbox"), where) is { } box ? [box] : [],
        };
    }

    /// <summary>The export's <c>bbox</c>, [x0, y0, x1, y1]; null when the row has none.</summary>
    private static BoundingBox? Box(object? value, string where)
    {
        if (value is null || value is IList { Count: 0 })
        {
            return null;
        }

        if (value is not IList { Count: 4 } list)
        {
            throw new PhotoDataException($"{where}: 'bbox' must be [x0, y0, x1, y1]");
        }

        Span<double> b = stackalloc double[4];
        for (int i = 0; i < 4; i++)
        {
            b[i] = list[i] switch
            {
                double d => d,
                float f => f,
                long l => l,
                int n => n,
                _ => double.NaN,
            };
        }

        bool finite = double.IsFinite(b[0]) && double.IsFinite(b[1]) && double.IsFinite(b[2]) && double.IsFinite(b[3]);
        return finite && b[2] >= b[0] && b[3] >= b[1]
            ? new BoundingBox((float)b[0], (float)b[1], (float)b[2], (float)b[3])
            : throw new PhotoDataException($"{where}: 'bbox' must be [x0, y0, x1, y1] with x1 >= x0 and y1 >= y0, got [{string.Join(", ", b.ToArray().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]");
    }

    private static object? Value(IDictionary<string, object> r, string name) => r.TryGetValue(name, out object? v) ? v : null;

    private static string Text(IDictionary<string, object> r, string name, string where) =>
        AsString(Value(r, name)) is { Length: > 0 } s ? s : throw new PhotoDataException($"{where}: '{name}' is missing");

    /// <summary>A text value as Parquet.Net hands it over (a string, or characters in memory), or null.</summary>
    private static string? AsString(object? value) => value switch
    {
        string s => s,
        ReadOnlyMemory<char> m => m.ToString(),
        Memory<char> m => m.ToString(),
        _ => null,
    };

    private static int Int(IDictionary<string, object> r, string name, string where)
    {
        long value = Value(r, name) switch
        {
            null => throw new PhotoDataException($"{where}: '{name}' is missing"),
            long l => l,
            int i => i,
            short h => h,
            sbyte b => b,
            byte b => b,
            ushort u => u,
            uint u => u,
            ulong u when u <= long.MaxValue => (long)u,
            object o => throw new PhotoDataException($"{where}: '{name}' must be an integer, got {o.GetType().Name}"),
        };
        return value is < int.MinValue or > int.MaxValue
            ? throw new PhotoDataException($"{where}: '{name}' {value} is out of range")
            : (int)value;
    }
}
