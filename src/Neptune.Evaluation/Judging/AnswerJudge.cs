using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Neptune.Caching;

namespace Neptune.Evaluation.Judging;

/// <summary>One answer to judge: the question, the expected (reference) answer and the predicted one.</summary>
/// <param name="Question">The question.</param>
/// <param name="Expected">The reference answer.</param>
/// <param name="Predicted">The answer the program gave.</param>
public readonly record struct JudgeCase(string Question, string Expected, string Predicted);

/// <summary>A verdict and where it came from.</summary>
/// <param name="Correct">Whether the predicted answer means the same as the expected one.</param>
/// <param name="Cached">Whether the verdict came from the cache (no model call).</param>
public readonly record struct JudgeVerdict(bool Correct, bool Cached);

/// <summary>The judge's reply was neither yes nor no. Counted as a judging error; the answer is judged again on the next run.</summary>
public sealed class JudgeAnswerException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What the judge answered.</param>
    public JudgeAnswerException(string message)
        : base(message)
    {
    }
}

/// <summary>Decides whether a predicted answer is correct, as a person reading both answers would.</summary>
public interface IAnswerJudge
{
    /// <summary>The judging model, as reported in <c>summary.json</c>.</summary>
    string Model { get; }

    /// <summary>Judges one answer.</summary>
    /// <param name="item">The question and both answers.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="JudgeAnswerException">The judge answered neither yes nor no.</exception>
    /// <exception cref="Models.ModelRequestException">The model server failed after its retries.</exception>
    ValueTask<JudgeVerdict> JudgeAsync(JudgeCase item, CancellationToken cancellationToken);
}

/// <summary>
/// An LLM judge over any OpenAI-compatible chat model (NePTune judges CLEVR-Humans answers this way): one short
/// conversation per answer, the reply read as yes or no. Verdicts are cached by (model, prompt version, question,
/// expected, predicted).
/// </summary>
public sealed class ChatAnswerJudge : IAnswerJudge
{
    /// <summary>The version of the prompt below; part of every cache key, so a changed prompt never reuses old verdicts.</summary>
    public const string PromptVersion = "judge-v1";

    /// <summary>The system message.</summary>
    public const string SystemPrompt =
        "You grade answers to questions about a picture. You are given the question, the reference answer and a predicted " +
        "answer. The predicted answer is correct when it means the same as the reference answer for this question " +
        "(synonyms, a number written as a word or as digits, singular or plural, yes/no phrased differently all count). " +
        "Reply with one word: yes if the predicted answer is correct, no otherwise.";

    private readonly IChatClient _client;
    private readonly ICacheStore? _cache;
    private readonly ChatOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the judge.</summary>
    /// <param name="client">The chat pipeline of the judging model.</param>
    /// <param name="model">The model name (part of the cache key).</param>
    /// <param name="cache">The verdict cache, or null.</param>
    /// <param name="timeProvider">The clock for cache entries.</param>
    /// <param name="temperature">The sampling temperature asked for (0: the same verdict every time).</param>
    public ChatAnswerJudge(IChatClient client, string model, ICacheStore? cache = null, TimeProvider? timeProvider = null, double temperature = 0)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(model);
        _client = client;
        Model = model;
        _cache = cache;
        _time = timeProvider ?? TimeProvider.System;
        _options = new ChatOptions { Temperature = (float)temperature };
    }

    /// <inheritdoc/>
    public string Model { get; }

    /// <summary>The user message for one case.</summary>
    /// <param name="item">The case.</param>
    /// <returns>The message text.</returns>
    public static string UserPrompt(JudgeCase item) =>
        $"Question: {item.Question}\nReference answer: {item.Expected}\nPredicted answer: {item.Predicted}\nIs the predicted answer correct? Answer yes or no.";

    /// <summary>The cache key of a case under a model.</summary>
    /// <param name="model">The judging model.</param>
    /// <param name="item">The case.</param>
    /// <returns>A hex SHA-256 key.</returns>
    public static string CacheKey(string model, JudgeCase item)
    {
        string text = string.Join('\u001f', "judge", PromptVersion, model, item.Question.Trim(), item.Expected.Trim(), item.Predicted.Trim());
        return "judge:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Reads a judge's reply: its first word, lower-cased and stripped of punctuation and markup, is yes or no.</summary>
    /// <param name="reply">The reply text.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="JudgeAnswerException">The reply starts with neither.</exception>
    public static bool ParseReply(string? reply)
    {
        string text = (reply ?? string.Empty).Trim();
        int start = 0;
        while (start < text.Length && !char.IsLetter(text[start]))
        {
            start++;
        }

        int end = start;
        while (end < text.Length && char.IsLetter(text[end]))
        {
            end++;
        }

        string word = text[start..end].ToLowerInvariant();
        return word switch
        {
            "yes" or "correct" or "true" => true,
            "no" or "incorrect" or "false" => false,
            _ => throw new JudgeAnswerException($"the judge answered '{(text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "..."))}', not yes or no"),
        };
    }

    /// <inheritdoc/>
    public async ValueTask<JudgeVerdict> JudgeAsync(JudgeCase item, CancellationToken cancellationToken)
    {
        string key = CacheKey(Model, item);
        if (_cache is not null && _cache.TryGet(key, out string stored) && (stored == "yes" || stored == "no"))
        {
            return new JudgeVerdict(stored == "yes", Cached: true);
        }

        ChatMessage[] messages = [new(ChatRole.System, SystemPrompt), new(ChatRole.User, UserPrompt(item))];
        ChatResponse response = await _client.GetResponseAsync(messages, _options, cancellationToken).ConfigureAwait(false);
        bool correct = ParseReply(response.Text);
        _cache?.Set(key, correct ? "yes" : "no", _time.GetUtcNow());
        return new JudgeVerdict(correct, Cached: false);
    }
}
