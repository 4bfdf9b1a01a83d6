using System.Text;

namespace Neptune.Clevr.Translation;

/// <summary>The official program cannot be translated (malformed graph or unknown value).</summary>
public sealed class ClevrTranslationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the node.</param>
    public ClevrTranslationException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Translates an official CLEVR functional program into a program of Neptune's language — the kind of program an LLM
/// writes: concepts scored once with <c>score</c>, object sets composed with <c>&amp;</c> and <c>|</c>, referents chosen
/// with <c>iota()</c>, relations filled with <c>given</c>, and a single <c>return</c>.
/// </summary>
/// <remarks>
/// Semantics follow the official CLEVR engine: <c>unique</c> is the iota of its set; <c>relate(o, R)</c> is the set of
/// objects x with "x is R of o" (x ∈ relationships[R][o]); <c>same_*</c> excludes the object itself (tuples that repeat
/// an object score 0); CLEVR-Ref+'s <c>filter_ordinal</c> is <c>nth_from(set, criteria, rank)</c> (the official order:
/// x for left and right, depth for front, ties by object order); counts are integers (the 0.5-cut count); <c>equal_*</c>, <c>less_than</c> and
/// <c>greater_than</c> compare crisp values; <c>exist</c> is a soft truth value that answers yes at p ≥ 0.5.
/// The translation is deterministic: the same program always yields the same text.
/// </remarks>
public static class ClevrProgramTranslator
{
    private const int MaxNameLength = 40;

    /// <summary>Translates one official program.</summary>
    /// <param name="program">The program's nodes, in the release format's order (inputs refer to earlier nodes).</param>
    /// <returns>The program text in the function-body shape, ending in <c>return</c>.</returns>
    /// <exception cref="ClevrTranslationException">The program is empty, refers forward, or uses an unknown value.</exception>
    public static string Translate(IReadOnlyList<ClevrProgramNode> program)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.Count == 0)
        {
            throw new ClevrTranslationException("the program has no nodes");
        }

        for (int i = 0; i < program.Count; i++)
        {
            foreach (int input in program[i].Inputs)
            {
                if (input < 0 || input >= i)
                {
                    throw new ClevrTranslationException($"node {i} ({program[i].FunctionName}) refers to node {input}, which does not precede it");
                }
            }
        }

        var state = new State(program);
        string result = state.Expression(program.Count - 1);
        return Join(state.Concepts, state.Statements, "return ", result);
    }

    /// <summary>The lines of <paramref name="first"/> and <paramref name="second"/>, then <c>prefix + last</c>, each ending in a newline, built in one allocation.</summary>
    private static string Join(List<string> first, List<string> second, string prefix, string last)
    {
        int length = prefix.Length + last.Length + 1;
        foreach (string line in first)
        {
            length += line.Length + 1;
        }

        foreach (string line in second)
        {
            length += line.Length + 1;
        }

        return string.Create(length, (first, second, prefix, last), static (span, parts) =>
        {
            int at = 0;
            void Line(Span<char> span, string text, ref int at)
            {
                text.CopyTo(span[at..]);
                at += text.Length;
                span[at++] = '\n';
            }

            foreach (string line in parts.first)
            {
                Line(span, line, ref at);
            }

            foreach (string line in parts.second)
            {
                Line(span, line, ref at);
            }

            parts.prefix.CopyTo(span[at..]);
            at += parts.prefix.Length;
            Line(span, parts.last, ref at);
        });
    }

    /// <summary>
    /// Translates one official program into VIRO's operator shape: <c>VAR = OP(arg=...)</c> lines ending in
    /// <c>FINAL_RESULT = RESULT(object=VAR)</c>. <c>scene</c> is <c>FIND(object_name='object')</c>, a shape filter of
    /// the scene <c>FIND</c>, other filters <c>PROPERTY</c>, <c>relate</c> <c>FIND_DIRECTION</c> (left, right) or
    /// <c>RELATIVE_DEPTH</c> (front, behind), <c>filter_ordinal</c> <c>ORDER</c>, <c>unique</c> passes its set on.
    /// VIRO has no operator for <c>same_*</c> and an operator in one branch of a union must not end the run when only
    /// that branch is empty, so those nodes are written in soft logic (<c>score</c>, <c>given</c>, <c>|</c>), which
    /// the operators take as sets.
    /// </summary>
    /// <param name="program">The program's nodes.</param>
    /// <returns>The program text.</returns>
    /// <exception cref="ClevrTranslationException">The program is empty, refers forward, or uses an unknown value.</exception>
    public static string TranslateOperators(IReadOnlyList<ClevrProgramNode> program)
    {
        ArgumentNullException.ThrowIfNull(program);
        Translate(program); // validates the graph and every value
        var soft = new State(program);
        var lines = new List<string>();
        var names = new string?[program.Count];
        string? all = null;
        string All()
        {
            if (all is null)
            {
                all = "OBJECTS";
                lines.Add("OBJECTS = FIND(object_name='object')");
            }

            return all;
        }

        string Emit(int index, string expression)
        {
            string name = $"SET_{index}";
            lines.Add($"{name} = {expression}");
            return name;
        }

        // Only nodes the result depends on in operator form get a line: a same_* or union node is written in soft
        // logic over its whole input tree, so operator lines for its inputs would be unused (and an unused operator
        // that abstains would end the run).
        var needed = new bool[program.Count];
        needed[^1] = true;
        for (int i = program.Count - 1; i >= 0; i--)
        {
            if (needed[i] && !IsSoftNode(program[i].Function))
            {
                foreach (int input in program[i].Inputs)
                {
                    needed[input] = true;
                }
            }
        }

        for (int i = 0; i < program.Count; i++)
        {
            if (!needed[i])
            {
                continue;
            }

            ClevrProgramNode node = program[i];
            string In(int k) => names[node.Inputs[k]]!;
            names[i] = node.Function switch
            {
                ClevrFunction.Scene => All(),
                ClevrFunction.FilterShape when program[node.Inputs[0]].Function == ClevrFunction.Scene =>
                    Emit(i, $"FIND(object_name={Quote(node.ValueInputs[0])})"),
                ClevrFunction.FilterColor or ClevrFunction.FilterShape or ClevrFunction.FilterMaterial or ClevrFunction.FilterSize =>
                    Emit(i, $"PROPERTY(object={In(0)}, value={Quote(node.ValueInputs[0])})"),
                ClevrFunction.Unique => In(0),
                ClevrFunction.Relate => node.ValueInputs[0] is "left" or "right"
                    ? Emit(i, $"FIND_DIRECTION(object={All()}, reference_object={In(0)}, criteria={Quote(node.ValueInputs[0])})")
                    : Emit(i, $"RELATIVE_DEPTH(object={All()}, reference_object={In(0)}, criteria={Quote(node.ValueInputs[0] == "behind" ? "behind" : "front")})"),
                ClevrFunction.FilterOrdinal => EmitOrdinal(i),
                ClevrFunction.Intersect => Emit(i, $"{In(0)} & {In(1)}"),
                ClevrFunction.SameColor or ClevrFunction.SameShape or ClevrFunction.SameMaterial or ClevrFunction.SameSize or ClevrFunction.Union =>
                    Emit(i, SoftNode(i)),
                _ => throw new ClevrTranslationException($"node {i}: '{node.FunctionName}' has no operator form"),
            };

            string EmitOrdinal(int index)
            {
                var (rank, criteria) = State.ParseOrdinal(node, index);
                return Emit(index, $"ORDER(object={In(0)}, criteria={Quote(criteria)}, rank={rank})");
            }
        }

        string SoftNode(int index) => soft.Expression(index) is var e && soft.IsObject(index) ? $"{e}.tensor()" : e;

        var sb = new StringBuilder(256);
        foreach (string line in soft.Concepts)
        {
            sb.Append(line).Append('\n');
        }

        foreach (string line in soft.Statements)
        {
            sb.Append(line).Append('\n');
        }

        foreach (string line in lines)
        {
            sb.Append(line).Append('\n');
        }

        sb.Append("FINAL_RESULT = RESULT(object=").Append(names[^1]).Append(")\n");
        return sb.ToString();
    }

    private static bool IsSoftNode(ClevrFunction function) =>
        function is ClevrFunction.SameColor or ClevrFunction.SameShape or ClevrFunction.SameMaterial or ClevrFunction.SameSize or ClevrFunction.Union;

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private enum Kind
    {
        Scene,
        Set,
        Object,
        Value,
    }

    private sealed class State(IReadOnlyList<ClevrProgramNode> program)
    {
        private readonly (string Text, Kind Kind, string Name)?[] _memo = new (string, Kind, string)?[program.Count];
        // Sized for the program up front, so they rarely grow: most nodes add a concept or an assignment and a name.
        private readonly Dictionary<string, string> _conceptVariables = new(Math.Min(program.Count, 64), StringComparer.Ordinal);
        private readonly HashSet<string> _names = new(Math.Min(program.Count * 2, 128), StringComparer.Ordinal);
        private readonly Dictionary<string, string> _assigned = new(Math.Min(program.Count, 64), StringComparer.Ordinal);
        private int _anonymous;

        public List<string> Concepts { get; } = new(Math.Min(program.Count, 64));

        public List<string> Statements { get; } = new(Math.Min(program.Count, 64));

        public string Expression(int index) => Node(index).Text;

        public bool IsObject(int index) => Node(index).Kind == Kind.Object;

        private (string Text, Kind Kind, string Name) Node(int index)
        {
            if (_memo[index] is { } done)
            {
                return done;
            }

            ClevrProgramNode node = program[index];
            var built = Build(index, node);
            _memo[index] = built;
            return built;
        }

        private (string Text, Kind Kind, string Name) Input(ClevrProgramNode node, int nodeIndex, int position)
        {
            if (position >= node.Inputs.Count)
            {
                throw new ClevrTranslationException($"node {nodeIndex} ({node.FunctionName}) lacks input {position + 1}");
            }

            return Node(node.Inputs[position]);
        }

        private string Value(ClevrProgramNode node, int nodeIndex)
        {
            if (node.ValueInputs.Count == 0)
            {
                throw new ClevrTranslationException($"node {nodeIndex} ({node.FunctionName}) lacks its value input");
            }

            return node.ValueInputs[0];
        }

        private (string Text, Kind Kind, string Name) Build(int index, ClevrProgramNode node)
        {
            switch (node.Function)
            {
                case ClevrFunction.Scene:
                    return ("everything()", Kind.Scene, "objects");

                case ClevrFunction.FilterColor or ClevrFunction.FilterShape or ClevrFunction.FilterMaterial or ClevrFunction.FilterSize:
                    return Filter(index);

                case ClevrFunction.Unique:
                {
                    var set = Input(node, index, 0);
                    string name = Assign("the_" + set.Name, $"{AsSet(set)}.iota()");
                    return (name, Kind.Object, set.Name);
                }

                case ClevrFunction.Relate:
                {
                    var target = Input(node, index, 0);
                    string relation = Value(node, index);
                    if (!ClevrVocabulary.TryParseRelation(relation, out ClevrRelation r))
                    {
                        throw new ClevrTranslationException($"node {index} (relate): unknown relation '{relation}'");
                    }

                    string tensor = Concept(RelationVariable(r), ClevrQuestions.Relation(r), 2);
                    string name = Assign($"{RelationVariable(r)}_{target.Name}", $"{tensor}.given(\"y\", {target.Text})");
                    return (name, Kind.Set, name);
                }

                case ClevrFunction.SameColor or ClevrFunction.SameShape or ClevrFunction.SameMaterial or ClevrFunction.SameSize:
                {
                    var target = Input(node, index, 0);
                    ClevrAttribute attribute = AttributeOf(node.Function);
                    string attr = ClevrVocabulary.NameOf(attribute);
                    string tensor = Concept($"same_{attr}", ClevrQuestions.Same(attribute), 2);
                    string name = Assign($"same_{attr}_as_{target.Name}", $"{tensor}.given(\"y\", {target.Text})");
                    return (name, Kind.Set, name);
                }

                case ClevrFunction.Union or ClevrFunction.Intersect:
                {
                    var a = Input(node, index, 0);
                    var b = Input(node, index, 1);
                    string op = node.Function == ClevrFunction.Union ? "|" : "&";
                    string word = node.Function == ClevrFunction.Union ? "or" : "and";
                    string name = Assign($"{a.Name}_{word}_{b.Name}", $"{AsSet(a)} {op} {AsSet(b)}");
                    return (name, Kind.Set, name);
                }

                case ClevrFunction.Count:
                    return ($"{AsSet(Input(node, index, 0))}.count()", Kind.Value, "count");

                case ClevrFunction.Exist:
                    return ($"{AsSet(Input(node, index, 0))}.exists()", Kind.Value, "exists");

                case ClevrFunction.QueryColor or ClevrFunction.QueryShape or ClevrFunction.QueryMaterial or ClevrFunction.QuerySize:
                {
                    var target = Input(node, index, 0);
                    string question = ClevrQuestions.Query(AttributeOf(node.Function));
                    return ($"query({Quote(question)}, {target.Text})", Kind.Value, "answer");
                }

                case ClevrFunction.EqualColor or ClevrFunction.EqualShape or ClevrFunction.EqualMaterial or ClevrFunction.EqualSize
                    or ClevrFunction.EqualInteger or ClevrFunction.LessThan or ClevrFunction.GreaterThan:
                {
                    var a = Input(node, index, 0);
                    var b = Input(node, index, 1);
                    string op = node.Function switch
                    {
                        ClevrFunction.LessThan => "<",
                        ClevrFunction.GreaterThan => ">",
                        _ => "==",
                    };
                    return ($"{a.Text} {op} {b.Text}", Kind.Value, "answer");
                }

                case ClevrFunction.FilterOrdinal:
                {
                    var set = Input(node, index, 0);
                    var (rank, criteria) = ParseOrdinal(node, index);
                    string name = Assign($"{Ordinals[rank - 1]}_from_{criteria}_{set.Name}", $"nth_from({AsSet(set)}, {Quote(criteria)}, {rank})");
                    return (name, Kind.Set, name);
                }

                default:
                    throw new ClevrTranslationException($"node {index}: unsupported function '{node.FunctionName}'");
            }
        }

        private (string Text, Kind Kind, string Name) Filter(int index)
        {
            // Fold a chain of filters into one conjunction: small & red & cylinder.
            var values = new List<string>();
            int cursor = index;
            while (program[cursor].Function is ClevrFunction.FilterColor or ClevrFunction.FilterShape
                   or ClevrFunction.FilterMaterial or ClevrFunction.FilterSize)
            {
                ClevrProgramNode f = program[cursor];
                string value = Value(f, cursor);
                if (!ClevrVocabulary.TryGetAttributeOf(value, out ClevrAttribute attribute) || attribute != AttributeOf(f.Function))
                {
                    throw new ClevrTranslationException($"node {cursor} ({f.FunctionName}): '{value}' is not a CLEVR {ClevrVocabulary.NameOf(AttributeOf(f.Function))}");
                }

                values.Insert(0, value);
                if (f.Inputs.Count == 0)
                {
                    throw new ClevrTranslationException($"node {cursor} ({f.FunctionName}) lacks input 1");
                }

                cursor = f.Inputs[0];
            }

            var baseSet = Node(cursor);
            var terms = new List<string>(values.Count + 1);
            if (baseSet.Kind != Kind.Scene)
            {
                terms.Add(AsSet(baseSet));
            }

            foreach (string value in values)
            {
                terms.Add(Concept(value, ClevrQuestions.Attribute(value), 1));
            }

            string stem = string.Join("_", values);
            string label = baseSet.Kind == Kind.Scene ? stem : $"{stem}_{baseSet.Name}";
            if (terms.Count == 1)
            {
                return (terms[0], Kind.Set, label);
            }

            string name = Assign(label, $"{string.Join(" & ", terms)}");
            return (name, Kind.Set, name);
        }

        private static string AsSet((string Text, Kind Kind, string Name) node) => node.Kind switch
        {
            Kind.Object => $"{node.Text}.tensor()",
            _ => node.Text,
        };

        /// <summary>Emits <c>name = expression</c>, or reuses the variable that already holds the same expression.</summary>
        private string Assign(string stem, string expression)
        {
            if (_assigned.TryGetValue(expression, out string? existing))
            {
                return existing;
            }

            string name = Fresh(stem);
            _assigned[expression] = name;
            Statements.Add($"{name} = {expression}");
            return name;
        }

        private string Concept(string variable, string question, int arity)
        {
            if (_conceptVariables.TryGetValue(question, out string? existing))
            {
                return existing;
            }

            string name = Fresh(variable);
            _conceptVariables[question] = name;
            Concepts.Add(arity == 1 ? $"{name} = score({Quote(question)})" : $"{name} = score({Quote(question)}, {arity})");
            return name;
        }

        private string Fresh(string stem)
        {
            string name = stem.Length <= MaxNameLength ? stem : $"objects_{++_anonymous}";
            string candidate = name;
            for (int i = 2; !_names.Add(candidate); i++)
            {
                candidate = $"{name}_{i}";
            }

            return candidate;
        }

        private static readonly string[] Ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];

        /// <summary>Reads CLEVR-Ref+'s ordinal value inputs: ["the second one of the", "from left"] → (2, "left").</summary>
        internal static (int Rank, string Criteria) ParseOrdinal(ClevrProgramNode node, int index)
        {
            if (node.ValueInputs.Count != 2)
            {
                throw new ClevrTranslationException($"node {index} (filter_ordinal) needs two value inputs (the ordinal and the direction), found {node.ValueInputs.Count}");
            }

            string[] words = node.ValueInputs[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string word = words.Length >= 2 ? words[1] : string.Empty;
            int rank = Array.IndexOf(Ordinals, word == "nineth" ? "ninth" : word) + 1;
            if (rank == 0)
            {
                throw new ClevrTranslationException($"node {index} (filter_ordinal): unknown ordinal '{node.ValueInputs[0]}'");
            }

            string criteria = node.ValueInputs[1].Trim() switch
            {
                "from left" => "left",
                "from right" => "right",
                "from front" => "front",
                "from behind" => "behind",
                var other => throw new ClevrTranslationException($"node {index} (filter_ordinal): unknown direction '{other}'"),
            };
            return (rank, criteria);
        }

        private static string RelationVariable(ClevrRelation r) => r switch
        {
            ClevrRelation.Left => "left_of",
            ClevrRelation.Right => "right_of",
            ClevrRelation.Front => "in_front_of",
            _ => "behind",
        };

        private static ClevrAttribute AttributeOf(ClevrFunction f) => f switch
        {
            ClevrFunction.FilterColor or ClevrFunction.QueryColor or ClevrFunction.SameColor or ClevrFunction.EqualColor => ClevrAttribute.Color,
            ClevrFunction.FilterShape or ClevrFunction.QueryShape or ClevrFunction.SameShape or ClevrFunction.EqualShape => ClevrAttribute.Shape,
            ClevrFunction.FilterMaterial or ClevrFunction.QueryMaterial or ClevrFunction.SameMaterial or ClevrFunction.EqualMaterial => ClevrAttribute.Material,
            _ => ClevrAttribute.Size,
        };

        private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
