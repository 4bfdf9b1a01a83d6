using Neptune.Clevr.Vision.Prompting;
using Neptune.Programs.Prompting;

namespace Neptune.Cli.Commands;

/// <summary>What the tool's datasets add to the generic layers' defaults.</summary>
internal static class ToolDefaults
{
    /// <summary>The prompt template when a config names none: the built-in texts with CLEVR's and the generic examples.</summary>
    public static PromptTemplate Template => ClevrPromptExamples.Template;
}
