using Neptune.Clevr.Vision.Prompting;
using Neptune.Programs.Prompting;

namespace Neptune.Cli.Commands;

/// <summary>What the tool's datasets add to the generic layers' defaults.</summary>
internal static class ToolDefaults
{
    /// <summary>The prompt template when a config names none: the built-in texts with CLEVR's and the generic examples.</summary>
    public static PromptTemplate Template => ClevrPromptExamples.Template;

    /// <summary>
    /// The built-in templates by the name <c>neptune programs template --name</c> takes: <c>clevr</c> (the default,
    /// <see cref="Template"/>) and <c>photos</c> (<see cref="PhotoTemplate"/>: VIRO's operators over photos).
    /// </summary>
    public static IReadOnlyDictionary<string, PromptTemplate> Templates { get; } = new Dictionary<string, PromptTemplate>(StringComparer.Ordinal)
    {
        ["clevr"] = ClevrPromptExamples.Template,
        ["photos"] = PhotoTemplate.Default,
    };
}
