using Neptune.Language.Library.Lazy;
using Neptune.Language.Runtime;
using Neptune.Logic;

namespace Neptune.Language.Library;

/// <summary>Neptune's standard library: perception, the scene's objects, and the soft-logic operations.</summary>
internal static class CoreLibrary
{
    private const string Tensor = "Tensor";
    private const string Iota = "Iota";
    private const string Count = "CountDistribution";
    private static readonly string[] DefaultVariables = ["x", "y", "z"];

    public static PrimitiveCatalogue Build()
    {
        HostTypeDescriptor[] types =
        [
            new(Tensor,
                "Probabilities in [0, 1] over named object variables: score(q, 1) has variable x, score(q, 2) has x and y, score(q, 3) has x, y and z. Operations align tensors by variable name.",
                [
                    "a & b: soft AND (the run's logic: min for Gödel); cells where two different variables name the same object are 0",
                    "a | b: soft OR (max for Gödel)",
                    "~a: soft NOT (1 - p)",
                    "a ^ b: soft XOR, (a | b) & ~(a & b)",
                    "a Tensor with no variables (after exists/forall) is true in `if` when p >= 0.5, and compares with numbers",
                ]),
            new(Iota, "The unique object satisfying a formula, kept as a distribution over the objects with a uniqueness confidence; pass it wherever an object is expected.", ["true in `if` when an object was found and is unique with p >= 0.5"]),
            new(Count, "An exact distribution over how many objects satisfy a formula (0..N).", []),
            .. ReferringLibrary.Types,
        ];

        AttributeDescriptor[] attributes =
        [
            new(Tensor, "value", ValueKind.Float, "The probability of a tensor with no variables."),
            new(Tensor, "variables", ValueKind.Any, "The variable names, as a tuple of str."),
            new(Tensor, "rank", ValueKind.Int, "The number of variables."),
            new(Iota, "object", ValueKind.ObjectOrNone, "The most likely object's index, or None when no object matches."),
            new(Iota, "uniqueness", ValueKind.Float, "The probability that exactly one object matches."),
            new(Iota, "found", ValueKind.Bool, "False when no object can match (empty scene or all scores 0)."),
            new(Iota, "variable", ValueKind.Str, "The variable the object was chosen for."),
            new(Count, "mode", ValueKind.Int, "The most likely count."),
            new(Count, "expected", ValueKind.Float, "The expected count."),
            new(Count, "cut", ValueKind.Int, "The number of objects with p >= 0.5."),
            new(Count, "n", ValueKind.Int, "The largest possible count."),
            .. ReferringLibrary.Attributes,
        ];

        ParameterDescriptor variable = new("variable", ValueKind.Str, "The variable to quantify; omit it for a tensor with one variable.")
        {
            Required = false,
            AllowsNone = true,
        };

        PrimitiveDescriptor[] primitives =
        [
            new("score",
                null,
                [
                    new ParameterDescriptor("question", ValueKind.Str, "A yes/no question about the object(s) in the red (1st), green (2nd) and blue (3rd) boxes.") { MinimumLength = 1 },
                    new ParameterDescriptor("num_objects", ValueKind.Int, "How many objects the question is about (1 to 3).") { Required = false, Default = PyInt.From(1), Minimum = 1, Maximum = 3 },
                ],
                ValueKind.Tensor,
                "Asks the vision model a yes/no question about every object (or tuple of distinct objects) and returns P(yes) as a Tensor over x (and y, z).",
                "cube = score(\"Is the object in the red box a cube?\")",
                PrimitiveCategory.Perception,
                Score) { CallsModel = true },
            new("query",
                null,
                [
                    new ParameterDescriptor("question", ValueKind.Str, "An open question about the object in the red box.") { MinimumLength = 1 },
                    new ParameterDescriptor("object", ValueKind.Object, "The object: its index or an Iota."),
                ],
                ValueKind.Str,
                "Asks the vision model an open question about one object and returns a short lower-case answer.",
                "color = query(\"What color is the object in the red box?\", sphere.iota())",
                PrimitiveCategory.Perception,
                Query) { CallsModel = true },
            new("objects",
                null,
                [],
                ValueKind.ObjectList,
                "The indices of the scene's detected objects, [0, 1, ..., N-1].",
                "for o in objects(): ...",
                PrimitiveCategory.Scene,
                Objects),

            new("everything",
                null,
                [],
                ValueKind.Tensor,
                "A Tensor over x that is 1 for every object of the scene: the set of all objects.",
                "things = everything()",
                PrimitiveCategory.Scene,
                Everything),

            new("exists", Tensor, [variable], ValueKind.Tensor,
                "There is an object for the variable (Gödel: max); without a variable, over all variables.",
                "any_red = red.exists()", PrimitiveCategory.Quantifier, Exists),
            new("forall", Tensor, [variable], ValueKind.Tensor,
                "Every object satisfies it (Gödel: min); without a variable, over all variables. Empty scene: 1.",
                "all_cubes = cube.forall()", PrimitiveCategory.Quantifier, Forall),
            new("count", Tensor, [variable], ValueKind.Int,
                "How many objects satisfy it: the number with p >= 0.5 (an int).",
                "n = (red & cube).count()", PrimitiveCategory.Quantifier, CountCut),
            new("count_distribution", Tensor, [variable], ValueKind.CountDistribution,
                "How many objects satisfy it, as an exact distribution over 0..N.",
                "d = cube.count_distribution()", PrimitiveCategory.Quantifier, CountDistributionOf),
            new("iota", Tensor, [variable], ValueKind.Iota,
                "The unique object satisfying it (\"the red cube\"), as a distribution with a uniqueness confidence.",
                "the_cube = (red & cube).iota()", PrimitiveCategory.Quantifier, IotaOf),
            new("argmax", Tensor, [variable], ValueKind.ObjectOrNone,
                "The index of the most probable object (lowest index on ties), or None in an empty scene.",
                "best = man.argmax()", PrimitiveCategory.Quantifier, Argmax),
            new("implies", Tensor,
                [new ParameterDescriptor("other", ValueKind.TensorOrNumber, "The consequent.")],
                ValueKind.Tensor,
                "Soft implication a -> b (Gödel: max(1 - a, b)).",
                "rule = cube.implies(red).forall()", PrimitiveCategory.Connective, Implies),
            new("given", Tensor,
                [
                    new ParameterDescriptor("variable", ValueKind.Str, "The variable the object fills."),
                    new ParameterDescriptor("target", ValueKind.Object, "The object: an Iota or an index."),
                ],
                ValueKind.Tensor,
                "Fills one variable with a given object: sum over y of p(y) * r(x, y) for an Iota, r(x, i) for an index.",
                "left_of_sphere = score(\"Is the object in the red box left of the object in the green box?\", 2).given(\"y\", sphere.iota())",
                PrimitiveCategory.Relation, Given),
            new("compose", Tensor,
                [
                    new ParameterDescriptor("other", ValueKind.Tensor, "The second relation."),
                    new ParameterDescriptor("variable", ValueKind.Str, "The shared variable to join on."),
                ],
                ValueKind.Tensor,
                "Joins two relations on a shared variable and quantifies it away: exists y. r(x, y) & s(y, z).",
                "path = left.compose(left.rename(\"y\", \"z\").rename(\"x\", \"y\"), \"y\")",
                PrimitiveCategory.Relation, Compose),
            new("rename", Tensor,
                [
                    new ParameterDescriptor("old", ValueKind.Str, "The variable to rename."),
                    new ParameterDescriptor("new", ValueKind.Str, "Its new name."),
                ],
                ValueKind.Tensor,
                "Renames one variable.",
                "big_y = big.rename(\"x\", \"y\")", PrimitiveCategory.Structure, Rename),
            new("on", Tensor,
                [
                    new ParameterDescriptor("first", ValueKind.Str, "New name of the first variable."),
                    new ParameterDescriptor("second", ValueKind.Str, "New name of the second variable.") { Required = false, AllowsNone = true },
                    new ParameterDescriptor("third", ValueKind.Str, "New name of the third variable.") { Required = false, AllowsNone = true },
                ],
                ValueKind.Tensor,
                "Renames the variables in order (as many names as the tensor has variables).",
                "near = score(\"Is the object in the red box near the object in the green box?\", 2).on(\"a\", \"b\")",
                PrimitiveCategory.Structure, On),
            new("prob", Tensor,
                [
                    new ParameterDescriptor("i", ValueKind.Int, "Object for the first variable.") { Required = false, AllowsNone = true },
                    new ParameterDescriptor("j", ValueKind.Int, "Object for the second variable.") { Required = false, AllowsNone = true },
                    new ParameterDescriptor("k", ValueKind.Int, "Object for the third variable.") { Required = false, AllowsNone = true },
                ],
                ValueKind.Float,
                "The probability of one cell, one object index per variable.",
                "p = cube.prob(2)", PrimitiveCategory.Structure, Prob),

            new("prob", Iota,
                [new ParameterDescriptor("object", ValueKind.Int, "An object index.")],
                ValueKind.Float,
                "The probability that the object is the referent.",
                "p = the_cube.prob(0)", PrimitiveCategory.Result, IotaProb),
            new("tensor", Iota, [], ValueKind.Tensor,
                "The referent's distribution as a Tensor over the iota's variable.",
                "t = the_cube.tensor()", PrimitiveCategory.Result, IotaTensor),

            new("prob_eq", Count, [new ParameterDescriptor("k", ValueKind.Int, "A count.")], ValueKind.Float,
                "P(count == k).", "p = d.prob_eq(2)", PrimitiveCategory.Result, (c, s, a) => CountProbability(s, a, 0)),
            new("prob_gt", Count, [new ParameterDescriptor("k", ValueKind.Int, "A count.")], ValueKind.Float,
                "P(count > k).", "p = d.prob_gt(0)", PrimitiveCategory.Result, (c, s, a) => CountProbability(s, a, 1)),
            new("prob_lt", Count, [new ParameterDescriptor("k", ValueKind.Int, "A count.")], ValueKind.Float,
                "P(count < k).", "p = d.prob_lt(3)", PrimitiveCategory.Result, (c, s, a) => CountProbability(s, a, -1)),
            .. ReferringLibrary.Primitives(),
        ];

        return new PrimitiveCatalogue(types, primitives, attributes);
    }

    private static PyObject Score(HostRunContext context, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        var perception = context.RequirePerception("score");
        string question = ((PyStr)a[0]).Value;
        int arity = (int)((PyInt)a[1]).Value;
        string[] variables = DefaultVariables[..arity];
        if (context.Lazy)
        {
            // Nothing is scored yet; an empty request checks that the perception can score the question.
            context.Call(() => perception.ScoreTuplesAsync(question, variables, ReadOnlyMemory<int>.Empty, context.CancellationToken));
            var lazy = new LazyScore(context, question, variables, perception.Objects.Count);
            context.Meter.ChargeElements(lazy.Length);
            return new PyTensor(context, lazy);
        }

        SoftTensor tensor = context.Call(() => context.Prefetched?.Take(question, arity) ?? perception.ScoreAsync(question, variables, context.CancellationToken));
        if (tensor.Rank != arity || tensor.DomainSize != perception.Objects.Count)
        {
            throw new PyException(PyErrorKind.RuntimeError,
                $"score(): perception returned a tensor over ({string.Join(", ", tensor.Variables)}) with {tensor.DomainSize} objects; expected {arity} variable(s) over {perception.Objects.Count}");
        }

        context.Meter.ChargeElements(tensor.Length);
        context.Trace?.AddScoredTuples(DistinctTuples(tensor.DomainSize, arity));
        return new PyTensor(context, tensor);
    }

    private static long DistinctTuples(int n, int k)
    {
        long tuples = 1;
        for (int i = 0; i < k; i++)
        {
            tuples *= Math.Max(0, n - i);
        }

        return tuples;
    }

    private static PyObject Query(HostRunContext context, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        var perception = context.RequirePerception("query");
        int index = PyIota.ObjectIndex(a[1], perception.Objects.Count, "query()");
        string text = ((PyStr)a[0]).Value;
        string answer = context.Call(() => perception.QueryAsync(text, index, context.CancellationToken));
        return PyStr.Create(context.Meter, answer);
    }

    private static PyObject Objects(HostRunContext context, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        var perception = context.RequirePerception("objects");
        int n = perception.Objects.Count;
        context.Meter.ChargeElements(n);
        var items = new PyObject[n];
        for (int i = 0; i < n; i++)
        {
            items[i] = PyInt.From(i);
        }

        return new PyList(items);
    }

    private static PyObject Everything(HostRunContext context, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        var perception = context.RequirePerception("everything");
        var ones = new float[perception.Objects.Count];
        Array.Fill(ones, 1f);
        return Wrap(context, SoftTensor.Vector(DefaultVariables[0], ones));
    }

    private static SoftTensor Self(PyObject? self) => ((PyTensor)self!).Tensor;

    private static string? OptionalName(PyObject value) => value is PyStr s ? s.Value : null;

    private static PyTensor Wrap(HostRunContext context, SoftTensor t)
    {
        context.Meter.ChargeElements(t.Length);
        return new PyTensor(context, t);
    }

    private static PyTensor WrapLazy(HostRunContext context, LazyTensor t)
    {
        context.Meter.ChargeElements(t.Length);
        return new PyTensor(context, t);
    }

    private static SoftTensor QuantifyAll(HostRunContext context, SoftTensor t, string? variable, bool exists)
    {
        if (variable is not null)
        {
            return exists ? context.Logic.Exists(t, variable) : context.Logic.Forall(t, variable);
        }

        while (t.Rank > 0)
        {
            string v = t.Variables[t.Rank - 1];
            t = exists ? context.Logic.Exists(t, v) : context.Logic.Forall(t, v);
        }

        return t;
    }

    private static PyObject Exists(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a) =>
        LazyVector(self, OptionalName(a[0])) is { } lazy
            ? WrapLazy(c, new LazyQuantified(lazy, exists: true))
            : Wrap(c, QuantifyAll(c, Self(self), OptionalName(a[0]), exists: true));

    private static PyObject Forall(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a) =>
        LazyVector(self, OptionalName(a[0])) is { } lazy
            ? WrapLazy(c, new LazyQuantified(lazy, exists: false))
            : Wrap(c, QuantifyAll(c, Self(self), OptionalName(a[0]), exists: false));

    /// <summary>The lazy form of a rank-1 tensor quantified over its one variable (or null: evaluate eagerly).</summary>
    private static LazyTensor? LazyVector(PyObject? self, string? variable) =>
        self is PyTensor { Lazy: { Rank: 1 } lazy } t && (variable is null || variable == lazy.Variables[0]) && ReferenceEquals(t.AsLazy(), lazy)
            ? lazy
            : null;

    private static SoftCount CountOf(HostRunContext c, SoftTensor t, string? variable) =>
        variable is null ? c.Logic.CountAll(t) : c.Logic.Count(t, variable);

    private static PyObject CountCut(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a) =>
        LazyVector(self, OptionalName(a[0])) is { } lazy
            ? PyInt.From(LazyQuantifiers.CutCount(lazy))
            : PyInt.From(CountOf(c, Self(self), OptionalName(a[0])).CutCount);

    private static PyObject CountDistributionOf(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a) =>
        new PyCountDistribution(c, CountOf(c, Self(self), OptionalName(a[0])));

    private static string SingleVariable(SoftTensor t, string? variable, string method)
    {
        if (variable is not null)
        {
            return variable;
        }

        return t.Rank switch
        {
            1 => t.Variables[0],
            0 => throw new PyException(PyErrorKind.ValueError, $"Tensor.{method}(): the tensor has no variables left to choose an object for"),
            _ => throw new PyException(PyErrorKind.ValueError,
                $"Tensor.{method}(): the tensor has variables ({string.Join(", ", t.Variables)}); name the one to choose, e.g. .{method}(\"{t.Variables[0]}\")"),
        };
    }

    private static PyObject IotaOf(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        if (LazyVector(self, OptionalName(a[0])) is { } lazy && LazyIota.Supports(c.Logic))
        {
            return new PyIota(c, new LazyIota(lazy, lazy.Variables[0]));
        }

        SoftTensor t = Self(self);
        return new PyIota(c, c.Logic.Iota(t, SingleVariable(t, OptionalName(a[0]), "iota")));
    }

    private static PyObject Argmax(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        SoftTensor t = Self(self);
        ArgmaxResult r = c.Logic.Argmax(t, SingleVariable(t, OptionalName(a[0]), "argmax"));
        return r.IsDegenerate ? PyNone.Instance : PyInt.From(r.Index);
    }

    private static PyObject Implies(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        var antecedent = (PyTensor)self!;
        if (c.Lazy && (antecedent.Lazy is not null || a[0] is PyTensor { Lazy: not null }))
        {
            LazyTensor first = antecedent.AsLazy();
            LazyTensor second = a[0] is PyTensor other ? other.AsLazy() : new LazyConstant(c, PyTensor.ToTensor(a[0])!);
            if (LazyCombine.Aligned(first, second))
            {
                var implication = new LazyCombine(LogicConnective.Implies, first, second);
                c.Meter.ChargeElements(implication.Length);
                return new PyTensor(c, implication);
            }
        }

        return Wrap(c, c.Logic.Implies(Self(self), PyTensor.ToTensor(a[0])!));
    }

    private static PyObject Given(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        string variable = ((PyStr)a[0]).Value;
        if (a[1] is PyIota target && self is PyTensor { Rank: 2 } relation && relation.VariableNames.Contains(variable)
            && (relation.Lazy is not null || target.Lazy is not null) && c.Lazy
            && relation.AsLazy() is var lazyRelation && lazyRelation.DomainSize == target.AsLazy().DomainSize)
        {
            var given = new LazyGiven(lazyRelation, variable, target.AsLazy());
            c.Meter.ChargeElements(given.Length);
            return new PyTensor(c, given);
        }

        SoftTensor t = Self(self);
        if (a[1] is PyIota iota)
        {
            return Wrap(c, c.Logic.RelateIota(iota.Result, t, variable));
        }

        int index = PyIota.ObjectIndex(a[1], t.DomainSize, "Tensor.given()");
        var oneHot = new float[t.DomainSize];
        oneHot[index] = 1f;
        return Wrap(c, c.Logic.Compose(t, SoftTensor.Vector(variable, oneHot), variable));
    }

    private static PyObject Compose(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a) =>
        Wrap(c, c.Logic.Compose(Self(self), ((PyTensor)a[0]).Tensor, ((PyStr)a[1]).Value));

    private static PyObject Rename(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        if (self is PyTensor { Lazy: { } lazy } t && ReferenceEquals(t.AsLazy(), lazy))
        {
            // Check the renaming on the variables alone (the same errors as eager), then keep the cells lazy.
            string[] names = [.. RenameVariables(lazy, ((PyStr)a[0]).Value, ((PyStr)a[1]).Value)];
            return new PyTensor(c, new LazyRenamed(lazy, names));
        }

        return new PyTensor(c, Self(self).Rename(((PyStr)a[0]).Value, ((PyStr)a[1]).Value));
    }

    private static IReadOnlyList<string> RenameVariables(LazyTensor lazy, string old, string replacement)
    {
        SoftTensor shape = SoftTensor.Create(lazy.Variables, 1, [1f]);
        return shape.Rename(old, replacement).Variables;
    }

    private static PyObject On(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        LazyTensor? lazy = self is PyTensor { Lazy: { } l } pt && ReferenceEquals(pt.AsLazy(), l) ? l : null;

        // A lazy tensor is renamed on its variables alone: a one-cell tensor of the same shape.
        SoftTensor t = lazy is null ? Self(self) : SoftTensor.Create(lazy.Variables, 1, [1f]);
        int given = 0;
        for (int i = 0; i < a.Length && a[i] is PyStr; i++)
        {
            given++;
        }

        if (given != t.Rank)
        {
            throw new PyException(PyErrorKind.ValueError,
                $"Tensor.on(): the tensor has {t.Rank} variable(s) ({string.Join(", ", t.Variables)}) but {given} name(s) were given");
        }

        // Rename through temporary names so that swaps such as on("y", "x") work.
        string[] originals = [.. t.Variables];
        for (int i = 0; i < originals.Length; i++)
        {
            t = t.Rename(originals[i], $"\u0001{i}");
        }

        for (int i = 0; i < originals.Length; i++)
        {
            t = t.Rename($"\u0001{i}", ((PyStr)a[i]).Value);
        }

        return lazy is null ? new PyTensor(c, t) : new PyTensor(c, new LazyRenamed(lazy, [.. t.Variables]));
    }

    private static PyObject Prob(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        SoftTensor t = Self(self);
        Span<int> index = stackalloc int[3];
        int given = 0;
        for (int i = 0; i < a.Length && a[i] is PyInt; i++)
        {
            index[i] = PyIota.ObjectIndex(a[i], t.DomainSize, "Tensor.prob()");
            given++;
        }

        if (given != t.Rank)
        {
            throw new PyException(PyErrorKind.ValueError,
                $"Tensor.prob(): the tensor has {t.Rank} variable(s) ({string.Join(", ", t.Variables)}) but {given} index(es) were given");
        }

        return new PyFloat(t[index[..given]]);
    }

    private static PyObject IotaProb(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        IotaResult r = ((PyIota)self!).Result;
        int index = PyIota.ObjectIndex(a[0], r.DomainSize, "Iota.prob()");
        return new PyFloat(r.Distribution[index]);
    }

    private static PyObject IotaTensor(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a) =>
        Wrap(c, ((PyIota)self!).Result.ToTensor());

    private static PyObject CountProbability(PyObject? self, ReadOnlySpan<PyObject> a, int direction)
    {
        SoftCount count = ((PyCountDistribution)self!).Count;
        long k = ((PyInt)a[0]).Value;
        int kk = (int)Math.Clamp(k, -1, (long)count.N + 1);
        double p = direction switch
        {
            0 => count.ProbabilityEqual(kk),
            > 0 => count.ProbabilityGreater(kk),
            _ => count.ProbabilityLess(kk),
        };
        return new PyFloat(p);
    }
}
