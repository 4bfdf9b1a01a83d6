namespace Neptune.Language.Library.Tests;

public class LanguageDocumentTests
{
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Neptune.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Neptune.slnx) not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void LanguageDoc_GeneratedSections_MatchTheCatalogue()
    {
        string path = Path.Combine(RepoRoot(), "docs", "LANGUAGE.md");
        string doc = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        string expected = LanguageDocument.Update(doc, PrimitiveCatalogue.Default);
        Assert.True(expected == doc, "docs/LANGUAGE.md is stale: run `./neptune docs` to regenerate its generated sections.");
    }

    [Fact]
    public void Update_MissingMarkers_IsAFormatError()
    {
        var e = Assert.Throws<FormatException>(() => LanguageDocument.Update("# nothing here\n", PrimitiveCatalogue.Default));
        Assert.Contains("generated:library", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_RewritesOnlyBetweenMarkers()
    {
        string doc = "intro\n<!-- generated:library -->\nold\n<!-- /generated:library -->\nmiddle\n"
            + "<!-- generated:builtins -->\n<!-- /generated:builtins -->\n<!-- generated:limits -->\nx\n<!-- /generated:limits -->\nend\n";
        string updated = LanguageDocument.Update(doc, PrimitiveCatalogue.Default);
        Assert.StartsWith("intro\n<!-- generated:library -->\n### Functions", updated, StringComparison.Ordinal);
        Assert.Contains("\nmiddle\n", updated, StringComparison.Ordinal);
        Assert.EndsWith("<!-- /generated:limits -->\nend\n", updated, StringComparison.Ordinal);
        Assert.DoesNotContain("\nold\n", updated, StringComparison.Ordinal);
        Assert.Equal(updated, LanguageDocument.Update(updated, PrimitiveCatalogue.Default));
    }
}
