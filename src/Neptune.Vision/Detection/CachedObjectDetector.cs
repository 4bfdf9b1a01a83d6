using System.Globalization;
using System.Text.Json;
using Neptune.Imaging;
using Neptune.Perception;
using Neptune.Vision.Caching;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Detection;

/// <summary>
/// Middleware that keeps detections in the score cache, like scores: the key hashes the image's pixels, the object
/// names asked for (trimmed, in order, repeats dropped) and the inner detector's fingerprint (its kind and every
/// setting), so a detector asked again about the same picture and names answers without a request, in this run or a
/// later one; concurrent callers with the same picture and names share one request. Failures are never stored. Thread-safe.
/// </summary>
public sealed class CachedObjectDetector : IObjectDetector, IDisposable
{
    private readonly IObjectDetector _inner;
    private readonly ScoreCache _cache;
    private readonly string _fingerprint;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<DetectedObject>>>> _inFlight = new(StringComparer.Ordinal);
    private long _hits;
    private long _misses;

    /// <summary>Creates the middleware.</summary>
    /// <param name="inner">The detector.</param>
    /// <param name="cache">The score cache.</param>
    /// <param name="fingerprint">What identifies the inner detector's answers (kind, endpoint, model, thresholds, filter).</param>
    public CachedObjectDetector(IObjectDetector inner, ScoreCache cache, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        _inner = inner;
        _cache = cache;
        _fingerprint = fingerprint;
    }

    /// <summary>The wrapped detector.</summary>
    public IObjectDetector Inner => _inner;

    /// <summary>Detections answered from the cache, or by sharing a request already in flight for the same picture and names.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Detections passed to the inner detector.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <inheritdoc />
    public async Task<IReadOnlyList<DetectedObject>> DetectAsync(RgbaImage image, IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(names);
        string[] distinct = [.. names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        string key = ScoreCache.Key("detect", _fingerprint, new SceneImage(image).Hash, string.Join('\n', distinct));
        if (_cache.TryGet(key, out string stored) && TryRead(stored, out List<DetectedObject>? cached))
        {
            Interlocked.Increment(ref _hits);
            return cached!;
        }

        // Callers asking the same while the first is waiting share its request: one detection per picture and names.
        var mine = new Lazy<Task<IReadOnlyList<DetectedObject>>>(() => DetectAndStoreAsync(image, distinct, key, cancellationToken));
        Lazy<Task<IReadOnlyList<DetectedObject>>> shared = _inFlight.GetOrAdd(key, mine);
        if (!ReferenceEquals(shared, mine))
        {
            Interlocked.Increment(ref _hits);
            return await shared.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await mine.Value.ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyList<DetectedObject>>>>(key, mine));
        }
    }

    private async Task<IReadOnlyList<DetectedObject>> DetectAndStoreAsync(RgbaImage image, string[] names, string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _misses);
        IReadOnlyList<DetectedObject> objects = await _inner.DetectAsync(image, names, cancellationToken).ConfigureAwait(false);
        _cache.Set(key, Write(objects));
        return objects;
    }

    private static string Write(IReadOnlyList<DetectedObject> objects)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (DetectedObject o in objects)
            {
                w.WriteStartArray();
                w.WriteNumberValue(o.Box.Left);
                w.WriteNumberValue(o.Box.Top);
                w.WriteNumberValue(o.Box.Right);
                w.WriteNumberValue(o.Box.Bottom);
                w.WriteNumberValue(o.Confidence);
                if (o.Label is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    w.WriteStringValue(o.Label);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static bool TryRead(string text, out List<DetectedObject>? objects)
    {
        objects = null;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(text);
            var list = new List<DetectedObject>();
            foreach (JsonElement e in doc.RootElement.EnumerateArray())
            {
                var box = new BoundingBox(e[0].GetSingle(), e[1].GetSingle(), e[2].GetSingle(), e[3].GetSingle());
                list.Add(new DetectedObject(list.Count, box, e[5].ValueKind == JsonValueKind.Null ? null : e[5].GetString(), e[4].GetSingle()));
            }

            objects = list;
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            return false;
        }
    }

    /// <summary>A fingerprint from the settings that decide a detector's answers (records print every field), invariant culture.</summary>
    /// <param name="parts">The detector kind and its settings.</param>
    /// <returns>The fingerprint.</returns>
    internal static string Fingerprint(params object[] parts) =>
        string.Join("|", parts.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture)));

    /// <inheritdoc />
    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
