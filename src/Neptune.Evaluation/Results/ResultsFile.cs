using System.Buffers;
using System.Text.Json;

namespace Neptune.Evaluation.Results;

/// <summary>
/// The append-only results file. Reading keeps the longest prefix of complete, well-formed rows with distinct ids;
/// whatever follows (a line torn by a crash, garbage, a repeated id) is cut off and its questions are redone.
/// </summary>
internal static class ResultsFile
{
    /// <summary>The number of valid rows of a file, the byte length of the valid prefix and of the whole file.</summary>
    public readonly record struct Scan(long Rows, long ValidLength, long FileLength)
    {
        public bool IsTorn => ValidLength != FileLength;
    }

    /// <summary>Reads the valid prefix of a results file, streaming: memory is bounded by the longest line.</summary>
    /// <param name="path">The results file; a missing file has no rows.</param>
    /// <param name="onRow">Receives every valid row, in file order.</param>
    public static Scan Read(string path, Action<ResultRow> onRow)
    {
        if (!File.Exists(path))
        {
            return new Scan(0, 0, 0);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        long fileLength = stream.Length;
        var ids = new HashSet<long>();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int filled = 0;     // bytes of buffer holding data
            long consumed = 0;  // file offset of buffer[0]
            long rows = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // A line longer than the buffer: grow it.
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    // Whatever is left has no newline: a torn last line.
                    return new Scan(rows, consumed, fileLength);
                }

                filled += read;
                int start = 0;
                while (true)
                {
                    int newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        break;
                    }

                    ReadOnlySpan<byte> line = buffer.AsSpan(start, newline);
                    if (line.Length > 0)
                    {
                        ResultRow? row = ResultRowJson.TryParse(line);
                        if (row is null || !ids.Add(row.Id))
                        {
                            return new Scan(rows, consumed + start, fileLength);
                        }

                        onRow(row);
                        rows++;
                    }

                    start += newline + 1;
                }

                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
                consumed += start;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Opens the file for appending after its valid prefix, cutting off anything after it.</summary>
    public static FileStream OpenForAppend(string path, long validLength)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 64 * 1024);
        try
        {
            if (stream.Length != validLength)
            {
                stream.SetLength(validLength);
                stream.Flush(flushToDisk: true);
            }

            stream.Seek(validLength, SeekOrigin.Begin);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}

/// <summary>Appends rows to the results file from the single writer; a batch becomes durable (survives a killed process) at <see cref="Commit"/>.</summary>
internal sealed class ResultsWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;

    public ResultsWriter(FileStream stream)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(_buffer, ResultRowJson.WriterOptions);
    }

    public void Append(ResultRow row)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        ResultRowJson.Write(row, _json);
        _json.Flush();
        _buffer.Write("\n"u8);
        _stream.Write(_buffer.WrittenSpan);
    }

    /// <summary>Hands every appended row to the operating system: after this, a killed process loses none of them.</summary>
    public void Commit() => _stream.Flush(flushToDisk: false);

    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }
}
