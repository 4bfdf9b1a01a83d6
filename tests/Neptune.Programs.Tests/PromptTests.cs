using Microsoft.Extensions.AI;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Programs.Prompting;

namespace Neptune.Programs.Tests;

public sealed class PromptTests
{
    [Fact]
    public void Build_Default_SystemMessageEmbedsTheGeneratedApiReference()
    {
        var builder = new PromptBuilder(PromptTemplate.Default, PrimitiveCatalogue.Default);

        IReadOnlyList<ChatMessage> messages = builder.Build("How many cubes are there?");

        Assert.Equal(ChatRole.System, messages[0].Role);
        Assert.Contains(LibraryReference.ToPromptText(PrimitiveCatalogue.Default).TrimEnd(), messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("```python", messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("<objects>", messages[0].Text, StringComparison.Ordinal);
        Assert.Equal(ChatRole.User, messages[^1].Role);
        Assert.Equal("Question: How many cubes are there?", messages[^1].Text);
        Assert.Equal(2 + (2 * PromptTemplate.Default.Examples.Count), messages.Count);
    }

    [Fact]
    public void DefaultExamples_EveryProgram_PassesTheValidator()
    {
        var engine = new ProgramEngine();
        foreach (PromptExample e in PromptTemplate.Default.Examples)
        {
            ProgramCheck check = engine.Check(e.Program);
            Assert.True(check.IsValid, $"{e.Question}:\n{e.Program}\n{string.Join('\n', check.Diagnostics)}");
            Assert.NotEmpty(e.Objects);
        }
    }

    [Fact]
    public void DefaultExamples_Coverage_IncludesReferringAndImperativePrograms()
    {
        IReadOnlyList<PromptExample> examples = PromptTemplate.Default.Examples;

        Assert.Contains(examples, e => e.Program.Contains(".given(\"y\"", StringComparison.Ordinal));
        Assert.Contains(examples, e => e.Program.Contains("query(", StringComparison.Ordinal));
        Assert.Contains(examples, e => e.Question.StartsWith("the ", StringComparison.Ordinal) && e.Program.TrimEnd().EndsWith(".iota()", StringComparison.Ordinal));
        Assert.Contains(examples, e => e.Program.Contains("def execute():", StringComparison.Ordinal) && e.Program.Contains("for ", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Messages_ShowsEveryRoleAndTextInOrder()
    {
        string text = PromptBuilder.Render([new ChatMessage(ChatRole.System, "S"), new ChatMessage(ChatRole.User, "U")]);

        Assert.Equal("### system\nS\n\n### user\nU\n\n", text);
    }

    [Fact]
    public void RepairMessage_Diagnostics_ContainsTheProgramAndEachDiagnostic()
    {
        var builder = new PromptBuilder(PromptTemplate.Default, PrimitiveCatalogue.Default);

        ChatMessage m = builder.RepairMessage("return spheres\n", ["program.py(1,8): error NPT2006: name 'spheres' is not defined (hint: Define it.)"]);

        Assert.Contains("```python\nreturn spheres\n```", m.Text, StringComparison.Ordinal);
        Assert.Contains("NPT2006", m.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("{program}", m.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadAndToJson_RoundTrip_KeepsEveryPartAndTheFingerprint()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neptune-template-{Guid.NewGuid():N}.json");
        try
        {
            PromptTemplate edited = PromptTemplate.Default with { Version = "mine/2", SystemText = "Write programs." };
            File.WriteAllText(path, edited.ToJson());

            PromptTemplate loaded = PromptTemplate.Load(path);

            Assert.Equal("mine/2", loaded.Version);
            Assert.Equal("Write programs.", loaded.SystemText);
            Assert.Equal(edited.Examples.Count, loaded.Examples.Count);
            Assert.Equal(edited.Fingerprint, loaded.Fingerprint);
            Assert.NotEqual(PromptTemplate.Default.Fingerprint, loaded.Fingerprint);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_MissingVersion_Throws()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neptune-template-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{"system": "x"}""");

            var e = Assert.Throws<PromptTemplateException>(() => PromptTemplate.Load(path));

            Assert.Contains("`version` in ", e.Message, StringComparison.Ordinal);
            Assert.Contains(": required", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_BasisGiven_MissingPartsKeepTheBasis()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neptune-template-{Guid.NewGuid():N}.json");
        try
        {
            var mine = new PromptExample("the red ball", ["ball"], "return score(\"Is the object in the red box a red ball?\").iota()\n");
            PromptTemplate basis = PromptTemplate.Default with { Examples = [mine, .. PromptTemplate.Default.Examples] };
            File.WriteAllText(path, """{"version": "mine/3", "system": "Write programs."}""");

            PromptTemplate loaded = PromptTemplate.Load(path, basis: basis);

            Assert.Equal("Write programs.", loaded.SystemText);
            Assert.Equal(basis.Examples, loaded.Examples);
            Assert.Equal(PromptTemplate.Default.Examples, PromptTemplate.Load(path).Examples);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ProgramsConfigLoad_TemplateGiven_IsUsedWhenTheFileNamesNone()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neptune-programs-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{"backend": {"endpoint": "http://localhost:1/v1", "model": "m"}}""");
            PromptTemplate mine = PromptTemplate.Default with { Version = "mine/4" };

            Assert.Same(mine, ProgramsConfig.Load(path, template: mine).Template);
            Assert.Same(PromptTemplate.Default, ProgramsConfig.Load(path).Template);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
