using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Language.Syntax;
using Neptune.Programs.Prompting;

namespace Neptune.Programs.Tests;

public sealed class PhotoTemplateTests
{
    [Fact]
    public void Examples_EveryProgram_PassesTheValidatorAndFindsEveryListedObject()
    {
        var engine = new ProgramEngine();
        foreach (PromptExample e in PhotoTemplate.Default.Examples)
        {
            ProgramCheck check = engine.Check(e.Program);
            Assert.True(check.IsValid, $"{e.Question}:\n{e.Program}\n{string.Join('\n', check.Diagnostics)}");
            // The <objects> list is what the detector is asked for: exactly the FIND names of the program.
            Assert.Equal(e.Objects, FindNames(e.Program));
        }
    }

    [Fact]
    public void Examples_Coverage_CategoriesAttributesRelationsAndNoTarget()
    {
        string all = string.Join('\n', PhotoTemplate.Default.Examples.Select(e => e.Program));

        foreach (string op in new[] { "PROPERTY", "FIND_DIRECTION", "FIND_NEAR", "FIND_INSIDE", "RELATIVE_DEPTH", "LOCATE", "ORDER", "SIZE", "ABSOLUTE_DEPTH", "RESULT", "no_target" })
        {
            Assert.Contains(op + "(", all, StringComparison.Ordinal);
        }

        // Open vocabulary: multi-word categories in the expression's own words, not a closed list of CLEVR shapes.
        Assert.Contains(PhotoTemplate.Default.Examples, e => e.Objects.Any(o => o.Contains(' ', StringComparison.Ordinal)));
        Assert.DoesNotContain("score(", all, StringComparison.Ordinal);
    }

    [Fact]
    public void SystemText_NamesEveryReferringOperatorOfTheCatalogue()
    {
        string[] operators = [.. PrimitiveCatalogue.Default.Primitives.Where(p => p.Owner is null && p.Category == PrimitiveCategory.Referring).Select(p => p.Name)];

        Assert.Contains("FIND", operators);
        Assert.Contains(string.Join(", ", operators), PhotoTemplate.Default.SystemText, StringComparison.Ordinal);
        Assert.DoesNotContain("{operators}", PhotoTemplate.Default.SystemText, StringComparison.Ordinal);
        Assert.Equal(PhotoTemplate.Version, PhotoTemplate.Default.Version);
        Assert.NotEqual(PromptTemplate.Default.Fingerprint, PhotoTemplate.Default.Fingerprint);
    }

    [Fact]
    public void Build_PhotoTemplate_SystemMessageEmbedsTheGeneratedApiReference()
    {
        var builder = new PromptBuilder(PhotoTemplate.Default, PrimitiveCatalogue.Default);

        string system = builder.Build("the left one of the two red umbrellas")[0].Text;

        Assert.Contains(LibraryReference.ToPromptText(PrimitiveCatalogue.Default).TrimEnd(), system, StringComparison.Ordinal);
        Assert.StartsWith("You write short programs that find the object or objects a referring expression describes in a photograph.", system, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ItsOwnJson_GivesTheSameTemplate()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neptune-photo-template-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, PhotoTemplate.Default.ToJson());

            PromptTemplate loaded = PromptTemplate.Load(path);

            Assert.Equal(PhotoTemplate.Default.Fingerprint, loaded.Fingerprint);
            Assert.Equal(PhotoTemplate.Default.Examples.Select(e => e.Program), loaded.Examples.Select(e => e.Program));
            Assert.Equal(PhotoTemplate.Default.Examples.SelectMany(e => e.Objects), loaded.Examples.SelectMany(e => e.Objects));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string[] FindNames(string program) =>
    [
        .. SyntaxTree.Parse(program).Root.DescendantNodesAndSelf()
            .OfType<CallExpressionSyntax>()
            .Where(c => c.Function is NameExpressionSyntax { Name: "FIND" })
            .Select(c => c.Arguments.Single(a => a.Name?.Text == "object_name").Value)
            .OfType<StringLiteralExpressionSyntax>()
            .Select(l => l.Value)
            .Distinct(StringComparer.Ordinal),
    ];
}
