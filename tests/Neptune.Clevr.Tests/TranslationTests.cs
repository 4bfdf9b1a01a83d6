using Neptune.Clevr.Translation;

namespace Neptune.Clevr.Tests;

public class TranslationTests
{
    private static ClevrProgramNode N(ClevrFunction f, int[] inputs, params string[] values) => new(f, inputs, values);

    [Fact]
    public void Translate_CountComparison_ScoresEachConceptOnceAndComparesCounts()
    {
        // "Are there the same number of tiny red cylinders and gray objects?"
        ClevrProgramNode[] program =
        [
            N(ClevrFunction.Scene, []),
            N(ClevrFunction.FilterSize, [0], "small"),
            N(ClevrFunction.FilterColor, [1], "red"),
            N(ClevrFunction.FilterShape, [2], "cylinder"),
            N(ClevrFunction.Count, [3]),
            N(ClevrFunction.Scene, []),
            N(ClevrFunction.FilterColor, [5], "gray"),
            N(ClevrFunction.Count, [6]),
            N(ClevrFunction.EqualInteger, [4, 7]),
        ];
        Assert.Equal(
            """
            small = score("Is the object in the red box small?")
            red = score("Is the object in the red box red?")
            cylinder = score("Is the object in the red box a cylinder?")
            gray = score("Is the object in the red box gray?")
            small_red_cylinder = small & red & cylinder
            return small_red_cylinder.count() == gray.count()

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            ClevrProgramTranslator.Translate(program));
    }

    [Fact]
    public void Translate_RelateAndQuery_FillsTheRelationWithTheReferent()
    {
        // "What color is the cube left of the sphere?"
        ClevrProgramNode[] program =
        [
            N(ClevrFunction.Scene, []),
            N(ClevrFunction.FilterShape, [0], "sphere"),
            N(ClevrFunction.Unique, [1]),
            N(ClevrFunction.Relate, [2], "left"),
            N(ClevrFunction.FilterShape, [3], "cube"),
            N(ClevrFunction.Unique, [4]),
            N(ClevrFunction.QueryColor, [5]),
        ];
        Assert.Equal(
            """
            sphere = score("Is the object in the red box a sphere?")
            left_of = score("Is the object in the red box left of the object in the green box?", 2)
            cube = score("Is the object in the red box a cube?")
            the_sphere = sphere.iota()
            left_of_sphere = left_of.given("y", the_sphere)
            cube_left_of_sphere = left_of_sphere & cube
            the_cube_left_of_sphere = cube_left_of_sphere.iota()
            return query("What color is the object in the red box?", the_cube_left_of_sphere)

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            ClevrProgramTranslator.Translate(program));
    }

    [Fact]
    public void Translate_RepeatedSubprogram_ReusesTheVariable()
    {
        ClevrProgramNode[] program =
        [
            N(ClevrFunction.Scene, []),
            N(ClevrFunction.FilterColor, [0], "green"),
            N(ClevrFunction.Unique, [1]),
            N(ClevrFunction.Relate, [2], "behind"),
            N(ClevrFunction.Scene, []),
            N(ClevrFunction.FilterColor, [4], "green"),
            N(ClevrFunction.Unique, [5]),
            N(ClevrFunction.Relate, [6], "front"),
            N(ClevrFunction.Intersect, [3, 7]),
            N(ClevrFunction.Count, [8]),
        ];
        string text = ClevrProgramTranslator.Translate(program);
        Assert.Single(text.Split('\n'), l => l.EndsWith(".iota()", StringComparison.Ordinal));
        Assert.Contains("behind_green & in_front_of_green", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_EveryDevQuestion_ProducesOneReturnAndCoversEveryFunction()
    {
        var seen = new HashSet<ClevrFunction>();
        int count = 0;
        foreach (ClevrQuestion q in ClevrQuestionReader.Read(TestData.QuestionsPath))
        {
            string text = ClevrProgramTranslator.Translate(q.Program);
            Assert.Equal(1, text.Split('\n').Count(l => l.StartsWith("return ", StringComparison.Ordinal)));
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            foreach (ClevrProgramNode n in q.Program)
            {
                seen.Add(n.Function);
            }

            count++;
        }

        Assert.Equal(10_000, count);
        Assert.Equal(26, seen.Count);
    }

    [Fact]
    public void Translate_Malformed_IsATypedErrorNamingTheNode()
    {
        Assert.Throws<ClevrTranslationException>(() => ClevrProgramTranslator.Translate([]));
        var forward = Assert.Throws<ClevrTranslationException>(() => ClevrProgramTranslator.Translate(
            [N(ClevrFunction.Scene, []), N(ClevrFunction.Count, [2]), N(ClevrFunction.Scene, [])]));
        Assert.Contains("node 1 (count)", forward.Message, StringComparison.Ordinal);
        var value = Assert.Throws<ClevrTranslationException>(() => ClevrProgramTranslator.Translate(
            [N(ClevrFunction.Scene, []), N(ClevrFunction.FilterColor, [0], "cube"), N(ClevrFunction.Count, [1])]));
        Assert.Contains("'cube' is not a CLEVR color", value.Message, StringComparison.Ordinal);
        var relation = Assert.Throws<ClevrTranslationException>(() => ClevrProgramTranslator.Translate(
            [N(ClevrFunction.Scene, []), N(ClevrFunction.Unique, [0]), N(ClevrFunction.Relate, [1], "above"), N(ClevrFunction.Count, [2])]));
        Assert.Contains("unknown relation 'above'", relation.Message, StringComparison.Ordinal);
    }
}
