namespace Neptune.Programs.Prompting;

/// <summary>
/// The built-in few-shot examples, about no dataset in particular: hand-written programs for referring expressions and
/// imperative reasoning. Datasets add their own examples to a template (CLEVR's are in <c>Neptune.Clevr.Vision</c>).
/// </summary>
internal static class DefaultExamples
{
    public static IReadOnlyList<PromptExample> Create()
    {
        var list = new List<PromptExample>
        {
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
}
