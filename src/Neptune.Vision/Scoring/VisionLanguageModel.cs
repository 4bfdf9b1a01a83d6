using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Neptune.Imaging;
using Neptune.Models;
using Neptune.Perception;
using Neptune.Vision.Caching;
using Neptune.Vision.Prompting;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Neptune.Vision.Scoring;

/// <summary>
/// A vision-language model behind an OpenAI-compatible chat client (one endpoint or an <see cref="Endpoints.EndpointPool"/>),
/// shared by every scene of a run: it owns the visual prompt, the P(yes) rule, the score cache and the counters.
/// Scenes get their perception from <see cref="CreatePerception"/>. Thread-safe.
/// </summary>
public sealed class VisionLanguageModel
{
    private readonly IChatClient _client;
    private readonly VisualPromptBuilder _prompt;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _inFlight = new(StringComparer.Ordinal);
    private readonly string _fingerprint;
    private readonly SemaphoreSlim _pending;

    /// <summary>Creates the model.</summary>
    /// <param name="client">The chat client (its pipeline bounds concurrency and retries).</param>
    /// <param name="modelId">The model name, for cache keys; read from the client's metadata when null.</param>
    /// <param name="options">Scoring and prompt options; <see cref="VlmOptions.Default"/> when null.</param>
    /// <param name="cache">The answer cache, or null for none.</param>
    /// <exception cref="ArgumentException">The options are out of range, or no model name is known.</exception>
    public VisionLanguageModel(IChatClient client, string? modelId = null, VlmOptions? options = null, ScoreCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= VlmOptions.Default;
        options.Validate();
        _client = client;
        Options = options;
        Cache = cache;
        ModelId = modelId ?? client.GetService<ChatClientMetadata>()?.DefaultModelId
            ?? throw new ArgumentException("the model name is unknown: pass it or use a client that reports it", nameof(modelId));
        _prompt = new VisualPromptBuilder(options.Prompt);
        _fingerprint = options.Fingerprint();
        _pending = new SemaphoreSlim(options.MaxPendingRequests, options.MaxPendingRequests);
    }

    /// <summary>The options.</summary>
    public VlmOptions Options { get; }

    /// <summary>The model name used in cache keys.</summary>
    public string ModelId { get; }

    /// <summary>The answer cache, when there is one.</summary>
    public ScoreCache? Cache { get; }

    /// <summary>What this model has done so far.</summary>
    public VlmCounters Counters { get; } = new();

    /// <summary>The chat client.</summary>
    internal IChatClient Client => _client;

    internal VisualPromptBuilder Prompt => _prompt;

    /// <summary>The perception of one image whose objects are already known.</summary>
    /// <param name="image">The image.</param>
    /// <param name="objects">The objects, in domain order.</param>
    /// <returns>The perception.</returns>
    public VlmScenePerception CreatePerception(RgbaImage image, IReadOnlyList<DetectedObject> objects)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(objects);
        return new VlmScenePerception(this, new SceneImage(image), objects);
    }

    /// <summary>P(yes) for one tuple of boxes, from the cache or the model.</summary>
    internal async Task<float> ScoreTupleAsync(SceneImage scene, BoundingBox[] boxes, string question, RequestTally? tally, CancellationToken cancellationToken)
    {
        string key = ScoreCache.Key("score", scene.Hash, BoxText(boxes), question, ModelId, _fingerprint);
        string value = await CachedAsync(key, () => WindowedAsync(() => RequestScoreAsync(scene, boxes, question, tally, cancellationToken), cancellationToken), tally, cancellationToken).ConfigureAwait(false);
        return float.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>The normalised short answer to an open question about one box.</summary>
    internal Task<string> QueryBoxAsync(SceneImage scene, BoundingBox box, string question, RequestTally? tally, CancellationToken cancellationToken)
    {
        string key = ScoreCache.Key("query", scene.Hash, BoxText([box]), question, ModelId, _fingerprint);
        return CachedAsync(key, () => WindowedAsync(
            async () =>
            {
                List<AIChatMessage> messages = _prompt.Build(scene.Image, [box], question, yesNo: false);
                ChatResponse response = await SendAsync(messages, new ChatOptions { MaxOutputTokens = Options.QueryMaxTokens, Temperature = Options.Temperature }, question, tally, cancellationToken).ConfigureAwait(false);
                return VisionText.NormalizeAnswer(response.Text);
            },
            cancellationToken), tally, cancellationToken);
    }

    /// <summary>A raw text answer (grounding), cached under the given key parts.</summary>
    internal Task<string> CompleteCachedAsync(string kind, SceneImage scene, string question, List<AIChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        string key = ScoreCache.Key(kind, scene.Hash, question, ModelId, _fingerprint);
        return CachedAsync(key, () => WindowedAsync(
            async () =>
            {
                ChatResponse response = await SendAsync(messages, options, question, tally: null, cancellationToken).ConfigureAwait(false);
                return response.Text;
            },
            cancellationToken), tally: null, cancellationToken);
    }

    /// <summary>Sends one request, mapping model failures to perception errors and recording them.</summary>
    internal async Task<ChatResponse> SendAsync(List<AIChatMessage> messages, ChatOptions options, string question, RequestTally? tally, CancellationToken cancellationToken)
    {
        Counters.AddRequest();
        tally?.AddRequest();
        try
        {
            return await _client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelRequestException e)
        {
            Counters.AddFailure(question, e.Message);
            PerceptionErrorKind kind = e.Kind is ModelFailureKind.MalformedResponse or ModelFailureKind.EmptyResponse
                ? PerceptionErrorKind.MalformedResponse
                : PerceptionErrorKind.EndpointUnavailable;
            string what = kind == PerceptionErrorKind.EndpointUnavailable ? "the model endpoint is unavailable" : "the model's answer is malformed";
            throw new PerceptionException(kind, $"{what} for \"{question}\": {e.Message}", e);
        }
    }

    private async Task<string> RequestScoreAsync(SceneImage scene, BoundingBox[] boxes, string question, RequestTally? tally, CancellationToken cancellationToken)
    {
        List<AIChatMessage> messages = _prompt.Build(scene.Image, boxes, question, yesNo: true);
        int top = Options.Scoring.TopLogprobs;
        var chatOptions = new ChatOptions
        {
            MaxOutputTokens = 1,
            Temperature = Options.Temperature,
            RawRepresentationFactory = _ => new ChatCompletionOptions { IncludeLogProbabilities = true, TopLogProbabilityCount = top },
        };
        ChatResponse response = await SendAsync(messages, chatOptions, question, tally, cancellationToken).ConfigureAwait(false);
        var alternatives = new List<TokenLogprob>(top);
        bool has = LogprobReader.TryRead(response, alternatives);
        double p = YesNoProbability.Compute(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(alternatives), has, response.Text, Options.Scoring, out YesNoOutcome outcome);
        Counters.AddOutcome(outcome);
        if (double.IsNaN(p))
        {
            string reason = outcome switch
            {
                YesNoOutcome.NoLogprobs => "the answer carries no logprobs (does the server support them?)",
                YesNoOutcome.BothMissing => "neither Yes nor No is among the top logprobs",
                _ => "one of Yes and No is missing from the top logprobs",
            };
            Counters.AddFailure(question, reason);
            throw new PerceptionException(PerceptionErrorKind.MalformedResponse, $"cannot score \"{question}\": {reason}");
        }

        return ((float)p).ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a request inside the pending-request window (prompt building included).</summary>
    private async Task<string> WindowedAsync(Func<Task<string>> request, CancellationToken cancellationToken)
    {
        await _pending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await request().ConfigureAwait(false);
        }
        finally
        {
            _pending.Release();
        }
    }

    /// <summary>
    /// The answer for a key: from the cache, from an identical request already in flight, or produced now. A caller
    /// that cancels stops waiting; when the request it shared was cancelled by another caller, it produces its own.
    /// </summary>
    private async Task<string> CachedAsync(string key, Func<Task<string>> produce, RequestTally? tally, CancellationToken cancellationToken)
    {
        if (Cache is not null && Cache.TryGet(key, out string cached))
        {
            Counters.AddCacheHit();
            tally?.AddCacheHit();
            return cached;
        }

        while (true)
        {
            var lazy = new Lazy<Task<string>>(produce, LazyThreadSafetyMode.ExecutionAndPublication);
            Lazy<Task<string>> shared = _inFlight.GetOrAdd(key, lazy);
            bool owner = ReferenceEquals(shared, lazy);
            try
            {
                string value = await shared.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
                Cache?.Set(key, value);
                if (!owner)
                {
                    Counters.AddCacheHit();
                    tally?.AddCacheHit();
                }

                return value;
            }
            catch (OperationCanceledException) when (!owner && !cancellationToken.IsCancellationRequested)
            {
                // The shared request was cancelled by its owner's token: drop it and try again.
                _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, shared));
            }
            finally
            {
                if (owner)
                {
                    _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, lazy));
                }
            }
        }
    }

    private static string BoxText(BoundingBox[] boxes)
    {
        var sb = new StringBuilder();
        foreach (BoundingBox b in boxes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{b.Left:R},{b.Top:R},{b.Right:R},{b.Bottom:R};");
        }

        return sb.ToString();
    }
}
