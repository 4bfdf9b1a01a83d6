using Neptune.Clevr;
using Neptune.Language;

namespace Neptune.Service;

/// <summary>What every request shares: the settings, the program engine (thread-safe) and the scenes, read once.</summary>
internal sealed class ServiceState(ServiceSettings settings, ClevrSceneSet? scenes)
{
    public ServiceSettings Settings { get; } = settings;

    public ClevrSceneSet? Scenes { get; } = scenes;

    public ProgramEngine Engine { get; } = new(new EngineOptions { Limits = Neptune.Language.Runtime.ExecutionLimits.Default with { Timeout = settings.RunTimeout } });
}
