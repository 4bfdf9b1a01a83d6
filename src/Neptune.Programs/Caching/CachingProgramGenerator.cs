using Neptune.Programs.Generation;

namespace Neptune.Programs.Caching;

/// <summary>
/// Serves programs from a <see cref="ProgramCache"/> and generates (then caches) the missing ones. Only successes are
/// cached; a program that needed repair is stored with the rounds before it.
/// </summary>
public sealed class CachingProgramGenerator : IProgramGenerator
{
    private readonly IProgramGenerator _inner;
    private readonly ProgramCache _cache;
    private readonly ProgramCacheKey _keys;
    private readonly TimeProvider _time;

    /// <summary>Creates the middleware.</summary>
    /// <param name="inner">The generator for cache misses.</param>
    /// <param name="cache">The cache.</param>
    /// <param name="keys">The key function of the current configuration.</param>
    /// <param name="timeProvider">The clock for entry timestamps.</param>
    public CachingProgramGenerator(IProgramGenerator inner, ProgramCache cache, ProgramCacheKey keys, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(keys);
        _inner = inner;
        _cache = cache;
        _keys = keys;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<GenerationResult> GenerateAsync(string question, ProgramProbe? probe = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        string key = _keys.For(question);
        if (_cache.TryGet(key, out CachedProgram? hit))
        {
            return new GenerationResult
            {
                Question = question,
                Program = hit!.Program,
                Objects = hit.Objects,
                Attempts = hit.History,
                AttemptCount = hit.Attempts,
                Model = hit.Model,
                FromCache = true,
            };
        }

        GenerationResult result = await _inner.GenerateAsync(question, probe, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            _cache.Add(new CachedProgram
            {
                Key = key,
                Question = question,
                Program = result.Program!,
                Objects = result.Objects,
                Attempts = result.AttemptCount,
                Model = result.Model ?? _keys.Model,
                TemplateVersion = _keys.TemplateVersion,
                History = result.AttemptCount > 1 ? [.. result.Attempts.Take(result.Attempts.Count - 1)] : [],
                CreatedUtc = _time.GetUtcNow(),
            });
        }

        return result;
    }
}
