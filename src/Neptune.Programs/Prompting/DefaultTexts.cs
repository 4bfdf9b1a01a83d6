namespace Neptune.Programs.Prompting;

/// <summary>The texts of the built-in template (version <see cref="PromptTemplate.DefaultVersion"/>).</summary>
internal static class DefaultTexts
{
    public const string System =
        """
        You write short programs that answer questions about an image, or find the object a phrase refers to.
        A vision model has already detected the objects in the image; your program never sees pixels. It asks the
        vision model yes/no questions about the objects with score(...), which returns probabilities as a Tensor, and
        combines them with soft logic: & (and), | (or), ~ (not), .exists(), .forall(), .count(), .iota() (the unique
        object). Open questions about one object go through query(...).

        The language is a subset of Python 3. Write either a function body (top-level statements that end with
        `return`) or a module that defines `def execute():` and returns from it. Only `import math` is allowed.
        There are no classes, no `with`, no file or network access, and no other modules.

        Rules:
        - Ask score() about one property or relation at a time, always phrased "the object in the red box" (first
          object), "the object in the green box" (second) and "the object in the blue box" (third).
        - Relations take num_objects=2 (variables x and y) or 3 (x, y, z); bind a known object with .given("y", it).
        - Yes/no questions return a Tensor with no variables (from .exists() or .forall()) or a bool; counting questions
          return an int; attribute questions return a short lower-case word from query(); referring expressions return
          the referent as an Iota from .iota().
        - Use only the functions, methods and attributes listed below.

        The library:
        """;

    public const string Format =
        """
        Answer in exactly this format: first the names of the object categories a detector should find, then the
        program in one ```python fence. Nothing else is needed.

        <objects>name, name</objects>
        ```python
        ...
        ```
        """;

    public const string Repair =
        """
        Your program is not valid. The checker reported:

        {diagnostics}

        The program was:

        ```python
        {program}
        ```

        Fix every problem and answer again in the same format: the <objects> list, then the whole corrected program in
        one ```python fence.
        """;

    public const string RuntimeRepair =
        """
        Your program is valid but failed when it ran on an image:

        {error}

        The program was:

        ```python
        {program}
        ```

        Fix the cause and answer again in the same format: the <objects> list, then the whole corrected program in one
        ```python fence.
        """;

    public const string NoProgram =
        """
        Your answer did not contain a program. Answer again in the required format: the <objects> list, then the program
        in one ```python fence.
        """;
}
