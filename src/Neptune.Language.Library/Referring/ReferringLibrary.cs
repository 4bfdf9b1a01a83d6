using Neptune.Language.Runtime;
using Neptune.Logic;
using Neptune.Perception;

namespace Neptune.Language.Library;

/// <summary>
/// The referring-expression part of the library: geometry computed from the detected boxes (no model call), the
/// explicit "no target" value, and VIRO's verified operators (FIND, PROPERTY, LOCATE, ORDER, SIZE, ABSOLUTE_DEPTH,
/// FIND_DIRECTION, FIND_NEAR, FIND_INSIDE, RELATIVE_DEPTH, RESULT). Operators take and return soft sets (Tensors over
/// one variable); a set's members are the objects with p ≥ the run's threshold. Each operator acts, then verifies,
/// and keeps a candidate's membership value when it passes; when nothing passes it ends the run with NoTarget.
/// </summary>
internal static class ReferringLibrary
{
    private const string NoTarget = "NoTarget";
    private static readonly string[] Pair = ["x", "y"];
    private static readonly string[] Directions = ["left", "right", "top", "bottom"];
    private static readonly string[] OrderCriteria = ["left", "right", "top", "bottom", "front", "behind"];
    private static readonly string[] DepthCriteria = ["front", "behind"];
    private static readonly string[] SizeCriteria = ["big", "small"];

    private static readonly HashSet<string> GenericNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "object", "objects", "object(s)", "thing", "things", "thing(s)", "item", "items", "everything", "anything",
    };

    public static HostTypeDescriptor[] Types { get; } =
    [
        new(NoTarget, "The explicit result \"no object in this image matches\"; operators end the run with it when their verification leaves nothing. Return it with no_target().", ["false in `if`"]),
    ];

    public static AttributeDescriptor[] Attributes { get; } =
    [
        new(NoTarget, "operator", ValueKind.Any, "The operator that abstained (a str), or None when the program returned no_target() itself."),
        new(NoTarget, "reason", ValueKind.Str, "Why there is no target."),
    ];

    private static ParameterDescriptor Object(string summary) => new("object", ValueKind.Object, summary);

    private static ParameterDescriptor Set(string name, string summary) => new(name, ValueKind.ObjectSet, summary);

    private static ParameterDescriptor Choice(string name, string[] values, string summary) =>
        new(name, ValueKind.Str, summary) { AllowedValues = values };

    public static PrimitiveDescriptor[] Primitives() =>
    [
        // ---------------------------------------------------------------- geometry
        new("box_of", null, [Object("The object: its index or an Iota.")], ValueKind.NumberTuple,
            "The object's detected box (left, top, right, bottom) in image pixels.",
            "l, t, r, b = box_of(the_cube)", PrimitiveCategory.Geometry, Box),
        new("center_of", null, [Object("The object: its index or an Iota.")], ValueKind.NumberTuple,
            "The object's centre (x, y) in image pixels (the box centre, or the scene's projected centre where it has one).",
            "x, y = center_of(the_cube)", PrimitiveCategory.Geometry, Center),
        new("area_of", null, [Object("The object: its index or an Iota.")], ValueKind.Float,
            "The area of the object's box in square pixels.",
            "a = area_of(0)", PrimitiveCategory.Geometry, Area),
        new("depth_of", null, [Object("The object: its index or an Iota.")], ValueKind.Float,
            "The object's distance from the camera (the scene's depth source; without one, the height of the box's bottom edge above the image bottom). Smaller is nearer.",
            "d = depth_of(the_cube)", PrimitiveCategory.Geometry, Depth),
        Relation("is_left_of", SpatialRelation.Left, "x is left of y: σ((cx_y − cx_x) / τ) by box centres, τ = max(1, 0.1 · mean box width)."),
        Relation("is_right_of", SpatialRelation.Right, "x is right of y: σ((cx_x − cx_y) / τ) by box centres."),
        Relation("is_above", SpatialRelation.Above, "x is above y: σ((cy_y − cy_x) / τ) by box centres, τ from the box heights."),
        Relation("is_below", SpatialRelation.Below, "x is below y: σ((cy_x − cy_y) / τ) by box centres."),
        Relation("is_in_front_of", SpatialRelation.Front, "x is in front of y (nearer the camera): σ((d_y − d_x) / τ) by depth, τ = 0.05 · max(|d_x|, |d_y|, 1)."),
        Relation("is_behind", SpatialRelation.Behind, "x is behind y: σ((d_x − d_y) / τ) by depth."),
        new("is_near", null, [], ValueKind.Tensor,
            "x is near y: σ((D − g) / (0.25 · D)), g the gap between the boxes (0 when they touch), D the larger side of the two boxes. A Tensor over (x, y).",
            "close = is_near().given(\"y\", the_cube)", PrimitiveCategory.Geometry, (c, s, a) => PairTensor(c, "is_near", (g, i, j) => g.Near(i, j))),
        new("is_inside", null, [], ValueKind.Tensor,
            "x is inside y: area(box_x ∩ box_y) / area(box_x), the intersection over the inner box. A Tensor over (x, y).",
            "within = is_inside().given(\"y\", the_box)", PrimitiveCategory.Geometry, (c, s, a) => PairTensor(c, "is_inside", (g, i, j) => g.Inside(i, j))),
        new("nth_from", null,
            [
                Set("objects", "The candidates (members: p ≥ the run's threshold)."),
                Choice("criteria", OrderCriteria, "The side to count from: left/right by centre x, top/bottom by centre y, front/behind by depth."),
                new ParameterDescriptor("rank", ValueKind.Int, "Which one, counting from 1 at that side.") { Minimum = 1 },
            ],
            ValueKind.Tensor,
            "The rank-th member counted from a side (\"the second one from the left\"), as a one-object Tensor; all 0 when there are fewer members. Ties keep object order.",
            "second = nth_from(sphere, \"left\", 2)", PrimitiveCategory.Geometry, Ordinal),
        new("size_rank", null,
            [
                Set("objects", "The candidates."),
                Choice("criteria", SizeCriteria, "'big' counts from the largest box area, 'small' from the smallest."),
                new ParameterDescriptor("rank", ValueKind.Int, "Which one, counting from 1.") { Required = false, Default = PyInt.From(1), Minimum = 1 },
            ],
            ValueKind.Tensor,
            "The rank-th largest (or smallest) member by box area, as a one-object Tensor; all 0 when there are fewer members.",
            "biggest = size_rank(cube, \"big\")", PrimitiveCategory.Geometry, SizeRank),
        new("located_at", null,
            [
                Set("objects", "The candidates."),
                new ParameterDescriptor("position", ValueKind.Str, $"An absolute position: {AbsolutePosition.Help}.") { MinimumLength = 1 },
            ],
            ValueKind.Tensor,
            "The members at an absolute position of the image: left/right/middle = centre x in the left/right/middle third, top/bottom = centre y in the top/bottom third; leftmost, uppermost, outmost right = the extreme member(s).",
            "on_left = located_at(cube, \"left\")", PrimitiveCategory.Geometry, Location),
        new("no_target", null,
            [new ParameterDescriptor("reason", ValueKind.Str, "Why nothing matches.") { Required = false, Default = PyStr.From(string.Empty) }],
            ValueKind.NoTarget,
            "The explicit \"no target\" result: return it when no object in the image matches the expression.",
            "if not cube.exists(): return no_target(\"no cube\")", PrimitiveCategory.Geometry, (c, s, a) => new PyNoTarget(c, null, ((PyStr)a[0]).Value, c.CurrentLine)),

        // ---------------------------------------------------------------- VIRO's operators
        new("FIND", null,
            [new ParameterDescriptor("object_name", ValueKind.Str, "A noun phrase: the kind of object ('cube', 'man'); 'object' or 'thing' for every detection.") { MinimumLength = 1 }],
            ValueKind.Tensor,
            "All detected objects of a kind: detections with confidence ≥ the detector threshold that the verifier accepts as object_name (S ≥ δ_label). No target when none is accepted.",
            "cubes = FIND(object_name=\"cube\")", PrimitiveCategory.Referring, Find) { CallsModel = true },
        new("PROPERTY", null,
            [
                Set("object", "The candidates."),
                new ParameterDescriptor("value", ValueKind.Str, "An attribute: color, material, size, pattern, state ('red', 'metal', 'standing').") { MinimumLength = 1 },
            ],
            ValueKind.Tensor,
            "The candidates with an attribute: w · S(value) + (1 − w) · detector confidence ≥ δ_value. No target when none has it.",
            "red_cubes = PROPERTY(object=cubes, value=\"red\")", PrimitiveCategory.Referring, Property) { CallsModel = true },
        new("LOCATE", null,
            [
                Set("object", "The candidates."),
                new ParameterDescriptor("position", ValueKind.Str, $"An absolute position: {AbsolutePosition.Help}.") { MinimumLength = 1 },
            ],
            ValueKind.Tensor,
            "The candidates at an absolute position of the image, independent of other objects (as located_at()). No target when none is there.",
            "left_cubes = LOCATE(object=cubes, position=\"left\")", PrimitiveCategory.Referring, Locate),
        new("ORDER", null,
            [
                Set("object", "The candidates."),
                Choice("criteria", OrderCriteria, "The side to count from."),
                new ParameterDescriptor("rank", ValueKind.Int, "Which one, counting from 1 at that side.") { Minimum = 1 },
            ],
            ValueKind.Tensor,
            "The candidate at a rank when sorted by one criterion (as nth_from()). No target when there are fewer candidates.",
            "second = ORDER(object=spheres, criteria=\"left\", rank=2)", PrimitiveCategory.Referring, Order),
        new("SIZE", null,
            [Set("object", "The candidates."), Choice("criteria", SizeCriteria, "'big' or 'small'.")],
            ValueKind.Tensor,
            "The candidates filtered by relative size: 'big' keeps box areas ≥ the midpoint of the smallest and largest area, 'small' those ≤ it.",
            "big_cubes = SIZE(object=cubes, criteria=\"big\")", PrimitiveCategory.Referring, Size),
        new("ABSOLUTE_DEPTH", null,
            [Set("object", "The candidates."), Choice("criteria", DepthCriteria, "'front' (nearest) or 'behind' (farthest).")],
            ValueKind.Tensor,
            "The candidate nearest to (front) or farthest from (behind) the camera, by the depth source.",
            "nearest = ABSOLUTE_DEPTH(object=cubes, criteria=\"front\")", PrimitiveCategory.Referring, AbsoluteDepth),
        new("FIND_DIRECTION", null,
            [
                Set("object", "The candidates."),
                Set("reference_object", "The reference objects."),
                Choice("criteria", Directions, "The direction from a reference."),
            ],
            ValueKind.Tensor,
            "The candidates that are in the direction of at least one distinct reference (p ≥ 0.5 by the scene's relations where it has them, else by box centres). No target when none is.",
            "left_of = FIND_DIRECTION(object=cubes, reference_object=spheres, criteria=\"left\")", PrimitiveCategory.Referring,
            (c, s, a) => RelationOperator(c, "FIND_DIRECTION", a, DirectionOf(((PyStr)a[2]).Value))),
        new("FIND_NEAR", null,
            [Set("object", "The candidates."), Set("reference_object", "The reference objects.")],
            ValueKind.Tensor,
            "The candidates near at least one distinct reference (is_near() ≥ 0.5). No target when none is.",
            "close = FIND_NEAR(object=cubes, reference_object=spheres)", PrimitiveCategory.Referring,
            (c, s, a) => PairOperator(c, "FIND_NEAR", a, "near", (g, i, j) => g.Near(i, j) >= 0.5f)),
        new("FIND_INSIDE", null,
            [Set("object", "The candidates."), Set("reference_object", "The reference objects.")],
            ValueKind.Tensor,
            "The candidates inside at least one distinct reference: is_inside() ≥ 0.5; pairs whose boxes do not intersect are rejected. No target when none is.",
            "within = FIND_INSIDE(object=cups, reference_object=boxes)", PrimitiveCategory.Referring,
            (c, s, a) => PairOperator(c, "FIND_INSIDE", a, "inside", (g, i, j) => g.Inside(i, j) is > 0f and >= 0.5f)),
        new("RELATIVE_DEPTH", null,
            [
                Set("object", "The candidates."),
                Set("reference_object", "The reference objects."),
                Choice("criteria", DepthCriteria, "'front' (nearer than a reference) or 'behind'."),
            ],
            ValueKind.Tensor,
            "The candidates in front of (or behind) at least one distinct reference (the scene's relations where it has them, else depth). No target when none is.",
            "in_front = RELATIVE_DEPTH(object=cubes, reference_object=spheres, criteria=\"front\")", PrimitiveCategory.Referring,
            (c, s, a) => RelationOperator(c, "RELATIVE_DEPTH", a, ((PyStr)a[2]).Value.Trim().Equals("front", StringComparison.OrdinalIgnoreCase) ? SpatialRelation.Front : SpatialRelation.Behind)),
        new("RESULT", null,
            [Set("object", "The final set.")],
            ValueKind.Tensor,
            "Ends the run with the final set as the referents; no target when it is empty. Write it last: FINAL_RESULT = RESULT(object=VAR).",
            "FINAL_RESULT = RESULT(object=red_cubes)", PrimitiveCategory.Referring, Result) { EndsRun = true },
    ];

    // ---------------------------------------------------------------- helpers

    private static PrimitiveDescriptor Relation(string name, SpatialRelation relation, string summary) =>
        new(name, null, [], ValueKind.Tensor, summary + " A Tensor over (x, y); 0 where x = y.",
            $"r = {name}().given(\"y\", the_cube)", PrimitiveCategory.Geometry,
            (c, s, a) => PairTensor(c, name, (g, i, j) => g.BoxRelation(relation, i, j)));

    private static BoxGeometry Geometry(HostRunContext c, string what) => BoxGeometry.Of(c.RequirePerception(what));

    private static PyTensor Wrap(HostRunContext c, SoftTensor t)
    {
        c.Meter.ChargeElements(t.Length);
        return new PyTensor(c, t);
    }

    private static PyObject PairTensor(HostRunContext c, string what, Func<BoxGeometry, int, int, float> cell)
    {
        BoxGeometry g = Geometry(c, what);
        int n = g.Count;
        c.Meter.ChargeElements((long)n * n);
        var values = new float[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                values[(i * n) + j] = i == j ? 0f : Math.Clamp(cell(g, i, j), 0f, 1f);
            }
        }

        return new PyTensor(c, SoftTensor.Create(Pair, n, values));
    }

    private static int ObjectOf(HostRunContext c, PyObject value, string what) =>
        PyIota.ObjectIndex(value, c.RequirePerception(what).Objects.Count, $"{what}()");

    private static PyObject Box(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        BoundingBox b = c.RequirePerception("box_of").Objects[ObjectOf(c, a[0], "box_of")].Box;
        return new PyTuple([new PyFloat(b.Left), new PyFloat(b.Top), new PyFloat(b.Right), new PyFloat(b.Bottom)]);
    }

    private static PyObject Center(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        ObjectPlacement p = Geometry(c, "center_of").PlacementOf(ObjectOf(c, a[0], "center_of"));
        return new PyTuple([new PyFloat(p.X), new PyFloat(p.Y)]);
    }

    private static PyObject Area(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a) =>
        new PyFloat(c.RequirePerception("area_of").Objects[ObjectOf(c, a[0], "area_of")].Box.Area);

    private static PyObject Depth(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a) =>
        new PyFloat(Geometry(c, "depth_of").PlacementOf(ObjectOf(c, a[0], "depth_of")).Depth);

    /// <summary>The soft set an argument denotes: a Tensor over one variable, or an Iota's distribution.</summary>
    internal static SoftTensor SetOf(HostRunContext c, PyObject value, string what)
    {
        SoftTensor t = value switch
        {
            PyTensor p => p.Tensor,
            PyIota i => i.Result.ToTensor(),
            _ => throw new PyException(PyErrorKind.TypeError, $"{what}(): expected a set of objects (a Tensor or an Iota), not {value.TypeName}"),
        };
        if (t.Rank != 1)
        {
            throw new PyException(PyErrorKind.ValueError,
                $"{what}(): a set of objects is a Tensor over one variable, but this one is over ({string.Join(", ", t.Variables)}); quantify or fill the other variables first");
        }

        int n = c.RequirePerception(what).Objects.Count;
        if (t.DomainSize != n)
        {
            throw new PyException(PyErrorKind.ValueError, $"{what}(): the set ranges over {t.DomainSize} objects, but the scene has {n}");
        }

        return t;
    }

    /// <summary>The members of a soft set: objects with p ≥ the run's threshold, ascending.</summary>
    internal static List<int> Members(HostRunContext c, SoftTensor set)
    {
        float cut = c.Logic.Options.CrispThreshold;
        var members = new List<int>();
        ReadOnlySpan<float> v = set.Values;
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] >= cut)
            {
                members.Add(i);
            }
        }

        return members;
    }

    private static PyTensor Keep(HostRunContext c, SoftTensor set, IEnumerable<int> kept)
    {
        var values = new float[set.DomainSize];
        foreach (int i in kept)
        {
            values[i] = set.Values[i];
        }

        return Wrap(c, SoftTensor.Vector(set.Variables[0], values));
    }

    private static ProgramExitException Abstain(HostRunContext c, string op, string reason)
    {
        c.Trace?.RecordAbstention(new TraceAbstention(op, reason, c.CurrentLine));
        return new ProgramExitException(new PyNoTarget(c, op, reason, c.CurrentLine), $"{op} abstained: {reason}");
    }

    private static List<int> RequireMembers(HostRunContext c, SoftTensor set, string op, string what)
    {
        List<int> members = Members(c, set);
        if (members.Count == 0)
        {
            throw Abstain(c, op, $"{what} is empty");
        }

        return members;
    }

    private static string Number(float value) => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- operators

    private static PyObject Find(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        IScenePerception p = c.RequirePerception("FIND");
        string label = ((PyStr)a[0]).Value.Trim();
        VerificationSettings settings = c.Referring.Settings;
        var candidates = new List<int>();
        foreach (DetectedObject o in p.Objects)
        {
            if (o.Confidence >= settings.DetectorThreshold)
            {
                candidates.Add(o.Index);
            }
        }

        if (candidates.Count == 0)
        {
            throw Abstain(c, "FIND", $"the detector proposed no object with confidence >= {Number(settings.DetectorThreshold)}");
        }

        var values = new float[p.Objects.Count];
        if (GenericNouns.Contains(label))
        {
            foreach (int i in candidates)
            {
                values[i] = 1f;
            }

            return Wrap(c, SoftTensor.Vector("x", values));
        }

        float[] scores = c.Call(() => c.Referring.Verifier.VerifyAsync(p, label, VerificationKind.ObjectName, candidates, c.CancellationToken));
        float delta = settings.ThresholdFor(label);
        bool any = false;
        float best = 0f;
        for (int k = 0; k < candidates.Count; k++)
        {
            best = MathF.Max(best, scores[k]);
            if (scores[k] >= delta)
            {
                values[candidates[k]] = 1f;
                any = true;
            }
        }

        if (!any)
        {
            throw Abstain(c, "FIND", $"no detection verified as '{label}' (best S = {Number(best)} < δ = {Number(delta)})");
        }

        return Wrap(c, SoftTensor.Vector("x", values));
    }

    private static PyObject Property(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        IScenePerception p = c.RequirePerception("PROPERTY");
        SoftTensor set = SetOf(c, a[0], "PROPERTY");
        string value = ((PyStr)a[1]).Value.Trim();
        List<int> members = RequireMembers(c, set, "PROPERTY", "the input set");
        VerificationSettings settings = c.Referring.Settings;
        float[] scores = c.Call(() => c.Referring.Verifier.VerifyAsync(p, value, VerificationKind.Property, members, c.CancellationToken));
        float delta = settings.ThresholdFor(value);
        float w = settings.PropertyWeight;
        var kept = new List<int>();
        float best = 0f;
        for (int k = 0; k < members.Count; k++)
        {
            float combined = (w * scores[k]) + ((1f - w) * p.Objects[members[k]].Confidence);
            best = MathF.Max(best, combined);
            if (combined >= delta)
            {
                kept.Add(members[k]);
            }
        }

        if (kept.Count == 0)
        {
            throw Abstain(c, "PROPERTY", $"no candidate verified as '{value}' (best score {Number(best)} < δ = {Number(delta)})");
        }

        return Keep(c, set, kept);
    }

    private static AbsolutePosition ParsePosition(string text, string what) =>
        AbsolutePosition.TryParse(text, out AbsolutePosition position)
            ? position
            : throw new PyException(PyErrorKind.ValueError, $"{what}(): unknown position '{text}'; use one of: {AbsolutePosition.Help}");

    private static List<int> AtPosition(BoxGeometry g, List<int> members, AbsolutePosition position)
    {
        if (position.Extreme)
        {
            bool horizontal = position.Horizontal is -1 or 1;
            int sign = horizontal ? position.Horizontal : position.Vertical;
            float best = float.NegativeInfinity;
            foreach (int i in members)
            {
                ObjectPlacement p = g.PlacementOf(i);
                best = MathF.Max(best, sign * (horizontal ? p.X : p.Y));
            }

            return members.FindAll(i =>
            {
                ObjectPlacement p = g.PlacementOf(i);
                return sign * (horizontal ? p.X : p.Y) >= best;
            });
        }

        float w = g.ImageWidth, h = g.ImageHeight;
        return members.FindAll(i =>
        {
            ObjectPlacement p = g.PlacementOf(i);
            return InThird(p.X, w, position.Horizontal) && InThird(p.Y, h, position.Vertical);
        });
    }

    private static bool InThird(float value, float extent, int third) => third switch
    {
        -1 => value < extent / 3f,
        0 => value >= extent / 3f && value <= 2f * extent / 3f,
        1 => value > 2f * extent / 3f,
        _ => true,
    };

    private static PyObject Location(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        SoftTensor set = SetOf(c, a[0], "located_at");
        AbsolutePosition position = ParsePosition(((PyStr)a[1]).Value, "located_at");
        return Keep(c, set, AtPosition(Geometry(c, "located_at"), Members(c, set), position));
    }

    private static PyObject Locate(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        SoftTensor set = SetOf(c, a[0], "LOCATE");
        string text = ((PyStr)a[1]).Value;
        AbsolutePosition position = ParsePosition(text, "LOCATE");
        List<int> kept = AtPosition(Geometry(c, "LOCATE"), RequireMembers(c, set, "LOCATE", "the input set"), position);
        return kept.Count == 0 ? throw Abstain(c, "LOCATE", $"no candidate is at '{text.Trim()}'") : Keep(c, set, kept);
    }

    /// <summary>
    /// The rank-th member from a side: members sorted ascending (stably, so ties keep object order) by centre x
    /// (left, right), centre y (top, bottom) or depth (front, behind); left/top/front take the rank-th from the start,
    /// right/bottom/behind the rank-th from the end of the same order.
    /// </summary>
    internal static int? RankedMember(BoxGeometry g, List<int> members, string criteria, long rank)
    {
        string key = criteria.Trim().ToLowerInvariant();
        Func<int, float> coordinate = key switch
        {
            "left" or "right" => i => g.PlacementOf(i).X,
            "top" or "bottom" => i => g.PlacementOf(i).Y,
            _ => i => g.PlacementOf(i).Depth,
        };
        int[] sorted = [.. members.OrderBy(coordinate)];
        if (rank < 1 || rank > sorted.Length)
        {
            return null;
        }

        bool fromEnd = key is "right" or "bottom" or "behind";
        return fromEnd ? sorted[sorted.Length - (int)rank] : sorted[(int)rank - 1];
    }

    private static PyObject Ordinal(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        SoftTensor set = SetOf(c, a[0], "nth_from");
        int? pick = RankedMember(Geometry(c, "nth_from"), Members(c, set), ((PyStr)a[1]).Value, ((PyInt)a[2]).Value);
        return Keep(c, set, pick is { } i ? [i] : []);
    }

    private static PyObject Order(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        SoftTensor set = SetOf(c, a[0], "ORDER");
        List<int> members = RequireMembers(c, set, "ORDER", "the input set");
        string criteria = ((PyStr)a[1]).Value.Trim();
        long rank = ((PyInt)a[2]).Value;
        int? pick = RankedMember(Geometry(c, "ORDER"), members, criteria, rank);
        return pick is { } i
            ? Keep(c, set, [i])
            : throw Abstain(c, "ORDER", $"rank {rank} from {criteria} needs {rank} candidates, but there are {members.Count}");
    }

    private static PyObject SizeRank(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        SoftTensor set = SetOf(c, a[0], "size_rank");
        IScenePerception p = c.RequirePerception("size_rank");
        bool big = ((PyStr)a[1]).Value.Trim().Equals("big", StringComparison.OrdinalIgnoreCase);
        long rank = ((PyInt)a[2]).Value;
        int[] sorted = [.. Members(c, set).OrderBy(i => big ? -p.Objects[i].Box.Area : p.Objects[i].Box.Area)];
        return Keep(c, set, rank <= sorted.Length ? [sorted[(int)rank - 1]] : []);
    }

    private static PyObject Size(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        SoftTensor set = SetOf(c, a[0], "SIZE");
        IScenePerception p = c.RequirePerception("SIZE");
        List<int> members = RequireMembers(c, set, "SIZE", "the input set");
        bool big = ((PyStr)a[1]).Value.Trim().Equals("big", StringComparison.OrdinalIgnoreCase);
        float min = members.Min(i => p.Objects[i].Box.Area);
        float max = members.Max(i => p.Objects[i].Box.Area);
        float mid = (min + max) / 2f;
        List<int> kept = members.FindAll(i => big ? p.Objects[i].Box.Area >= mid : p.Objects[i].Box.Area <= mid);
        return Keep(c, set, kept);
    }

    private static PyObject AbsoluteDepth(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        SoftTensor set = SetOf(c, a[0], "ABSOLUTE_DEPTH");
        List<int> members = RequireMembers(c, set, "ABSOLUTE_DEPTH", "the input set");
        string criteria = ((PyStr)a[1]).Value.Trim().ToLowerInvariant();
        int? pick = RankedMember(Geometry(c, "ABSOLUTE_DEPTH"), members, criteria == "front" ? "front" : "behind", 1);
        return Keep(c, set, [pick!.Value]);
    }

    private static SpatialRelation DirectionOf(string criteria) => criteria.Trim().ToLowerInvariant() switch
    {
        "left" => SpatialRelation.Left,
        "right" => SpatialRelation.Right,
        "top" => SpatialRelation.Above,
        _ => SpatialRelation.Below,
    };

    private static PyObject RelationOperator(HostRunContext c, string op, ReadOnlySpan<PyObject> a, SpatialRelation relation) =>
        PairOperator(c, op, a, relation.ToString().ToLowerInvariant(), (g, i, j) => g.RelationProbability(relation, i, j) >= 0.5f);

    private static PyObject PairOperator(HostRunContext c, string op, ReadOnlySpan<PyObject> a, string relation, Func<BoxGeometry, int, int, bool> holds)
    {
        SoftTensor set = SetOf(c, a[0], op);
        SoftTensor reference = SetOf(c, a[1], op);
        List<int> members = RequireMembers(c, set, op, "the input set");
        List<int> references = RequireMembers(c, reference, op, "the reference set");
        BoxGeometry g = Geometry(c, op);
        c.Meter.ChargeElements((long)members.Count * references.Count);
        List<int> kept = members.FindAll(i => references.Exists(r => r != i && holds(g, i, r)));
        return kept.Count == 0
            ? throw Abstain(c, op, $"no candidate satisfies {relation} with any of the {references.Count} reference object(s)")
            : Keep(c, set, kept);
    }

    private static PyObject Result(HostRunContext c, PyObject? self, ReadOnlySpan<PyObject> a)
    {
        SoftTensor set = SetOf(c, a[0], "RESULT");
        if (Members(c, set).Count == 0)
        {
            throw Abstain(c, "RESULT", "the final set is empty");
        }

        var result = Wrap(c, set);
        throw new ProgramExitException(result, "RESULT ends the run");
    }
}
