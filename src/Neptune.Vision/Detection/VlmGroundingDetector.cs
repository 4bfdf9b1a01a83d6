using Microsoft.Extensions.AI;
using Neptune.Imaging;
using Neptune.Perception;
using Neptune.Vision.Grounding;
using Neptune.Vision.Prompting;
using Neptune.Vision.Scoring;

namespace Neptune.Vision.Detection;

/// <summary>Options of <see cref="VlmGroundingDetector"/>.</summary>
public sealed record VlmGroundingOptions
{
    /// <summary>How the model's numbers map to pixels. Default <see cref="GroundingCoordinates.Relative1000"/> (Qwen3-VL).</summary>
    public GroundingCoordinates Coordinates { get; init; } = GroundingCoordinates.Relative1000;

    /// <summary>The resize rule for <see cref="GroundingCoordinates.ResizedPixels"/>. Default Qwen2.5-VL's.</summary>
    public QwenResizeRule ResizeRule { get; init; } = QwenResizeRule.Default;

    /// <summary>The request; <c>{name}</c> is replaced by the object name.</summary>
    public string PromptTemplate { get; init; } =
        "Locate every {name} in the image. Output the bounding boxes in JSON: [{\"bbox_2d\": [x1, y1, x2, y2], \"label\": \"{name}\"}]. Output [] if there is none.";

    /// <summary>The completion limit of a grounding answer. Default 1024.</summary>
    public int MaxTokens { get; init; } = 1024;

    /// <summary>The confidence given to boxes the model does not score. Default 1.</summary>
    public float DefaultConfidence { get; init; } = 1f;

    /// <summary>Filtering and de-duplication.</summary>
    public DetectionOptions Filter { get; init; } = DetectionOptions.Default;
}

/// <summary>
/// Detection by a grounding VLM (Qwen2.5-VL, Qwen3-VL, …): one request per object name, concurrently, asking for
/// <c>[{"bbox_2d": …, "label": …}]</c>; answers are parsed leniently and mapped back to image pixels through the
/// configured coordinate convention. Answers are cached with the model's other answers.
/// </summary>
public sealed class VlmGroundingDetector : IObjectDetector
{
    private readonly VisionLanguageModel _model;
    private readonly VlmGroundingOptions _options;

    /// <summary>Creates the detector.</summary>
    /// <param name="model">The model (its client, cache and counters are shared).</param>
    /// <param name="options">Options; defaults when null.</param>
    public VlmGroundingDetector(VisionLanguageModel model, VlmGroundingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _options = options ?? new VlmGroundingOptions();
        _options.Filter.Validate();
        if (!_options.PromptTemplate.Contains("{name}", StringComparison.Ordinal))
        {
            throw new ArgumentException("prompt_template: must contain {name}", nameof(options));
        }

        if (_options.MaxTokens < 1)
        {
            throw new ArgumentException("max_tokens: must be at least 1", nameof(options));
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DetectedObject>> DetectAsync(RgbaImage image, IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(names);
        string[] distinct = [.. names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        if (distinct.Length == 0)
        {
            distinct = ["object"];
        }

        var scene = new SceneImage(image);
        RgbaImage sent = _model.Prompt.SentImage(image);
        Task<List<DetectedObject>>[] requests = [.. distinct.Select(name => DetectOneAsync(scene, sent, name, cancellationToken))];
        List<DetectedObject>[] results = await Task.WhenAll(requests).ConfigureAwait(false);
        return DetectionFilter.Apply(results.SelectMany(r => r), _options.Filter);
    }

    private async Task<List<DetectedObject>> DetectOneAsync(SceneImage scene, RgbaImage sent, string name, CancellationToken cancellationToken)
    {
        string question = _options.PromptTemplate.Replace("{name}", name, StringComparison.Ordinal);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.User, [VisualPromptBuilder.Image(sent), new TextContent(question)]),
        };
        var chatOptions = new ChatOptions { MaxOutputTokens = _options.MaxTokens, Temperature = _model.Options.Temperature };
        string kind = $"ground|{_options.Coordinates}|{_options.ResizeRule}|{_options.MaxTokens}";
        string answer = await _model.CompleteCachedAsync(kind, scene, question, messages, chatOptions, cancellationToken).ConfigureAwait(false);
        if (!GroundingParser.TryParse(answer, out List<RawGrounding> raw, out string? failure))
        {
            _model.Counters.AddFailure(question, failure!);
            throw new PerceptionException(PerceptionErrorKind.MalformedResponse, $"cannot read the grounding answer for \"{name}\": {failure}");
        }

        var list = new List<DetectedObject>(raw.Count);
        foreach (RawGrounding r in raw)
        {
            BoundingBox box = GroundingParser.ToImage(r, _options.Coordinates, sent.Width, sent.Height, scene.Image.Width, scene.Image.Height, _options.ResizeRule);
            float confidence = r.Score is { } s && double.IsFinite(s) ? (float)Math.Clamp(s, 0, 1) : _options.DefaultConfidence;
            list.Add(new DetectedObject(0, box, string.IsNullOrWhiteSpace(r.Label) ? name : r.Label!.Trim(), confidence));
        }

        return list;
    }
}
