using Neptune.Clevr.Vision.Prompting;
using Neptune.Language;
using Neptune.Programs.Prompting;

namespace Neptune.Clevr.Vision.Tests;

public sealed class ClevrPromptExamplesTests
{
    [Fact]
    public void Template_Default_IsTheBuiltInTemplateWithTheClevrExamplesFirst()
    {
        PromptTemplate t = ClevrPromptExamples.Template;

        Assert.Equal(PromptTemplate.DefaultVersion, t.Version);
        Assert.Equal(PromptTemplate.Default.SystemText, t.SystemText);
        Assert.Equal([.. ClevrPromptExamples.Examples, .. PromptTemplate.Default.Examples], t.Examples);
    }

    [Fact]
    public void Template_Fingerprint_StaysTheOneProgramCachesWereWrittenWith()
    {
        // Program-cache keys contain the template's fingerprint: a change here makes every cached program miss.
        Assert.Equal("f7b8f13b24b5e502", ClevrPromptExamples.Template.Fingerprint);
    }

    [Fact]
    public void Examples_EveryProgram_PassesTheValidatorAndNamesItsObjects()
    {
        var engine = new ProgramEngine();
        Assert.Equal(3, ClevrPromptExamples.Examples.Count);
        foreach (PromptExample e in ClevrPromptExamples.Examples)
        {
            ProgramCheck check = engine.Check(e.Program);
            Assert.True(check.IsValid, $"{e.Question}:\n{e.Program}\n{string.Join('\n', check.Diagnostics)}");
            Assert.NotEmpty(e.Objects);
        }
    }

    [Fact]
    public void Examples_Translated_UseTheTranslatorsIdiomForRelationsAndQueries()
    {
        Assert.Contains(ClevrPromptExamples.Examples, e => e.Program.Contains(".given(\"y\"", StringComparison.Ordinal) && e.Program.Contains("query(", StringComparison.Ordinal));
    }
}
