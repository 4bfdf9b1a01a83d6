using System.Text.Json;

namespace Neptune.Clevr.Internal;

/// <summary>
/// Walks a CLEVR release file (<c>{"info": …, "questions": [ … ]}</c>, or a bare array) one item at a time. Each item
/// is buffered whole before it is parsed, so the parsers are synchronous and never see a partial item.
/// </summary>
internal sealed class ClevrArrayReader<T> : IDisposable
    where T : class
{
    private readonly JsonTokenSource _source;
    private readonly bool _ownsStream;
    private readonly string _arrayProperty;
    private readonly string _itemNoun;
    private readonly Func<JsonTokenSource, T> _parse;
    private readonly string _itemExpectation;
    private int _position;
    private bool _inArray;
    private bool _done;

    public ClevrArrayReader(Stream stream, string path, bool ownsStream, string arrayProperty, string itemNoun, Func<JsonTokenSource, T> parse)
    {
        _source = new JsonTokenSource(stream, path);
        _ownsStream = ownsStream;
        _arrayProperty = arrayProperty;
        _itemNoun = itemNoun;
        _parse = parse;
        _itemExpectation = $"a {itemNoun} or the end of the '{arrayProperty}' array";
    }

    /// <summary>Enumerates items; <paramref name="open"/> runs at the first MoveNext, so an unenumerated sequence holds no file.</summary>
    public static IEnumerable<T> Enumerate(Func<Stream> open, string path, bool ownsStream, string arrayProperty, string itemNoun, Func<JsonTokenSource, T> parse)
    {
        using var reader = new ClevrArrayReader<T>(open(), path, ownsStream, arrayProperty, itemNoun, parse);
        while (true)
        {
            // Synchronous mode: every await inside completes synchronously, so this never blocks on I/O twice.
            var next = reader.NextAsync(synchronous: true, CancellationToken.None);
            T? item = next.IsCompletedSuccessfully ? next.Result : next.AsTask().GetAwaiter().GetResult();
            if (item is null)
            {
                yield break;
            }

            yield return item;
        }
    }

    public static async IAsyncEnumerable<T> EnumerateAsync(
        Func<Stream> open, string path, bool ownsStream, string arrayProperty, string itemNoun, Func<JsonTokenSource, T> parse,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new ClevrArrayReader<T>(open(), path, ownsStream, arrayProperty, itemNoun, parse);
        while (await reader.NextAsync(synchronous: false, cancellationToken).ConfigureAwait(false) is T item)
        {
            yield return item;
        }
    }

    public async ValueTask<T?> NextAsync(bool synchronous, CancellationToken cancellationToken)
    {
        if (_done)
        {
            return null;
        }

        if (!_inArray)
        {
            await OpenAsync(synchronous, cancellationToken).ConfigureAwait(false);
        }

        await _source.EnsureAsync(wholeValue: true, synchronous, cancellationToken).ConfigureAwait(false);
        _source.ItemPosition = null;
        _source.ReadRequired(_itemExpectation);
        if (_source.TokenType == JsonTokenType.EndArray)
        {
            await FinishAsync(synchronous, cancellationToken).ConfigureAwait(false);
            _done = true;
            return null;
        }

        _source.ItemPosition = _position;
        _source.ItemLabel = null;
        if (_source.TokenType != JsonTokenType.StartObject)
        {
            throw _source.Error($"each {_itemNoun} must be a JSON object, found {JsonText.Describe(_source.TokenType)}.");
        }

        T result = _parse(_source);
        _position++;
        return result;
    }

    public void Dispose()
    {
        if (_ownsStream)
        {
            _source.Dispose();
        }
    }

    private async ValueTask OpenAsync(bool synchronous, CancellationToken cancellationToken)
    {
        await _source.EnsureAsync(false, synchronous, cancellationToken).ConfigureAwait(false);
        _source.ReadRequired("the start of the JSON document");
        if (_source.TokenType == JsonTokenType.StartArray)
        {
            _inArray = true;
            return;
        }

        if (_source.TokenType != JsonTokenType.StartObject)
        {
            throw _source.Error($"expected a JSON object with a '{_arrayProperty}' array, found {JsonText.Describe(_source.TokenType)}.");
        }

        while (true)
        {
            await _source.EnsureAsync(false, synchronous, cancellationToken).ConfigureAwait(false);
            _source.ReadRequired($"the '{_arrayProperty}' property");
            if (_source.TokenType == JsonTokenType.EndObject)
            {
                throw _source.Error($"the file has no '{_arrayProperty}' array.");
            }

            if (_source.TextEquals(_arrayProperty))
            {
                await _source.EnsureAsync(false, synchronous, cancellationToken).ConfigureAwait(false);
                _source.ReadRequired($"the '{_arrayProperty}' array");
                if (_source.TokenType != JsonTokenType.StartArray)
                {
                    throw _source.Error($"'{_arrayProperty}' must be an array, found {JsonText.Describe(_source.TokenType)}.");
                }

                _inArray = true;
                return;
            }

            await _source.EnsureAsync(true, synchronous, cancellationToken).ConfigureAwait(false);
            _source.SkipValue();
        }
    }

    private async ValueTask FinishAsync(bool synchronous, CancellationToken cancellationToken)
    {
        _source.ItemPosition = null;
        while (_source.Depth > 0)
        {
            await _source.EnsureAsync(false, synchronous, cancellationToken).ConfigureAwait(false);
            _source.ReadRequired("the end of the top-level object");
            if (_source.TokenType == JsonTokenType.PropertyName)
            {
                await _source.EnsureAsync(true, synchronous, cancellationToken).ConfigureAwait(false);
                _source.SkipValue();
            }
        }

        await _source.EnsureAsync(false, synchronous, cancellationToken).ConfigureAwait(false);
        if (_source.Read())
        {
            throw _source.Error($"unexpected {JsonText.Describe(_source.TokenType)} after the end of the document.");
        }
    }
}
