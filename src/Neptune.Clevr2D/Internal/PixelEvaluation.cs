using Neptune.Clevr;

namespace Neptune.Clevr2D.Internal;

/// <summary>
/// Measures pixel perception on rendered scenes. Detections are matched to annotated objects (IoU ≥ 0.5) for scoring
/// only; the world never sees the annotations.
/// </summary>
internal sealed class PixelEvaluation
{
    public DetectionMetrics Detection { get; private set; }

    /// <summary>Correct / total argmax answers per attribute, over matched objects.</summary>
    public int[] AttributeCorrect { get; } = new int[4];

    public int[] AttributeTotal { get; } = new int[4];

    /// <summary>Correct / total sides of 0.5 per relation, over ordered pairs of matched objects.</summary>
    public int[] RelationCorrect { get; } = new int[4];

    public int[] RelationTotal { get; } = new int[4];

    /// <summary>Sum of P(fact) over true attribute-value facts, and their count.</summary>
    public double TrueFactScore { get; private set; }

    public int TrueFacts { get; private set; }

    /// <summary>Facts (true and false, attribute values and relations) scored on the wrong side of 0.5.</summary>
    public int WrongSide { get; private set; }

    public int Facts { get; private set; }

    public double AttributeAccuracy(ClevrAttribute a) => AttributeCorrect[(int)a] / (double)Math.Max(1, AttributeTotal[(int)a]);

    public double RelationAccuracy(ClevrRelation r) => RelationCorrect[(int)r] / (double)Math.Max(1, RelationTotal[(int)r]);

    public void Add(ClevrScene scene)
    {
        var world = new PixelWorld(ClevrRenderer.Render(scene));
        var boxes = new List<Neptune.Perception.BoundingBox>(world.Objects.Count);
        foreach (var o in world.Objects)
        {
            boxes.Add(o.Box);
        }

        var reference = scene.Objects.Select(ClevrGeometry.BoxOf).ToList();
        var match = DetectionMetrics.Match(boxes, reference);
        int tp = match.Count(m => m >= 0);
        Detection += new DetectionMetrics(tp, boxes.Count - tp, reference.Count - tp);

        for (int d = 0; d < match.Length; d++)
        {
            if (match[d] < 0)
            {
                continue;
            }

            var truth = scene.Objects[match[d]];
            var estimate = world.EstimateOf(d);
            for (int a = 0; a < 4; a++)
            {
                var attribute = (ClevrAttribute)a;
                AttributeTotal[a]++;
                string value = truth.Get(attribute);
                AttributeCorrect[a] += estimate.MostLikely(attribute) == value ? 1 : 0;
                var values = ClevrVocabulary.ValueArray(attribute);
                var distribution = estimate.Distribution(attribute);
                for (int v = 0; v < values.Length; v++)
                {
                    bool holds = values[v] == value;
                    Count(holds, distribution[v]);
                    if (holds)
                    {
                        TrueFactScore += distribution[v];
                        TrueFacts++;
                    }
                }
            }
        }

        for (int i = 0; i < match.Length; i++)
        {
            for (int j = 0; j < match.Length; j++)
            {
                if (i == j || match[i] < 0 || match[j] < 0)
                {
                    continue;
                }

                for (int r = 0; r < 4; r++)
                {
                    var relation = (ClevrRelation)r;
                    bool holds = scene.Relationships.Holds(relation, match[i], match[j]);
                    var q = QuestionInterpreter.Interpret(ClevrQuestions.Relation(relation));
                    float p = world.Probability(q, [i, j]);
                    RelationTotal[r]++;
                    RelationCorrect[r] += (p >= 0.5f) == holds ? 1 : 0;
                    Count(holds, p);
                    if (holds)
                    {
                        TrueFactScore += p;
                        TrueFacts++;
                    }
                }
            }
        }
    }

    private void Count(bool holds, float p)
    {
        Facts++;
        WrongSide += (p >= 0.5f) != holds ? 1 : 0;
    }
}
