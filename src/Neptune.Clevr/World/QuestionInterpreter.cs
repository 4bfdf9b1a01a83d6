using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Neptune.Perception;

namespace Neptune.Clevr;

/// <summary>What a question asks, independent of its wording.</summary>
internal enum QuestionKind
{
    /// <summary>Does the object have these attribute values (one or more, all must hold)?</summary>
    Attribute,

    /// <summary>Is one object in a spatial relation to another?</summary>
    Relation,

    /// <summary>Do two distinct objects share an attribute value?</summary>
    Same,

    /// <summary>What is the object's value of an attribute?</summary>
    Query,
}

/// <summary>
/// A question reduced to its meaning. Argument slots are 0 (red box), 1 (green box), 2 (blue box); <see cref="Arity"/>
/// is the highest slot used plus one. <see cref="Canonical"/> is the same for every paraphrase, and keys the noise.
/// </summary>
internal sealed class InterpretedQuestion
{
    public required QuestionKind Kind { get; init; }

    public required int Arity { get; init; }

    public required string Canonical { get; init; }

    /// <summary>For <see cref="QuestionKind.Attribute"/>: the required values, one per attribute at most.</summary>
    public (ClevrAttribute Attribute, string Value)[] Values { get; init; } = [];

    /// <summary>For <see cref="QuestionKind.Same"/> and <see cref="QuestionKind.Query"/>.</summary>
    public ClevrAttribute Attribute { get; init; }

    public ClevrRelation Relation { get; init; }

    /// <summary>The slot the question is stated about.</summary>
    public int Subject { get; init; }

    /// <summary>For relations and same-attribute questions, the other slot.</summary>
    public int Reference { get; init; }

    /// <summary>Whether the fact holds for a tuple of distinct objects (indexed by slot).</summary>
    public bool Holds(ClevrScene scene, ReadOnlySpan<int> tuple)
    {
        var objects = scene.Objects;
        switch (Kind)
        {
            case QuestionKind.Attribute:
                var obj = objects[tuple[Subject]];
                foreach (var (attribute, value) in Values)
                {
                    if (!string.Equals(obj.Get(attribute), value, StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return true;
            case QuestionKind.Relation:
                return scene.Relationships.Holds(Relation, tuple[Subject], tuple[Reference]);
            case QuestionKind.Same:
                return string.Equals(objects[tuple[Subject]].Get(Attribute), objects[tuple[Reference]].Get(Attribute), StringComparison.Ordinal);
            default:
                return false;
        }
    }
}

/// <summary>
/// Reads the questions of <see cref="ClevrQuestions"/> and their common paraphrases. Every word must be understood;
/// anything else (unknown words, negation, disjunction, two values of one attribute, a question that asks two kinds of
/// thing) is rejected rather than guessed.
/// </summary>
internal static partial class QuestionInterpreter
{
    private static readonly Dictionary<string, (ClevrAttribute Attribute, string Value)> ValueWords = BuildValueWords();

    private static readonly Dictionary<string, ClevrAttribute> KindWords = new(StringComparer.Ordinal)
    {
        ["color"] = ClevrAttribute.Color, ["colors"] = ClevrAttribute.Color, ["colour"] = ClevrAttribute.Color, ["colours"] = ClevrAttribute.Color,
        ["shape"] = ClevrAttribute.Shape, ["shapes"] = ClevrAttribute.Shape, ["form"] = ClevrAttribute.Shape,
        ["material"] = ClevrAttribute.Material, ["materials"] = ClevrAttribute.Material,
        ["size"] = ClevrAttribute.Size, ["sizes"] = ClevrAttribute.Size,
    };

    private static readonly Dictionary<string, ClevrRelation> RelationWords = new(StringComparer.Ordinal)
    {
        ["left"] = ClevrRelation.Left, ["leftward"] = ClevrRelation.Left,
        ["right"] = ClevrRelation.Right, ["rightward"] = ClevrRelation.Right,
        ["front"] = ClevrRelation.Front, ["closer"] = ClevrRelation.Front, ["nearer"] = ClevrRelation.Front,
        ["behind"] = ClevrRelation.Behind, ["back"] = ClevrRelation.Behind, ["farther"] = ClevrRelation.Behind,
        ["further"] = ClevrRelation.Behind,
    };

    private static readonly HashSet<string> SameWords = new(StringComparer.Ordinal)
    {
        "same", "identical", "equal", "matching", "match", "matches", "share", "shares",
    };

    private static readonly HashSet<string> QueryWords = new(StringComparer.Ordinal) { "what", "which", "whats" };

    private static readonly HashSet<string> RejectWords = new(StringComparer.Ordinal)
    {
        "not", "no", "isn", "aren", "doesn", "don", "never", "neither", "nor", "or", "without", "except",
    };

    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "is", "are", "does", "do", "the", "a", "an", "it", "its", "this", "that", "these", "those", "they", "them",
        "object", "objects", "thing", "things", "item", "items", "one", "ones", "of", "in", "to", "made", "have", "has",
        "as", "on", "side", "located", "positioned", "placed", "situated", "standing", "sitting", "and", "both", "with",
        "kind", "type", "camera", "from", "than", "each", "other", "appear", "appears", "look", "looks", "colored",
        "coloured", "sized", "surface", "s", "there", "be", "seem", "seems", "relative", "viewer", "image", "picture",
        "scene", "composed", "built", "constructed", "out", "please", "answer", "exactly", "hand", "when",
        "viewed", "seen", "lie", "lies", "at", "position", "compared", "whose", "having",
    };

    private static readonly string[] SlotTokens = ["slot0", "slot1", "slot2"];

    /// <summary>Interprets a question, or throws <see cref="PerceptionException"/> (UninterpretableQuestion).</summary>
    public static InterpretedQuestion Interpret(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return TryInterpret(question) ?? throw Uninterpretable(question);
    }

    public static PerceptionException Uninterpretable(string question) =>
        new(PerceptionErrorKind.UninterpretableQuestion, $"cannot interpret question: '{question}'");

    /// <summary>
    /// Interpretations by question text. Programs ask the same few questions of every scene, so almost every call is a
    /// lookup; the cache stops growing at <see cref="CacheCapacity"/> entries, after which unseen questions are
    /// interpreted on every call.
    /// </summary>
    private static readonly ConcurrentDictionary<string, InterpretedQuestion?> Cache = new(StringComparer.Ordinal);

    internal const int CacheCapacity = 4096;

    internal static InterpretedQuestion? TryInterpret(string question)
    {
        if (question.Length > 500)
        {
            return null;
        }

        if (Cache.TryGetValue(question, out InterpretedQuestion? cached))
        {
            return cached;
        }

        InterpretedQuestion? interpreted = Parse(question);
        if (Cache.Count < CacheCapacity)
        {
            Cache.TryAdd(question, interpreted);
        }

        return interpreted;
    }

    private static InterpretedQuestion? Parse(string question)
    {

        string text = question.ToLowerInvariant().Replace("grey", "gray", StringComparison.Ordinal);
        text = BoxReference().Replace(text, m => m.Groups["c"].Value switch
        {
            "red" => " slot0 ",
            "green" => " slot1 ",
            _ => " slot2 ",
        });

        var slots = new List<int>(3);
        var values = new List<(ClevrAttribute Attribute, string Value)>(2);
        var kinds = new HashSet<ClevrAttribute>();
        var relations = new HashSet<ClevrRelation>();
        bool same = false, query = false, made = false, howBig = false;
        string? previous = null;
        foreach (Match m in Word().Matches(text))
        {
            string w = m.Value;
            int slot = Array.IndexOf(SlotTokens, w);
            if (slot >= 0)
            {
                if (!slots.Contains(slot))
                {
                    slots.Add(slot);
                }
            }
            else if (RejectWords.Contains(w))
            {
                return null;
            }
            else if (previous == "how" && w is "big" or "large" or "small" or "tall")
            {
                howBig = true;
            }
            else if (ValueWords.TryGetValue(w, out var value))
            {
                values.Add(value);
            }
            else if (KindWords.TryGetValue(w, out var kind))
            {
                kinds.Add(kind);
            }
            else if (RelationWords.TryGetValue(w, out var relation))
            {
                relations.Add(relation);
            }
            else if (SameWords.Contains(w))
            {
                same = true;
            }
            else if (QueryWords.Contains(w))
            {
                query = true;
            }
            else if (w == "how" && previous is null)
            {
                // Only "how big / large / small" is understood; checked when the next word arrives.
            }
            else if (Filler.Contains(w))
            {
                made |= w == "made" || w == "composed" || w == "built" || w == "constructed";
            }
            else
            {
                return null;
            }

            previous = w;
        }

        if (previous == "how")
        {
            return null;
        }

        if (query || howBig)
        {
            return InterpretQuery(slots, values, kinds, relations, same, made, howBig);
        }

        if (same)
        {
            return InterpretSame(slots, values, kinds, relations, made);
        }

        if (relations.Count > 0)
        {
            return InterpretRelation(slots, values, kinds, relations);
        }

        return InterpretAttribute(slots, values, kinds);
    }

    private static InterpretedQuestion? InterpretQuery(
        List<int> slots, List<(ClevrAttribute Attribute, string Value)> values, HashSet<ClevrAttribute> kinds,
        HashSet<ClevrRelation> relations, bool same, bool made, bool howBig)
    {
        if (relations.Count > 0 || same || slots.Count > 1 || (slots.Count == 1 && slots[0] != 0))
        {
            return null;
        }

        ClevrAttribute attribute;
        if (howBig)
        {
            if (kinds.Count > 0)
            {
                return null;
            }

            attribute = ClevrAttribute.Size;
        }
        else if (kinds.Count == 1)
        {
            attribute = kinds.First();
        }
        else if (kinds.Count == 0 && made)
        {
            attribute = ClevrAttribute.Material;
        }
        else
        {
            return null;
        }

        // Describing words ("What color is the cube in the red box?") may name other attributes, never the asked one.
        foreach (var (a, _) in values)
        {
            if (a == attribute)
            {
                return null;
            }
        }

        return new InterpretedQuestion
        {
            Kind = QuestionKind.Query,
            Arity = 1,
            Attribute = attribute,
            Canonical = "query:" + ClevrVocabulary.NameOf(attribute),
        };
    }

    private static InterpretedQuestion? InterpretSame(
        List<int> slots, List<(ClevrAttribute Attribute, string Value)> values, HashSet<ClevrAttribute> kinds,
        HashSet<ClevrRelation> relations, bool made)
    {
        if (relations.Count > 0 || values.Count > 0 || slots.Count != 2)
        {
            return null;
        }

        ClevrAttribute attribute;
        if (kinds.Count == 1)
        {
            attribute = kinds.First();
        }
        else if (kinds.Count == 0 && made)
        {
            attribute = ClevrAttribute.Material;
        }
        else
        {
            return null;
        }

        int a = Math.Min(slots[0], slots[1]), b = Math.Max(slots[0], slots[1]);
        return new InterpretedQuestion
        {
            Kind = QuestionKind.Same,
            Arity = b + 1,
            Attribute = attribute,
            Subject = a,
            Reference = b,
            Canonical = $"same:{ClevrVocabulary.NameOf(attribute)}({a},{b})",
        };
    }

    private static InterpretedQuestion? InterpretRelation(
        List<int> slots, List<(ClevrAttribute Attribute, string Value)> values, HashSet<ClevrAttribute> kinds,
        HashSet<ClevrRelation> relations)
    {
        if (relations.Count != 1 || values.Count > 0 || kinds.Count > 0 || slots.Count != 2)
        {
            return null;
        }

        var relation = relations.First();
        int subject = slots[0], reference = slots[1];
        return new InterpretedQuestion
        {
            Kind = QuestionKind.Relation,
            Arity = Math.Max(subject, reference) + 1,
            Relation = relation,
            Subject = subject,
            Reference = reference,
            Canonical = $"relation:{ClevrVocabulary.NameOf(relation)}({subject},{reference})",
        };
    }

    private static InterpretedQuestion? InterpretAttribute(
        List<int> slots, List<(ClevrAttribute Attribute, string Value)> values, HashSet<ClevrAttribute> kinds)
    {
        if (values.Count == 0 || slots.Count > 1)
        {
            return null;
        }

        var required = new (ClevrAttribute Attribute, string Value)?[4];
        foreach (var (attribute, value) in values)
        {
            if (required[(int)attribute] is { } existing && existing.Value != value)
            {
                return null;
            }

            required[(int)attribute] = (attribute, value);
        }

        foreach (var kind in kinds)
        {
            if (required[(int)kind] is null)
            {
                return null;
            }
        }

        var list = new List<(ClevrAttribute Attribute, string Value)>(4);
        var canonical = new StringBuilder("attribute:");
        foreach (var entry in required)
        {
            if (entry is { } e)
            {
                canonical.Append(list.Count == 0 ? string.Empty : ",").Append(ClevrVocabulary.NameOf(e.Attribute)).Append('=').Append(e.Value);
                list.Add(e);
            }
        }

        int subject = slots.Count == 1 ? slots[0] : 0;
        canonical.Append('(').Append(subject).Append(')');
        return new InterpretedQuestion
        {
            Kind = QuestionKind.Attribute,
            Arity = subject + 1,
            Subject = subject,
            Values = list.ToArray(),
            Canonical = canonical.ToString(),
        };
    }

    private static Dictionary<string, (ClevrAttribute, string)> BuildValueWords()
    {
        var map = new Dictionary<string, (ClevrAttribute, string)>(StringComparer.Ordinal);
        foreach (string color in ClevrVocabulary.Colors)
        {
            map[color] = (ClevrAttribute.Color, color);
        }

        void Add(ClevrAttribute attribute, string value, params string[] words)
        {
            foreach (string w in words)
            {
                map[w] = (attribute, value);
            }
        }

        Add(ClevrAttribute.Shape, "cube", "cube", "cubes", "block", "blocks", "cubic");
        Add(ClevrAttribute.Shape, "sphere", "sphere", "spheres", "ball", "balls", "spherical");
        Add(ClevrAttribute.Shape, "cylinder", "cylinder", "cylinders", "cylindrical");
        Add(ClevrAttribute.Material, "metal", "metal", "metallic", "shiny", "metals");
        Add(ClevrAttribute.Material, "rubber", "rubber", "matte", "matt", "rubbery");
        Add(ClevrAttribute.Size, "large", "large", "big", "huge");
        Add(ClevrAttribute.Size, "small", "small", "tiny", "little");
        return map;
    }

    // "the object in the red box", "the one in the green box", "the thing inside the blue bounding box", "the red box".
    [GeneratedRegex(
        @"\b(?:(?:the|this|that)\s+)?(?:(?:object|thing|item|one|shape)\s+(?:(?:that|which)\s+is\s+)?(?:in|inside|within|enclosed\s+by|surrounded\s+by|marked\s+by|outlined\s+by|framed\s+by)\s+)?(?:the\s+)?(?<c>red|green|blue)(?:-|\s+)(?:bounding\s+)?(?:box|rectangle|frame)(?:ed)?\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BoxReference();

    [GeneratedRegex("[a-z0-9]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Word();
}
