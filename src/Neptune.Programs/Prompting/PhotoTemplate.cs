using Neptune.Language.Library;

namespace Neptune.Programs.Prompting;

/// <summary>
/// The built-in template for referring expressions over photos (version <see cref="Version"/>): VIRO's verified
/// operators over an open-vocabulary detector — categories named in the expression's words, attributes, relations, and
/// abstention when nothing in the photo matches. The operator list of its system text is generated from the catalogue
/// the programs are validated against, and so is the API reference the prompt builder adds; the repair texts are those
/// of <see cref="PromptTemplate.Default"/>.
/// </summary>
public static class PhotoTemplate
{
    /// <summary>The template's name and version.</summary>
    public const string Version = "neptune-photos/1";

    /// <summary>The template for a catalogue: its system text names the catalogue's referring operators.</summary>
    /// <param name="catalogue">The catalogue the programs are validated against.</param>
    /// <returns>The template.</returns>
    /// <exception cref="ArgumentException">The catalogue has no referring operators.</exception>
    public static PromptTemplate Create(PrimitiveCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        string[] operators = [.. catalogue.Primitives.Where(p => p.Owner is null && p.Category == PrimitiveCategory.Referring).Select(p => p.Name)];
        if (operators.Length == 0)
        {
            throw new ArgumentException("the catalogue has no referring operators (FIND, PROPERTY, …, RESULT)", nameof(catalogue));
        }

        return PromptTemplate.Default with
        {
            Version = Version,
            SystemText = System.Replace("{operators}", string.Join(", ", operators), StringComparison.Ordinal),
            FormatText = Format,
            Examples = Examples,
        };
    }

    private const string System =
        """
        You write short programs that find the object or objects a referring expression describes in a photograph.
        An open-vocabulary detector finds the objects your program names, and a verifier checks every candidate; your
        program never sees pixels. Write the program as a chain of operators, one per line, each assigning its result to
        an UPPER_CASE variable: the operators are {operators}. Each operator takes a set of candidates, keeps those that
        pass, and ends the run with "no target" when none passes, so a program never has to check for an empty set.

        How to write the chain:
        - Start with FIND(object_name=...) for every kind of object the expression mentions, in the expression's own words
          ("man", "zebra", "teddy bear", "glass of wine"); use "object" only when the expression names no kind.
        - Attributes (colour, clothing, material, pose, state: "red", "wearing a hat", "wooden", "sitting", "empty") go
          through PROPERTY, one attribute per call.
        - Relations to another object (left of, above, near, inside, in front of) use the reference object's own FIND and
          FIND_DIRECTION, FIND_NEAR, FIND_INSIDE or RELATIVE_DEPTH; positions in the whole photo ("on the left", "in the
          middle") use LOCATE; "second from the right" uses ORDER; "big", "small" use SIZE; "closest", "farthest" use
          ABSOLUTE_DEPTH.
        - Never invent a match: when the photo may hold no such object, the operators' verification abstains, and a
          condition the operators cannot express (exactly one, none of them) returns no_target("why").
        - End with FINAL_RESULT = RESULT(object=VAR). The language is a subset of Python 3: top-level statements, only
          `import math`, no classes, no files, no network. Use only the functions listed below.

        The library:
        """;

    private const string Format =
        """
        Answer in exactly this format: first the names of the object categories the detector should find (the FIND
        names), then the program in one ```python fence. Nothing else is needed.

        <objects>name, name</objects>
        ```python
        ...
        ```
        """;

    /// <summary>
    /// The few-shot examples: categories in the expression's words, attributes, relations to other objects, positions,
    /// order, size and depth, several referents, and no target.
    /// </summary>
    public static IReadOnlyList<PromptExample> Examples { get; } =
    [
        new(
            "the man in a blue shirt holding an umbrella",
            ["man"],
            """
            MEN = FIND(object_name="man")
            BLUE_SHIRT = PROPERTY(object=MEN, value="wearing a blue shirt")
            HOLDING = PROPERTY(object=BLUE_SHIRT, value="holding an umbrella")
            FINAL_RESULT = RESULT(object=HOLDING)

            """),
        new(
            "dog lying to the left of the red bicycle",
            ["dog", "bicycle"],
            """
            DOGS = FIND(object_name="dog")
            LYING = PROPERTY(object=DOGS, value="lying down")
            BICYCLES = FIND(object_name="bicycle")
            RED_BICYCLES = PROPERTY(object=BICYCLES, value="red")
            LEFT = FIND_DIRECTION(object=LYING, reference_object=RED_BICYCLES, criteria="left")
            FINAL_RESULT = RESULT(object=LEFT)

            """),
        new(
            "second glass of wine from the right",
            ["glass of wine"],
            """
            GLASSES = FIND(object_name="glass of wine")
            SECOND = ORDER(object=GLASSES, criteria="right", rank=2)
            FINAL_RESULT = RESULT(object=SECOND)

            """),
        new(
            "the bigger elephant in front of the tree",
            ["elephant", "tree"],
            """
            ELEPHANTS = FIND(object_name="elephant")
            TREES = FIND(object_name="tree")
            IN_FRONT = RELATIVE_DEPTH(object=ELEPHANTS, reference_object=TREES, criteria="front")
            BIG = SIZE(object=IN_FRONT, criteria="big")
            FINAL_RESULT = RESULT(object=BIG)

            """),
        new(
            "cat sleeping in the open suitcase",
            ["cat", "suitcase"],
            """
            CATS = FIND(object_name="cat")
            SLEEPING = PROPERTY(object=CATS, value="sleeping")
            SUITCASES = FIND(object_name="suitcase")
            OPEN = PROPERTY(object=SUITCASES, value="open")
            INSIDE = FIND_INSIDE(object=SLEEPING, reference_object=OPEN)
            FINAL_RESULT = RESULT(object=INSIDE)

            """),
        new(
            "person closest to the camera on the left",
            ["person"],
            """
            PEOPLE = FIND(object_name="person")
            ON_LEFT = LOCATE(object=PEOPLE, position="left")
            CLOSEST = ABSOLUTE_DEPTH(object=ON_LEFT, criteria="front")
            FINAL_RESULT = RESULT(object=CLOSEST)

            """),
        new(
            "all the zebras near the fence",
            ["zebra", "fence"],
            """
            ZEBRAS = FIND(object_name="zebra")
            FENCES = FIND(object_name="fence")
            NEAR = FIND_NEAR(object=ZEBRAS, reference_object=FENCES)
            FINAL_RESULT = RESULT(object=NEAR)

            """),
        new(
            "the only purple car",
            ["car"],
            """
            CARS = FIND(object_name="car")
            PURPLE = PROPERTY(object=CARS, value="purple")
            # PROPERTY abstains when no car is purple; "the only" also means no target when several are.
            if PURPLE.count() > 1:
                return no_target("more than one purple car")
            FINAL_RESULT = RESULT(object=PURPLE)

            """),
    ];

    /// <summary>The template built from the default catalogue (<see cref="PrimitiveCatalogue.Default"/>); declared after <see cref="Examples"/>, which it uses.</summary>
    public static PromptTemplate Default { get; } = Create(PrimitiveCatalogue.Default);
}
