using System.Text;
using Microsoft.Extensions.AI;
using Neptune.Language.Library;

namespace Neptune.Programs.Prompting;

/// <summary>
/// Builds the chat messages that ask for a program: a system message (the template's system text, the API reference
/// generated from the catalogue and the answer format), one user/assistant pair per few-shot example, and the question.
/// </summary>
public sealed class PromptBuilder
{
    private readonly string _system;

    /// <summary>Creates a builder.</summary>
    /// <param name="template">The template.</param>
    /// <param name="catalogue">The primitive catalogue the programs are validated against (the engine's).</param>
    public PromptBuilder(PromptTemplate template, PrimitiveCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(catalogue);
        Template = template;
        _system = Normalize(template.SystemText).TrimEnd() + "\n\n" + LibraryReference.ToPromptText(catalogue).TrimEnd() + "\n\n"
            + Normalize(template.FormatText).TrimEnd();
    }

    /// <summary>The template.</summary>
    public PromptTemplate Template { get; }

    /// <summary>The system message text.</summary>
    public string SystemMessage => _system;

    /// <summary>The messages for a question.</summary>
    /// <param name="question">The question or referring expression.</param>
    /// <returns>System, examples, question.</returns>
    public IReadOnlyList<ChatMessage> Build(string question)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        var messages = new List<ChatMessage>(2 + (2 * Template.Examples.Count)) { new(ChatRole.System, _system) };
        foreach (PromptExample e in Template.Examples)
        {
            messages.Add(new ChatMessage(ChatRole.User, QuestionText(e.Question)));
            messages.Add(new ChatMessage(ChatRole.Assistant, AnswerText(e.Objects, e.Program)));
        }

        messages.Add(new ChatMessage(ChatRole.User, QuestionText(question)));
        return messages;
    }

    /// <summary>The assistant turn that answers with a program, exactly as the few-shot examples answer.</summary>
    /// <param name="objects">The object names for the detector (NePTune's <c>&lt;objects&gt;</c> list; may be empty).</param>
    /// <param name="program">The program.</param>
    /// <returns>The assistant message.</returns>
    public static ChatMessage AnswerMessage(IReadOnlyList<string> objects, string program)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(program);
        return new ChatMessage(ChatRole.Assistant, AnswerText(objects, program));
    }

    /// <summary>The repair turn for validation diagnostics.</summary>
    /// <param name="program">The rejected program.</param>
    /// <param name="diagnostics">One formatted diagnostic per line.</param>
    /// <returns>The user message.</returns>
    public ChatMessage RepairMessage(string program, IEnumerable<string> diagnostics) =>
        new(ChatRole.User, Normalize(Template.RepairText)
            .Replace("{diagnostics}", string.Join('\n', diagnostics), StringComparison.Ordinal)
            .Replace("{program}", program.TrimEnd('\n'), StringComparison.Ordinal).TrimEnd());

    /// <summary>The repair turn for a runtime error.</summary>
    /// <param name="program">The failing program.</param>
    /// <param name="error">The error, Python style with its line.</param>
    /// <returns>The user message.</returns>
    public ChatMessage RuntimeRepairMessage(string program, string error) =>
        new(ChatRole.User, Normalize(Template.RuntimeRepairText)
            .Replace("{error}", error, StringComparison.Ordinal)
            .Replace("{program}", program.TrimEnd('\n'), StringComparison.Ordinal).TrimEnd());

    /// <summary>The repair turn for an answer without a program.</summary>
    /// <returns>The user message.</returns>
    public ChatMessage NoProgramMessage() => new(ChatRole.User, Normalize(Template.NoProgramText).TrimEnd());

    /// <summary>Renders messages as plain text, each under a <c>### role</c> heading, exactly as they are sent.</summary>
    /// <param name="messages">The messages.</param>
    /// <returns>The text.</returns>
    public static string Render(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var sb = new StringBuilder();
        foreach (ChatMessage m in messages)
        {
            sb.Append("### ").Append(m.Role.Value).Append('\n').Append(m.Text).Append("\n\n");
        }

        return sb.ToString();
    }

    private static string QuestionText(string question) => "Question: " + question.Trim();

    private static string AnswerText(IReadOnlyList<string> objects, string program) =>
        $"<objects>{string.Join(", ", objects)}</objects>\n```python\n{Normalize(program).TrimEnd('\n')}\n```";

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
