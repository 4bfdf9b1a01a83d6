using Microsoft.Extensions.AI;
using Neptune.Clevr;
using Neptune.Clevr.Vision.Prompting;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Language;
using Neptune.Models;
using Neptune.Programs;
using Neptune.Programs.Generation;

namespace Neptune.Service;

/// <summary>
/// What every request shares: the settings, the program engine (thread-safe), the scenes, read once, and the program
/// generator of the <c>programs</c> config, when there is one.
/// </summary>
internal sealed class ServiceState : IDisposable
{
    private readonly IChatClient? _llm;

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
        if (settings.ProgramsPath is { } path)
        {
            try
            {
                ProgramsConfig programs = ProgramsConfig.Load(path, null, ClevrPromptExamples.Template);
                _llm = ModelClientBuilder.ForEndpoint(programs.Backend);
                Generator = programs.CreateGenerator(Engine, chatClient: _llm);
            }
            catch (Exception e) when (e is ModelConfigurationException or Neptune.Configuration.InputFileException or Neptune.Programs.Caching.ProgramCacheCorruptException)
            {
                _llm?.Dispose();
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

    public void Dispose()
    {
        _llm?.Dispose();
        (Generator as IDisposable)?.Dispose();
    }
}
