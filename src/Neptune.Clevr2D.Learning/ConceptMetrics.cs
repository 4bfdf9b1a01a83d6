using Neptune.Clevr;

namespace Neptune.Clevr2D.Learning;

/// <summary>F1 of one concept (an attribute value such as "red"): the value predicted for an object against its annotation.</summary>
/// <param name="Attribute">The attribute.</param>
/// <param name="Value">The value.</param>
/// <param name="TruePositives">Objects annotated and predicted with the value.</param>
/// <param name="FalsePositives">Objects predicted with the value but annotated otherwise.</param>
/// <param name="FalseNegatives">Objects annotated with the value but predicted otherwise.</param>
public sealed record ConceptF1(ClevrAttribute Attribute, string Value, int TruePositives, int FalsePositives, int FalseNegatives)
{
    /// <summary>2 TP / (2 TP + FP + FN); 0 when the value never occurs nor is predicted.</summary>
    public double F1 => TruePositives + FalsePositives + FalseNegatives == 0 ? 0 : 2.0 * TruePositives / ((2.0 * TruePositives) + FalsePositives + FalseNegatives);
}

/// <summary>Per-concept F1 and per-attribute accuracy of a scorer over detections matched to annotated objects.</summary>
public static class ConceptMetrics
{
    /// <summary>Scores a scorer's values against the annotations.</summary>
    /// <param name="pictures">The pictures (only detections matched to an object count).</param>
    /// <param name="valuesOf">The values (4 per object) of each picture.</param>
    /// <returns>One entry per attribute value, attributes and values in vocabulary order.</returns>
    public static IReadOnlyList<ConceptF1> Compute(IEnumerable<ConceptPicture> pictures, Func<ConceptPicture, int[]> valuesOf)
    {
        ArgumentNullException.ThrowIfNull(pictures);
        ArgumentNullException.ThrowIfNull(valuesOf);
        var counts = new int[4][][];
        for (int a = 0; a < 4; a++)
        {
            int n = ClevrVocabulary.ValuesOf((ClevrAttribute)a).Count;
            counts[a] = [new int[n], new int[n], new int[n]];
        }

        foreach (ConceptPicture p in pictures)
        {
            int[] values = valuesOf(p);
            for (int i = 0; i < p.Count; i++)
            {
                for (int a = 0; a < 4; a++)
                {
                    int truth = p.Truth[(4 * i) + a];
                    if (truth < 0)
                    {
                        continue;
                    }

                    int predicted = values[(4 * i) + a];
                    if (predicted == truth)
                    {
                        counts[a][0][truth]++;
                    }
                    else
                    {
                        counts[a][1][predicted]++;
                        counts[a][2][truth]++;
                    }
                }
            }
        }

        var result = new List<ConceptF1>();
        for (int a = 0; a < 4; a++)
        {
            var attribute = (ClevrAttribute)a;
            var names = ClevrVocabulary.ValuesOf(attribute);
            for (int v = 0; v < names.Count; v++)
            {
                result.Add(new ConceptF1(attribute, names[v], counts[a][0][v], counts[a][1][v], counts[a][2][v]));
            }
        }

        return result;
    }

    /// <summary>The mean F1 over an attribute's values.</summary>
    /// <param name="f1">Entries from <see cref="Compute"/>.</param>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The macro F1.</returns>
    public static double MacroF1(IReadOnlyList<ConceptF1> f1, ClevrAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(f1);
        var of = f1.Where(c => c.Attribute == attribute).ToList();
        return of.Count == 0 ? 0 : of.Average(c => c.F1);
    }

    /// <summary>The fraction of matched objects whose value of an attribute is right.</summary>
    /// <param name="f1">Entries from <see cref="Compute"/>.</param>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The accuracy.</returns>
    public static double Accuracy(IReadOnlyList<ConceptF1> f1, ClevrAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(f1);
        var of = f1.Where(c => c.Attribute == attribute).ToList();
        int right = of.Sum(c => c.TruePositives);
        int total = right + of.Sum(c => c.FalseNegatives);
        return total == 0 ? 0 : (double)right / total;
    }
}
