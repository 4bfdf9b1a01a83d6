using Neptune.Clevr;
using Neptune.Clevr.Translation;

namespace Neptune.Programs.Prompting;

/// <summary>
/// The default few-shot examples: CLEVR questions whose official functional programs are translated by
/// <see cref="ClevrProgramTranslator"/> (so they always match the translator's idiom), plus hand-written programs for
/// referring expressions and imperative reasoning.
/// </summary>
internal static class DefaultExamples
{
    public static IReadOnlyList<PromptExample> Create()
    {
        var list = new List<PromptExample>
        {
            Clevr(
                "Are there the same number of tiny red cylinders and gray objects?",
                ["cylinder", "object"],
                N(ClevrFunction.Scene), N(ClevrFunction.FilterSize, [0], "small"), N(ClevrFunction.FilterColor, [1], "red"),
                N(ClevrFunction.FilterShape, [2], "cylinder"), N(ClevrFunction.Count, [3]), N(ClevrFunction.Scene),
                N(ClevrFunction.FilterColor, [5], "gray"), N(ClevrFunction.Count, [6]), N(ClevrFunction.EqualInteger, [4, 7])),
            Clevr(
                "What color is the cube to the left of the sphere?",
                ["cube", "sphere"],
                N(ClevrFunction.Scene), N(ClevrFunction.FilterShape, [0], "sphere"), N(ClevrFunction.Unique, [1]),
                N(ClevrFunction.Relate, [2], "left"), N(ClevrFunction.FilterShape, [3], "cube"), N(ClevrFunction.Unique, [4]),
                N(ClevrFunction.QueryColor, [5])),
            Clevr(
                "Is there a large metal thing that is behind the green cylinder?",
                ["object", "cylinder"],
                N(ClevrFunction.Scene), N(ClevrFunction.FilterColor, [0], "green"), N(ClevrFunction.FilterShape, [1], "cylinder"),
                N(ClevrFunction.Unique, [2]), N(ClevrFunction.Relate, [3], "behind"), N(ClevrFunction.FilterSize, [4], "large"),
                N(ClevrFunction.FilterMaterial, [5], "metal"), N(ClevrFunction.Exist, [6])),
            new(
                "the woman in a red coat to the left of the dog",
                ["woman", "dog"],
                """
                woman = score("Is the object in the red box a woman?")
                red_coat = score("Is the object in the red box wearing a red coat?")
                dog = score("Is the object in the red box a dog?")
                left_of = score("Is the object in the red box left of the object in the green box?", 2)
                the_dog = dog.iota()
                target = woman & red_coat & left_of.given("y", the_dog)
                return target.iota()

                """),
            new(
                "the cup closest to the laptop",
                ["cup", "laptop"],
                """
                cup = score("Is the object in the red box a cup?")
                the_laptop = score("Is the object in the red box a laptop?").iota()
                closer = score("Is the object in the red box closer to the object in the blue box than the object in the green box is?", 3).given("z", the_laptop)
                # The closest cup is a cup that no other cup is closer than.
                beaten = (closer & cup.rename("x", "y")).exists("y")
                return (cup & ~beaten).iota()

                """),
            new(
                "What color is the leftmost cylinder?",
                ["cylinder"],
                """
                def execute():
                    cylinder = score("Is the object in the red box a cylinder?")
                    candidates = [o for o in objects() if cylinder.prob(o) >= 0.5]
                    if not candidates:
                        return "none"
                    left_of = score("Is the object in the red box left of the object in the green box?", 2)
                    best = candidates[0]
                    for o in candidates[1:]:
                        if left_of.prob(o, best) >= 0.5:
                            best = o
                    return query("What color is the object in the red box?", best)

                """),
            new(
                "How many more cubes than spheres are there?",
                ["cube", "sphere"],
                """
                cubes = score("Is the object in the red box a cube?").count()
                spheres = score("Is the object in the red box a sphere?").count()
                return max(cubes - spheres, 0)

                """),
        };
        return list;
    }

    private static PromptExample Clevr(string question, string[] objects, params ClevrProgramNode[] program) =>
        new(question, objects, ClevrProgramTranslator.Translate(program));

    private static ClevrProgramNode N(ClevrFunction function, int[]? inputs = null, params string[] values) =>
        new(function, inputs ?? [], values);
}
