using Microsoft.Extensions.AI;
using Neptune.Models;

namespace Neptune.Vision.Scoring;

/// <summary>Reads the alternatives of the answer token from a chat response.</summary>
internal static class LogprobReader
{
    /// <summary>
    /// Fills <paramref name="into"/> with the top logprobs of the answer token: the first content token after any
    /// <c>&lt;think&gt;…&lt;/think&gt;</c> block and whitespace. Returns whether the response carried logprobs at all
    /// (fresh from the server or from a response cache, see <see cref="ResponseLogprobs"/>).
    /// </summary>
    public static bool TryRead(ChatResponse response, List<TokenLogprob> into)
    {
        into.Clear();
        if (ResponseLogprobs.Read(response) is not { Count: > 0 } tokens)
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

        TokenLogprobs token = tokens[answer];
        if (token.Top is { Count: > 0 } top)
        {
            foreach ((string alternative, double logprob) in top)
            {
                into.Add(new TokenLogprob(alternative, logprob));
            }
        }
        else
        {
            into.Add(new TokenLogprob(token.Token, token.Logprob));
        }

        return true;
    }
}
