using System.Diagnostics;
using Microsoft.Extensions.AI;
using Neptune.Language;
using Neptune.Language.Syntax;
using Neptune.Models;
using Neptune.Programs.Extraction;
using Neptune.Programs.Prompting;

namespace Neptune.Programs.Generation;

/// <summary>Options of <see cref="ProgramGenerator"/>.</summary>
public sealed record ProgramGeneratorOptions
{
    /// <summary>The prompt template.</summary>
    public PromptTemplate Template { get; init; } = PromptTemplate.Default;

    /// <summary>Repair rounds after the first answer (0 = no repair). Default 3.</summary>
    public int RepairRounds { get; init; } = 3;

    /// <summary>Whether a runtime error on the probe image also starts a repair round. Default true (used only with a probe).</summary>
    public bool RepairRuntimeErrors { get; init; } = true;

    /// <summary>Per-request options passed to the chat client (null: the client's defaults).</summary>
    public ChatOptions? ChatOptions { get; init; }

    /// <summary>Checks ranges.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Template);
        if (RepairRounds is < 0 or > 20)
        {
            throw new ArgumentException("repairRounds must be between 0 and 20", nameof(RepairRounds));
        }
    }
}

/// <summary>
/// Asks a chat model for a program, extracts it, validates it with the engine and, on problems, sends repair turns
/// (the program with its diagnostics or runtime error) until it is valid or the rounds run out. Every round is recorded.
/// </summary>
public sealed class ProgramGenerator : IProgramGenerator
{
    private readonly IChatClient _client;
    private readonly ProgramEngine _engine;
    private readonly ProgramGeneratorOptions _options;
    private readonly PromptBuilder _prompt;
    private readonly TimeProvider _time;
    private readonly string? _model;

    /// <summary>Creates a generator.</summary>
    /// <param name="client">Any chat client (typically the pipeline of <see cref="ModelClientBuilder"/>).</param>
    /// <param name="engine">Validates the programs; its catalogue drives the prompt's API reference.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <param name="timeProvider">The clock for latencies.</param>
    public ProgramGenerator(IChatClient client, ProgramEngine engine, ProgramGeneratorOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(engine);
        options ??= new ProgramGeneratorOptions();
        options.Validate();
        _client = client;
        _engine = engine;
        _options = options;
        _prompt = new PromptBuilder(options.Template, engine.Options.Catalogue);
        _time = timeProvider ?? TimeProvider.System;
        _model = options.ChatOptions?.ModelId ?? (client.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.DefaultModelId;
    }

    /// <summary>The prompt builder (the exact prompt sent).</summary>
    public PromptBuilder Prompt => _prompt;

    /// <inheritdoc />
    public async Task<GenerationResult> GenerateAsync(string question, ProgramProbe? probe = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        using Activity? activity = ProgramsTelemetry.Source.StartActivity("neptune.program.generate");
        GenerationResult result = await GenerateCoreAsync(question, probe, cancellationToken).ConfigureAwait(false);
        ProgramsTelemetry.Record(activity, result);
        return result;
    }

    private async Task<GenerationResult> GenerateCoreAsync(string question, ProgramProbe? probe, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage>(_prompt.Build(question));
        var attempts = new List<GenerationAttempt>();
        int rounds = 1 + _options.RepairRounds;
        GenerationFailureKind failure = GenerationFailureKind.NoProgram;
        string failureMessage = "no answer";
        for (int round = 1; round <= rounds; round++)
        {
            long start = _time.GetTimestamp();
            ChatResponse response;
            try
            {
                response = await _client.GetResponseAsync(messages, _options.ChatOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (ModelRequestException e)
            {
                attempts.Add(new GenerationAttempt { Number = round, Outcome = AttemptOutcome.ModelError, Error = e.Message, Latency = _time.GetElapsedTime(start) });
                return Failed(question, attempts, GenerationFailureKind.ModelError, e.Message) with { ModelFailure = e.Kind };
            }

            TimeSpan latency = _time.GetElapsedTime(start);
            string text = response.Text;
            long input = response.Usage?.InputTokenCount ?? 0;
            long output = response.Usage?.OutputTokenCount ?? 0;
            messages.Add(new ChatMessage(ChatRole.Assistant, text));

            if (!ProgramExtractor.TryExtract(text, out ExtractedProgram? extracted, out string? why))
            {
                attempts.Add(new GenerationAttempt { Number = round, Outcome = AttemptOutcome.NoProgram, ResponseText = text, Error = why, InputTokens = input, OutputTokens = output, Latency = latency });
                (failure, failureMessage) = (GenerationFailureKind.NoProgram, why!);
                messages.Add(_prompt.NoProgramMessage());
                continue;
            }

            ProgramCheck check = _engine.Check(extracted!.Source);
            if (!check.IsValid)
            {
                string[] diagnostics = [.. check.Diagnostics.Where(d => d.IsError).Select(d => d.ToString())];
                attempts.Add(new GenerationAttempt { Number = round, Outcome = AttemptOutcome.Invalid, ResponseText = text, Program = extracted.Source, Diagnostics = diagnostics, InputTokens = input, OutputTokens = output, Latency = latency });
                (failure, failureMessage) = (GenerationFailureKind.InvalidAfterRepairs, diagnostics.Length > 0 ? diagnostics[0] : "the program is invalid");
                messages.Add(_prompt.RepairMessage(extracted.Source, diagnostics));
                continue;
            }

            ProgramError? runtime = probe?.Invoke(check.Program!);
            if (runtime is not null && _options.RepairRuntimeErrors)
            {
                string error = FormatRuntime(runtime);
                attempts.Add(new GenerationAttempt { Number = round, Outcome = AttemptOutcome.RuntimeError, ResponseText = text, Program = extracted.Source, Error = error, InputTokens = input, OutputTokens = output, Latency = latency });
                (failure, failureMessage) = (GenerationFailureKind.RuntimeErrorAfterRepairs, error);
                messages.Add(_prompt.RuntimeRepairMessage(extracted.Source, error));
                continue;
            }

            attempts.Add(new GenerationAttempt { Number = round, Outcome = AttemptOutcome.Valid, ResponseText = text, Program = extracted.Source, Error = runtime is null ? null : FormatRuntime(runtime), InputTokens = input, OutputTokens = output, Latency = latency });
            return new GenerationResult
            {
                Question = question,
                Program = extracted.Source,
                Objects = extracted.Objects,
                Attempts = attempts,
                AttemptCount = attempts.Count,
                Model = response.ModelId ?? _model,
            };
        }

        return Failed(question, attempts, failure, failureMessage);
    }

    private GenerationResult Failed(string question, List<GenerationAttempt> attempts, GenerationFailureKind kind, string message) => new()
    {
        Question = question,
        Attempts = attempts,
        AttemptCount = attempts.Count,
        Model = _model,
        Failure = kind,
        FailureMessage = message,
    };

    private static string FormatRuntime(ProgramError error)
    {
        string where = error.Line > 0 ? $"line {error.Line}: " : string.Empty;
        string source = error.SourceLine is { Length: > 0 } s ? $"\n    {s.Trim()}" : string.Empty;
        return where + error.FirstLine + source;
    }
}
