using Neptune.Clevr;
using Neptune.Learning;
using Neptune.Neural;
using Neptune.Neural.Layers;
using Neptune.Neural.Optimizers;

namespace Neptune.Clevr2D.Learning;

/// <summary>
/// Learned concept scorers over the pixel perception's object features: one small network per tuned attribute
/// (Linear → ReLU → Linear, or one Linear), each giving a distribution over the attribute's values; the attributes not
/// tuned keep the untouched pixel scorer. Heads are initialised from a seed (PyTorch's default initialisation), so a
/// new scorer is the deliberately re-initialised ("degraded") one.
/// </summary>
public sealed class ConceptScorer
{
    private readonly NeuralClassifier?[] _heads = new NeuralClassifier?[4];
    private readonly Parameter _mean;
    private readonly Parameter _std;

    /// <summary>Creates re-initialised heads.</summary>
    /// <param name="concepts">The tuned attributes.</param>
    /// <param name="hidden">Hidden units per head; 0 for a linear head.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="featureMean">The standardisation mean (saved with the weights).</param>
    /// <param name="featureStd">The standardisation deviation (saved with the weights).</param>
    /// <param name="seed">Seeds the initial weights.</param>
    /// <param name="threads">Threads of the networks; 0 = one per core.</param>
    public ConceptScorer(IReadOnlyList<ClevrAttribute> concepts, int hidden, double learningRate, float[] featureMean, float[] featureStd, int seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(concepts);
        ArgumentNullException.ThrowIfNull(featureMean);
        ArgumentNullException.ThrowIfNull(featureStd);
        ArgumentOutOfRangeException.ThrowIfNegative(hidden);
        const int f = PixelWorld.ConceptFeatureCount;
        Concepts = [.. concepts.Distinct().Order()];
        _mean = new Parameter("features.mean", f);
        _std = new Parameter("features.std", f);
        featureMean.AsSpan(0, f).CopyTo(_mean.Value);
        featureStd.AsSpan(0, f).CopyTo(_std.Value);
        foreach (ClevrAttribute a in Concepts)
        {
            string name = ClevrVocabulary.NameOf(a);
            int classes = ClevrVocabulary.ValuesOf(a).Count;
            Sequential network = hidden == 0
                ? new Sequential(new Linear($"{name}.fc", f, classes))
                : new Sequential(new Linear($"{name}.fc1", f, hidden), new Relu(hidden), new Linear($"{name}.fc2", hidden, classes));
            network.Initialize(new Random(Seeds.Derive(seed, (int)a, 17)));
            _heads[(int)a] = new NeuralClassifier(network, p => new Adam(p, (float)learningRate), new NeuralContext(Seeds.Derive(seed, (int)a, 18), threads));
        }
    }

    /// <summary>The tuned attributes, in <see cref="ClevrAttribute"/> order.</summary>
    public IReadOnlyList<ClevrAttribute> Concepts { get; }

    /// <summary>Whether an attribute has a learned head.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>True when it is tuned.</returns>
    public bool IsTuned(ClevrAttribute attribute) => _heads[(int)attribute] is not null;

    /// <summary>The head of a tuned attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The classifier over standardised features.</returns>
    /// <exception cref="ArgumentException">The attribute is not tuned.</exception>
    public IClassifier Head(ClevrAttribute attribute) =>
        _heads[(int)attribute] ?? throw new ArgumentException($"{attribute} is not a tuned concept", nameof(attribute));

    /// <summary>
    /// The scorer's values for a picture's objects: the most likely value of every tuned attribute, the untouched
    /// scorer's value of the others.
    /// </summary>
    /// <param name="picture">The picture (standardised features).</param>
    /// <returns>4 values per object.</returns>
    public int[] Values(ConceptPicture picture)
    {
        ArgumentNullException.ThrowIfNull(picture);
        int[] values = (int[])picture.Untouched.Clone();
        if (picture.Count == 0)
        {
            return values;
        }

        foreach (ClevrAttribute a in Concepts)
        {
            IClassifier head = _heads[(int)a]!;
            ReadOnlySpan<float> p = head.Predict(picture.Features, picture.Count, training: false);
            int classes = head.Classes;
            for (int i = 0; i < picture.Count; i++)
            {
                values[(4 * i) + (int)a] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(p.Slice(i * classes, classes));
            }
        }

        return values;
    }

    /// <summary>Writes the standardisation and every head's parameters (<see cref="WeightFile"/> format).</summary>
    /// <param name="stream">The destination.</param>
    public void Save(Stream stream) => WeightFile.Save(stream, AllParameters());

    /// <summary>Reads parameters written by <see cref="Save"/> of a scorer with the same concepts and sizes.</summary>
    /// <param name="stream">The source.</param>
    /// <exception cref="WeightFileException">The weights do not fit this scorer.</exception>
    public void Load(Stream stream) => WeightFile.Load(stream, AllParameters());

    private List<Parameter> AllParameters()
    {
        var all = new List<Parameter> { _mean, _std };
        foreach (ClevrAttribute a in Concepts)
        {
            all.AddRange(((NeuralClassifier)_heads[(int)a]!).Network.Parameters);
        }

        return all;
    }
}
