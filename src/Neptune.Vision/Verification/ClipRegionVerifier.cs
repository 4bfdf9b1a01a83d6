using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Neptune.Imaging;
using Neptune.Models;
using Neptune.Perception;
using Neptune.Vision.Caching;
using Neptune.Vision.Embeddings;

namespace Neptune.Vision.Verification;

/// <summary>Options of <see cref="ClipRegionVerifier"/>. Validated when the verifier is built.</summary>
public sealed record ClipVerifierOptions
{
    /// <summary>The defaults: τ = 0.01, the COCO bank, "a photo of a {label}." and "a photo of a {label} object.".</summary>
    public static ClipVerifierOptions Default { get; } = new();

    /// <summary>τ of eq. 2. Default 0.01 (CLIP's learned logit scale of 100).</summary>
    public float Temperature { get; init; } = 0.01f;

    /// <summary>The bank of K common categories. Default <see cref="CategoryBank.Coco"/>.</summary>
    public IReadOnlyList<string> Bank { get; init; } = CategoryBank.Coco;

    /// <summary>The text embedded for an object name (and for each bank category); <c>{label}</c> is replaced. Default "a photo of a {label}.".</summary>
    public string ObjectTemplate { get; init; } = "a photo of a {label}.";

    /// <summary>The text embedded for a property; <c>{label}</c> is replaced. Default "a photo of a {label} object.".</summary>
    public string PropertyTemplate { get; init; } = "a photo of a {label} object.";

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!(Temperature > 0) || !float.IsFinite(Temperature))
        {
            throw new ArgumentException("temperature: must be a positive number", nameof(Temperature));
        }

        ArgumentNullException.ThrowIfNull(Bank);
        if (Bank.Count == 0 || Bank.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("bank: must list at least one category, none of them empty", nameof(Bank));
        }

        if (ObjectTemplate is null || !ObjectTemplate.Contains("{label}", StringComparison.Ordinal)
            || PropertyTemplate is null || !PropertyTemplate.Contains("{label}", StringComparison.Ordinal))
        {
            throw new ArgumentException("object_template, property_template: must contain {label}");
        }
    }

    /// <summary>The text embedded for a label.</summary>
    /// <param name="label">The label.</param>
    /// <param name="kind">What it names.</param>
    /// <returns>The text.</returns>
    public string TextFor(string label, VerificationKind kind) =>
        (kind == VerificationKind.Property ? PropertyTemplate : ObjectTemplate).Replace("{label}", label.Trim(), StringComparison.Ordinal);
}

/// <summary>
/// VIRO's uncertainty verification with a CLIP-style embeddings server. An object name l is scored on each region
/// crop I_j by eq. 2, S(l | I_j) = (1/K) Σ_k σ((sim(I_j, l) − sim(I_j, c_k))/τ) against the category bank (a bank
/// entry equal to l is left out); a property is scored across the candidate regions by the softmax of A.1.2,
/// p_j = softmax_j(sim(I_j, t)/τ), which PROPERTY then weighs with the detector's confidence. Text embeddings of labels
/// and of the bank are computed once per verifier (and kept in the score cache when one is given); crop embeddings go
/// through the score cache, keyed by the image's pixels, the box, the model and the crop size. The scene must hold its
/// picture (<see cref="ISceneImageSource"/>). Thread-safe.
/// </summary>
public sealed class ClipRegionVerifier : IRegionVerifier
{
    private readonly IEmbeddingsClient _client;
    private readonly ClipVerifierOptions _options;
    private readonly ScoreCache? _cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<float[]>>> _texts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<float[]>> _cropsInFlight = new(StringComparer.Ordinal);
    private readonly Lock _bankLock = new();
    private Task<float[][]>? _bank;
    private long _cropRequests;
    private long _cropHits;

    /// <summary>Creates the verifier.</summary>
    /// <param name="client">The embeddings server.</param>
    /// <param name="options">τ, the bank and the text templates; <see cref="ClipVerifierOptions.Default"/> when null.</param>
    /// <param name="cache">The score cache for crop (and text) embeddings; null keeps text embeddings in memory only and embeds every crop.</param>
    /// <exception cref="ArgumentException">The options are out of range.</exception>
    public ClipRegionVerifier(IEmbeddingsClient client, ClipVerifierOptions? options = null, ScoreCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= ClipVerifierOptions.Default;
        options.Validate();
        _client = client;
        _options = options;
        _cache = cache;
    }

    /// <summary>The options.</summary>
    public ClipVerifierOptions Options => _options;

    /// <summary>Crops sent to the embeddings server.</summary>
    public long CropRequests => Interlocked.Read(ref _cropRequests);

    /// <summary>Crops whose embedding came from the score cache, or from a request another call had in flight for the same crop.</summary>
    public long CropCacheHits => Interlocked.Read(ref _cropHits);

    /// <summary>Distinct label texts embedded or read from the cache (the bank not included).</summary>
    public int LabelTexts => _texts.Count;

    /// <summary>A description for reports: model, τ and K.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"clip {_client.Model} (τ {_options.Temperature}, bank of {_options.Bank.Count})");

    /// <inheritdoc />
    public async ValueTask<float[]> VerifyAsync(IScenePerception scene, string label, VerificationKind kind, IReadOnlyList<int> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        ArgumentNullException.ThrowIfNull(objects);
        var scores = new float[objects.Count];
        if (objects.Count == 0)
        {
            return scores;
        }

        if (PerceptionDecorators.Find<ISceneImageSource>(scene) is not { } source)
        {
            throw new PerceptionException(PerceptionErrorKind.InvalidArgument, "the CLIP verifier needs a perception that holds its picture (a photo or vision-model perception)");
        }

        try
        {
            Task<float[]> text = TextAsync(_options.TextFor(label, kind), cancellationToken);
            Task<float[][]> bank = kind == VerificationKind.ObjectName ? BankAsync().WaitAsync(cancellationToken) : Task.FromResult(Array.Empty<float[]>());
            float[][] crops = await CropsAsync(scene, source, objects, cancellationToken).ConfigureAwait(false);
            float[] t = await text.ConfigureAwait(false);
            float[][] rows = await bank.ConfigureAwait(false);
            if (kind == VerificationKind.Property)
            {
                var similarities = new float[crops.Length];
                for (int i = 0; i < crops.Length; i++)
                {
                    similarities[i] = TensorPrimitives.CosineSimilarity(Checked(crops[i], t.Length), t);
                }

                ClipScore.Softmax(similarities, _options.Temperature, scores);
                return scores;
            }

            float[] flat = Flatten(rows, t.Length);
            int[] skip = [.. Enumerable.Range(0, _options.Bank.Count).Where(k => string.Equals(_options.Bank[k].Trim(), label.Trim(), StringComparison.OrdinalIgnoreCase))];
            for (int i = 0; i < crops.Length; i++)
            {
                scores[i] = Math.Clamp(ClipScore.Verification(Checked(crops[i], t.Length), t, flat, _options.Temperature, skip), 0f, 1f);
            }

            return scores;
        }
        catch (ModelRequestException e)
        {
            PerceptionErrorKind failure = e.Kind is ModelFailureKind.MalformedResponse or ModelFailureKind.EmptyResponse
                ? PerceptionErrorKind.MalformedResponse
                : PerceptionErrorKind.EndpointUnavailable;
            throw new PerceptionException(failure, $"verifying '{label}': {e.Message}", e);
        }
        catch (ArgumentException e) when (e.ParamName is "bank")
        {
            throw new PerceptionException(PerceptionErrorKind.InvalidArgument, $"verifying '{label}': {e.Message}", e);
        }
    }

    private static float[] Checked(float[] vector, int dimension) =>
        vector.Length == dimension
            ? vector
            : throw new ModelRequestException(ModelFailureKind.MalformedResponse, $"the image embedding has dimension {vector.Length}, the text embedding {dimension}: is the server a CLIP-style model?");

    private static float[] Flatten(float[][] rows, int dimension)
    {
        var flat = new float[rows.Length * dimension];
        for (int k = 0; k < rows.Length; k++)
        {
            Checked(rows[k], dimension).CopyTo(flat, k * dimension);
        }

        return flat;
    }

    private async Task<float[][]> CropsAsync(IScenePerception scene, ISceneImageSource source, IReadOnlyList<int> objects, CancellationToken cancellationToken)
    {
        var result = new float[objects.Count][];
        var missing = new List<(int Slot, string Key, RgbaImage Crop, TaskCompletionSource<float[]> Pending)>();
        var waiting = new List<(int Slot, Task<float[]> Vector)>();
        for (int i = 0; i < objects.Count; i++)
        {
            int o = objects[i];
            if ((uint)o >= (uint)scene.Objects.Count)
            {
                throw new PerceptionException(PerceptionErrorKind.InvalidArgument, $"region {o} is out of range for verification (the scene has {scene.Objects.Count} objects)");
            }

            BoundingBox box = scene.Objects[o].Box;
            string key = ScoreCache.Key("clip-crop", _client.Fingerprint, source.ImageHash, BoxText(box));
            if (_cache is not null && _cache.TryGet(key, out string stored) && TryDecode(stored, out float[]? vector))
            {
                Interlocked.Increment(ref _cropHits);
                result[i] = vector!;
                continue;
            }

            // A crop another call is embedding right now is waited for, not embedded twice.
            var pending = new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            TaskCompletionSource<float[]> shared = _cropsInFlight.GetOrAdd(key, pending);
            if (!ReferenceEquals(shared, pending))
            {
                Interlocked.Increment(ref _cropHits);
                waiting.Add((i, shared.Task));
                continue;
            }

            missing.Add((i, key, Crop(source.Image, box), pending));
        }

        if (missing.Count > 0)
        {
            Interlocked.Add(ref _cropRequests, missing.Count);
            try
            {
                float[][] vectors = await _client.EmbedImagesAsync([.. missing.Select(m => m.Crop)], cancellationToken).ConfigureAwait(false);
                for (int m = 0; m < missing.Count; m++)
                {
                    result[missing[m].Slot] = vectors[m];
                    _cache?.Set(missing[m].Key, Encode(vectors[m]));
                    missing[m].Pending.TrySetResult(vectors[m]);
                }
            }
            catch (Exception e)
            {
                foreach (var m in missing)
                {
                    m.Pending.TrySetException(e);
                    _ = m.Pending.Task.Exception;
                }

                throw;
            }
            finally
            {
                foreach (var m in missing)
                {
                    _cropsInFlight.TryRemove(new KeyValuePair<string, TaskCompletionSource<float[]>>(m.Key, m.Pending));
                }
            }
        }

        foreach ((int slot, Task<float[]> vector) in waiting)
        {
            result[slot] = await vector.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>The box's pixels (rounded outwards, clipped to the image; at least one pixel).</summary>
    internal static RgbaImage Crop(RgbaImage image, BoundingBox box)
    {
        int left = Math.Clamp((int)MathF.Floor(box.Left), 0, image.Width - 1);
        int top = Math.Clamp((int)MathF.Floor(box.Top), 0, image.Height - 1);
        int right = Math.Clamp((int)MathF.Ceiling(box.Right), left + 1, image.Width);
        int bottom = Math.Clamp((int)MathF.Ceiling(box.Bottom), top + 1, image.Height);
        return image.Crop(PixelRect.FromEdges(left, top, right, bottom));
    }

    private Task<float[]> TextAsync(string text, CancellationToken cancellationToken)
    {
        Lazy<Task<float[]>> lazy = _texts.GetOrAdd(text, t => new Lazy<Task<float[]>>(() => EmbedTextAsync(t)));
        Task<float[]> task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // Failures are never kept: the next caller asks again.
            _texts.TryRemove(new KeyValuePair<string, Lazy<Task<float[]>>>(text, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>The bank's embeddings, from the cache or in one batched call; a failed call is not kept.</summary>
    private Task<float[][]> BankAsync()
    {
        lock (_bankLock)
        {
            if (_bank is null || _bank.IsFaulted || _bank.IsCanceled)
            {
                _bank = EmbedBankAsync();
            }

            return _bank;
        }
    }

    private async Task<float[][]> EmbedBankAsync()
    {
        string[] texts = [.. _options.Bank.Select(c => _options.TextFor(c, VerificationKind.ObjectName))];
        var rows = new float[texts.Length][];
        var missing = new List<int>();
        for (int k = 0; k < texts.Length; k++)
        {
            if (_cache is not null && _cache.TryGet(TextKey(texts[k]), out string stored) && TryDecode(stored, out float[]? cached))
            {
                rows[k] = cached!;
            }
            else
            {
                missing.Add(k);
            }
        }

        if (missing.Count > 0)
        {
            float[][] vectors = await _client.EmbedTextsAsync([.. missing.Select(k => texts[k])], CancellationToken.None).ConfigureAwait(false);
            for (int m = 0; m < missing.Count; m++)
            {
                rows[missing[m]] = vectors[m];
                _cache?.Set(TextKey(texts[missing[m]]), Encode(vectors[m]));
            }
        }

        return rows;
    }

    private string TextKey(string text) => ScoreCache.Key("clip-text", _client.Fingerprint, text);

    private async Task<float[]> EmbedTextAsync(string text)
    {
        string key = TextKey(text);
        if (_cache is not null && _cache.TryGet(key, out string stored) && TryDecode(stored, out float[]? cached))
        {
            return cached!;
        }

        float[][] vectors = await _client.EmbedTextsAsync([text], CancellationToken.None).ConfigureAwait(false);
        _cache?.Set(key, Encode(vectors[0]));
        return vectors[0];
    }

    private static string Encode(float[] vector) => Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan()));

    private static bool TryDecode(string text, out float[]? vector)
    {
        vector = null;
        try
        {
            byte[] bytes = Convert.FromBase64String(text);
            if (bytes.Length == 0 || bytes.Length % sizeof(float) != 0)
            {
                return false;
            }

            vector = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string BoxText(BoundingBox b) => string.Create(CultureInfo.InvariantCulture, $"{b.Left:R},{b.Top:R},{b.Right:R},{b.Bottom:R}");
}
