using Microsoft.Extensions.AI;
using Neptune.Clevr;
using Neptune.Clevr.Vision.Prompting;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Language;
using Neptune.Models;
using Neptune.Programs;
using Neptune.Programs.Generation;
using Neptune.Clevr.Vision.Perception;
using Neptune.Vision;
using Neptune.Vision.Ask;
using Neptune.Vision.Caching;
using Neptune.Vision.Scoring;

namespace Neptune.Service;

/// <summary>
/// What every request shares: the settings, the program engine (thread-safe), the scenes, read once, and the program
/// generator of the <c>programs</c> config, when there is one.
/// </summary>
internal sealed class ServiceState : IDisposable
{
    private readonly IChatClient? _llm;
    private readonly IChatClient? _vlmClient;
    private readonly ScoreCache? _scoreCache;

    public ServiceState(ServiceSettings settings, ClevrSceneSet? scenes)
    {
        Settings = settings;
        Scenes = scenes;
        // The decoder refuses images over the pixel limit from their header, before allocating their pixels.
        var decoder = new SkiaImageDecoder(ImageDecoderOptions.Default with { MaxPixelCount = Math.Min(settings.MaxImagePixels, RgbaImage.MaxPixelCount) });
        Codecs = new ImageCodecs([decoder], [], settings.MaxRequestBytes);
        // Headers are read with no size limit of their own, so the service's pixel limit is the one that answers.
        var headers = new SkiaImageDecoder(ImageDecoderOptions.Default with { MaxWidth = RgbaImage.MaxDimension, MaxHeight = RgbaImage.MaxDimension, MaxPixelCount = RgbaImage.MaxPixelCount });
        Headers = new ImageCodecs([headers], [], settings.MaxRequestBytes);
        Engine = new(new EngineOptions { Limits = Neptune.Language.Runtime.ExecutionLimits.Default with { Timeout = settings.RunTimeout } });
        string? programsPath = settings.ProgramsPath;
        if (settings.AskConfigPath is { } askPath)
        {
            try
            {
                VisionConfig vision = VisionConfig.Load(askPath);
                _vlmClient = vision.CreateClient();
                _scoreCache = vision.OpenCache();
                VisionModel = vision.CreateModel(_vlmClient, _scoreCache);
                AskPerception = new VlmAskPerception(vision.CreateDetector(VisionModel), VisionModel);
                programsPath ??= vision.ProgramsConfigPath;
            }
            catch (Exception e) when (e is ModelConfigurationException or Neptune.Configuration.InputFileException or IOException)
            {
                Dispose();
                throw new ServiceConfigException("ask: " + e.Message, e);
            }
        }

        if (programsPath is { } path)
        {
            try
            {
                ProgramsConfig programs = ProgramsConfig.Load(path, null, ClevrPromptExamples.Template);
                _llm = ModelClientBuilder.ForEndpoint(programs.Backend);
                Generator = programs.CreateGenerator(Engine, chatClient: _llm);
            }
            catch (Exception e) when (e is ModelConfigurationException or Neptune.Configuration.InputFileException or Neptune.Programs.Caching.ProgramCacheCorruptException)
            {
                Dispose();
                throw new ServiceConfigException("programs: " + e.Message, e);
            }
        }
    }

    public ServiceSettings Settings { get; }

    public ClevrSceneSet? Scenes { get; }

    public ProgramEngine Engine { get; }

    /// <summary>Decodes uploaded images under <c>max_image_pixels</c> and <c>max_request_bytes</c>.</summary>
    public ImageCodecs Codecs { get; }

    /// <summary>Reads image headers (never pixels) for the pixel-limit check.</summary>
    public ImageCodecs Headers { get; }

    /// <summary>Writes programs for questions sent without one; null without a <c>programs</c> config.</summary>
    public IProgramGenerator? Generator { get; }

    /// <summary>How <c>/v1/ask</c> perceives: the embedded CLEVR-2D world, or the ask config's detector and model.</summary>
    public IAskPerception AskPerception { get; } = PixelAskPerception.Instance;

    /// <summary>The ask config's vision-language model; null on the embedded world.</summary>
    public VisionLanguageModel? VisionModel { get; }

    public void Dispose()
    {
        _llm?.Dispose();
        _vlmClient?.Dispose();
        _scoreCache?.Dispose();
    }
}
