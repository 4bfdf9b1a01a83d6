using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Neptune.Clevr.Internal;

/// <summary>
/// Reads JSON tokens from a stream through a refilled buffer, so memory is bounded by the largest single value that
/// has to be held at once (one question or one scene), not by the file size.
/// </summary>
/// <remarks>
/// <see cref="Read"/> refills synchronously when the buffer runs dry. Asynchronous callers first await
/// <see cref="EnsureAsync"/>, which fills the buffer until the next token (or the whole next value) is present, so the
/// synchronous read that follows never blocks. Decoded text of the current string or property name lives in a scratch
/// buffer until the next read. The per-token methods are compiled optimised at once: a reader typically runs once per
/// process over a million tokens, most of which would otherwise pass through unoptimised tier-0 code.
/// </remarks>
internal sealed class JsonTokenSource : IDisposable
{
    private const int InitialBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly string _path;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private long _dropped;
    private bool _final;
    private bool _bomChecked;
    private JsonReaderState _state;
    private byte[] _scratch = new byte[256];
    private int _scratchLength;

    public JsonTokenSource(Stream stream, string path)
    {
        _stream = stream;
        _path = path;
        _state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
    }

    public string Path => _path;

    public JsonTokenType TokenType { get; private set; } = JsonTokenType.None;

    /// <summary>Nesting depth after the current token, as <see cref="Utf8JsonReader.CurrentDepth"/>.</summary>
    public int Depth { get; private set; }

    /// <summary>The byte offset of the current token in the file.</summary>
    public long TokenOffset { get; private set; }

    public bool HasInt64 { get; private set; }

    public long Int64Value { get; private set; }

    public double DoubleValue { get; private set; }

    /// <summary>The unescaped UTF-8 text of the current string or property name.</summary>
    public ReadOnlySpan<byte> Utf8Text => _scratch.AsSpan(0, _scratchLength);

    /// <summary>Set by the item parser so that errors name the item.</summary>
    public int? ItemPosition { get; set; }

    public (string Key, int Value)? ItemLabel { get; set; }

    public string GetString() => ClevrVocabulary.Intern(Utf8Text) ?? Encoding.UTF8.GetString(Utf8Text);

    public bool TextEquals(string ascii) => Ascii.Equals(Utf8Text, ascii);

    /// <summary>Reads the next token; false at the clean end of the data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read()
    {
        while (true)
        {
            if (TryReadToken())
            {
                return true;
            }

            if (_final)
            {
                TokenType = JsonTokenType.None;
                return false;
            }

            Refill();
        }
    }

    /// <summary>Reads the next token and fails when the data ends (the file is truncated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ReadRequired(string expecting)
    {
        if (!Read())
        {
            throw Truncated(expecting);
        }
    }

    /// <summary>Reads the next token; when the data ends, fails with "<paramref name="prefix"/> '<paramref name="field"/>'".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ReadRequired(string prefix, FieldName field)
    {
        if (!Read())
        {
            throw Truncated($"{prefix} '{field}'");
        }
    }

    /// <summary>Skips the current value (an object or array with everything inside, or a single token).</summary>
    public void SkipValue()
    {
        if (TokenType == JsonTokenType.PropertyName)
        {
            ReadRequired("a value");
        }

        if (TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            int depth = Depth;
            do
            {
                ReadRequired("the end of an object or array");
            }
            while (Depth > depth || TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray));
        }
    }

    /// <summary>
    /// Fills the buffer until the next token (or, with <paramref name="wholeValue"/>, the whole next value) can be read
    /// without touching the stream, or the stream ends. With <paramref name="synchronous"/> there is nothing to do and
    /// the returned task is already complete: <see cref="Read"/> refills the buffer itself whenever a token is
    /// incomplete, so synchronous callers need not look ahead (which would parse every value twice).
    /// </summary>
    public ValueTask EnsureAsync(bool wholeValue, bool synchronous, CancellationToken cancellationToken) =>
        synchronous ? ValueTask.CompletedTask : FillAsync(wholeValue, cancellationToken);

    private async ValueTask FillAsync(bool wholeValue, CancellationToken cancellationToken)
    {
        while (!_final && !IsAvailable(wholeValue))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RefillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ClevrDataException Error(string what, long? offset = null)
    {
        string item = ItemPosition is int p
            ? ItemLabel is { } label ? $", {label.Key} {label.Value} (item #{p})" : $", item #{p}"
            : string.Empty;
        long at = offset ?? TokenOffset;
        return new ClevrDataException($"{_path}{item} at byte {at}: {what}", _path, ItemPosition, at);
    }

    public ClevrDataException Truncated(string expecting) =>
        Error($"truncated JSON: the file ends while expecting {expecting}.", _dropped + _end);

    public void Dispose() => _stream.Dispose();

    private bool IsAvailable(bool wholeValue)
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), isFinalBlock: false, _state);
        try
        {
            return reader.Read() && (!wholeValue || reader.TrySkip());
        }
        catch (JsonException)
        {
            // Malformed data: the synchronous read that follows reports it with its position.
            return true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReadToken()
    {
        var data = _buffer.AsSpan(_start, _end - _start);
        var reader = new Utf8JsonReader(data, _final, _state);
        bool read;
        try
        {
            read = reader.Read();
        }
        catch (JsonException ex)
        {
            long at = _dropped + _start + (reader.BytesConsumed);
            if (_final && EndsInsideValue(data))
            {
                throw new ClevrDataException(
                    Error($"truncated JSON: the file ends inside a value ({ex.Message})", _dropped + _end).Message,
                    _path, ItemPosition, _dropped + _end, ex);
            }

            throw new ClevrDataException(Error($"malformed JSON: {ex.Message}", at).Message, _path, ItemPosition, at, ex);
        }

        if (!read)
        {
            return false;
        }

        TokenType = reader.TokenType;
        Depth = reader.CurrentDepth;
        TokenOffset = _dropped + _start + reader.TokenStartIndex;
        HasInt64 = false;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
            case JsonTokenType.PropertyName:
                int needed = reader.ValueSpan.Length;
                if (_scratch.Length < needed)
                {
                    _scratch = new byte[Math.Max(needed, _scratch.Length * 2)];
                }

                _scratchLength = reader.CopyString(_scratch);
                break;
            case JsonTokenType.Number:
                HasInt64 = reader.TryGetInt64(out long l);
                Int64Value = l;
                DoubleValue = HasInt64 ? l : reader.GetDouble();
                break;
        }

        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        return true;
    }

    /// <summary>Whether the data that failed to parse as a final block would parse as an incomplete one.</summary>
    private bool EndsInsideValue(ReadOnlySpan<byte> data)
    {
        var probe = new Utf8JsonReader(data, isFinalBlock: false, _state);
        try
        {
            while (probe.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void PrepareRefill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _dropped += _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }

    private void CompleteRefill(int read)
    {
        if (read == 0)
        {
            _final = true;
            return;
        }

        _end += read;
        if (!_bomChecked && _end >= 3)
        {
            _bomChecked = true;
            if (_dropped == 0 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                _start = 3;
            }
        }
    }

    private void Refill()
    {
        PrepareRefill();
        CompleteRefill(_stream.Read(_buffer, _end, _buffer.Length - _end));
    }

    private async ValueTask RefillAsync(CancellationToken cancellationToken)
    {
        PrepareRefill();
        int read = await _stream.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end), cancellationToken).ConfigureAwait(false);
        CompleteRefill(read);
    }
}
