using Neptune.Programs.Generation;

namespace Neptune.Programs.Caching;

/// <summary>One program-cache entry.</summary>
public sealed record CachedProgram
{
    /// <summary>The request key (<see cref="ProgramCacheKey.For"/>).</summary>
    public required string Key { get; init; }

    /// <summary>The question.</summary>
    public required string Question { get; init; }

    /// <summary>The final valid program.</summary>
    public required string Program { get; init; }

    /// <summary>The object names to detect.</summary>
    public IReadOnlyList<string> Objects { get; init; } = [];

    /// <summary>How many rounds it took (1 = no repair).</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>The model that wrote it.</summary>
    public string? Model { get; init; }

    /// <summary>The prompt-template version.</summary>
    public string? TemplateVersion { get; init; }

    /// <summary>The rounds before the final one, kept for programs that needed repair (empty otherwise).</summary>
    public IReadOnlyList<GenerationAttempt> History { get; init; } = [];

    /// <summary>When the entry was written.</summary>
    public DateTimeOffset CreatedUtc { get; init; }
}
