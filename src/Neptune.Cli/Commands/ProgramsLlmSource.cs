using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Neptune.Clevr;
using Neptune.Evaluation;
using Neptune.Evaluation.Programs;
using Neptune.Evaluation.Referring;
using Neptune.Evaluation.Results;
using Neptune.Language;
using Neptune.Models;
using Neptune.Models.Middleware;
using Neptune.Programs;
using Neptune.Programs.Caching;
using Neptune.Programs.Generation;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>--programs llm</c>: programs generated on demand by a model (through the program cache when one is configured),
/// one generation per distinct question however many images share it.
/// </summary>
/// <remarks>
/// Failures map onto the runner's kinds: no program extracted → <c>no_program</c>, invalid after the repair rounds →
/// <c>validation</c>, runtime error after repairs → <c>runtime</c>, an unusable model server → <c>model_error</c>.
/// </remarks>
internal sealed class ProgramsLlmSource : IProgramSource, IPhotoProgramSource
{
    private readonly IProgramGenerator _generator;
    private readonly ConcurrentDictionary<string, Lazy<Task<GenerationResult>>> _results = new(StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;

    public ProgramsLlmSource(IProgramGenerator generator, CancellationToken cancellationToken)
    {
        _generator = generator;
        _cancellationToken = cancellationToken;
    }

    public string Name => "llm";

    /// <summary>Builds the source from a programs config file.</summary>
    /// <exception cref="EvaluationConfigException">The file is missing or invalid, or the cache is damaged.</exception>
    public static ProgramsLlmSource Create(string? config, CancellationToken cancellationToken)
    {
        if (config is null)
        {
            throw new EvaluationConfigException("programs: 'llm' needs a programs config: set 'llm_config' or pass --llm-config FILE (see docs/BACKENDS.md).");
        }

        ProgramsConfig settings = ProgramsConfig.Load(config, Conventions.CliNotes.ForConfig(), ToolDefaults.Template);
        var usage = new ModelUsage();
        return new ProgramsLlmSource(settings.CreateGenerator(new ProgramEngine(), usage), cancellationToken) { Model = settings.Backend.Model, Template = settings.Template.Version, Usage = usage };
    }

    private string? Model { get; init; }

    private string? Template { get; init; }

    private ModelUsage? Usage { get; init; }

    /// <summary>
    /// Writes the pre-execution totals beside summary.json: distinct questions, cache hits, the program failure split,
    /// LLM calls, tokens and model time per generated question, kept apart from the run's execution time.
    /// </summary>
    public void WriteReport(string path)
    {
        IReadOnlyList<GenerationResult> results = Results;
        int generated = results.Count(r => !r.FromCache);
        int divisor = Math.Max(1, generated);
        long requests = results.Sum(r => (long)r.Requests);
        long input = results.Sum(r => r.InputTokens);
        long output = results.Sum(r => r.OutputTokens);
        double seconds = results.Sum(r => r.Latency.TotalSeconds);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("source", "llm");
            w.WriteString("model", Model);
            w.WriteString("template", Template);
            w.WriteNumber("questions", results.Count);
            w.WriteNumber("from_cache", results.Count(r => r.FromCache));
            w.WriteNumber("generated", generated);
            w.WriteNumber("repaired", results.Count(r => r.Succeeded && r.AttemptCount > 1));
            w.WriteNumber("failure_rate", results.Count == 0 ? 0 : results.Count(r => !r.Succeeded) / (double)results.Count);
            w.WriteStartObject("failures");
            w.WriteNumber("no_program", results.Count(r => r.Failure == GenerationFailureKind.NoProgram));
            w.WriteNumber("invalid_after_repairs", results.Count(r => r.Failure == GenerationFailureKind.InvalidAfterRepairs));
            w.WriteNumber("runtime_error_after_repairs", results.Count(r => r.Failure == GenerationFailureKind.RuntimeErrorAfterRepairs));
            w.WriteNumber("model_error", results.Count(r => r.Failure == GenerationFailureKind.ModelError));
            w.WriteEndObject();
            ProgramsCommand.WriteModelFailures(w, Usage);
            w.WriteNumber("llm_calls", requests);
            w.WriteNumber("input_tokens", input);
            w.WriteNumber("output_tokens", output);
            w.WriteNumber("model_seconds", seconds);
            w.WriteNumber("llm_calls_per_question", requests / (double)divisor);
            w.WriteNumber("tokens_per_question", (input + output) / (double)divisor);
            w.WriteNumber("model_seconds_per_question", seconds / divisor);
            w.WriteEndObject();
        }

        File.WriteAllText(path, Encoding.UTF8.GetString(stream.ToArray()) + "\n");
    }

    /// <summary>
    /// Adds the pre-execution totals of <paramref name="reportPath"/> to summary.json as <c>program_generation</c>,
    /// replacing the summary atomically, so one file holds both the execution and the generation figures.
    /// </summary>
    /// <param name="summaryPath">The run's summary.json.</param>
    /// <param name="reportPath">The file <see cref="WriteReport"/> wrote.</param>
    public static void MergeIntoSummary(string summaryPath, string reportPath) =>
        EvaluationSummary.MergeSection(summaryPath, "program_generation", System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(reportPath))!);

    /// <summary>Every distinct question's result so far.</summary>
    public IReadOnlyList<GenerationResult> Results =>
        [.. _results.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result)];

    /// <summary>The generation (or cache hit) for one question or referring expression, made at most once per distinct text.</summary>
    public Task<GenerationResult> GenerateAsync(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        Lazy<Task<GenerationResult>> lazy = _results.GetOrAdd(text.Trim(), q => new Lazy<Task<GenerationResult>>(() => _generator.GenerateAsync(q, null, _cancellationToken)));
        return lazy.Value;
    }

    public async ValueTask<string> GetProgramAsync(ClevrQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        GenerationResult result = await GenerateAsync(question.Question).WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.Program ?? throw Failure(result);
    }

    /// <summary>A referring expression's program and the object names the model listed with it.</summary>
    public async ValueTask<PhotoProgram> GetAsync(string expression, CancellationToken cancellationToken)
    {
        GenerationResult result = await GenerateAsync(expression).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new PhotoProgram(result.Program ?? throw Failure(result), result.Objects);
    }

    private static ProgramSourceException Failure(GenerationResult result) => GenerationFailures.ToException(result);
}
