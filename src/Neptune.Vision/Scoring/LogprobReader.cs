using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Neptune.Vision.Scoring;

/// <summary>Reads the alternatives of the answer token from a chat response.</summary>
internal static class LogprobReader
{
    /// <summary>
    /// Fills <paramref name="into"/> with the top logprobs of the answer token: the first content token after any
    /// <c>&lt;think&gt;…&lt;/think&gt;</c> block and whitespace. Returns whether the response carried logprobs at all.
    /// </summary>
    public static bool TryRead(ChatResponse response, List<TokenLogprob> into)
    {
        into.Clear();
        if (response.RawRepresentation is not ChatCompletion completion || completion.ContentTokenLogProbabilities is not { Count: > 0 } tokens)
        {
            return false;
        }

        int answer = 0;
        if (tokens[0].Token.AsSpan().TrimStart().StartsWith("<think>", StringComparison.OrdinalIgnoreCase))
        {
            answer = tokens.Count;
            for (int i = 0; i < tokens.Count; i++)
            {
                if (tokens[i].Token.Contains("</think>", StringComparison.OrdinalIgnoreCase))
                {
                    answer = i + 1;
                    break;
                }
            }
        }

        while (answer < tokens.Count && string.IsNullOrWhiteSpace(tokens[answer].Token))
        {
            answer++;
        }

        if (answer >= tokens.Count)
        {
            return true;
        }

        ChatTokenLogProbabilityDetails token = tokens[answer];
        if (token.TopLogProbabilities is { Count: > 0 } top)
        {
            foreach (ChatTokenTopLogProbabilityDetails alt in top)
            {
                into.Add(new TokenLogprob(alt.Token, alt.LogProbability));
            }
        }
        else
        {
            into.Add(new TokenLogprob(token.Token, token.LogProbability));
        }

        return true;
    }
}
