using Neptune.Clevr;
using Neptune.Clevr.Translation;
using Neptune.Language;
using Neptune.Language.Library;
using Neptune.Language.Runtime;
using Neptune.Learning.BlackBoxes;
using Neptune.Perception;

namespace Neptune.Clevr2D.Learning;

/// <summary>
/// One rendered CLEVR scene as the pixel perception sees it, with what concept learning needs: the fixed objects and
/// relations, each object's standardised feature vector, the untouched scorer's values and (for measuring only) the
/// annotated values of the object each detection matches.
/// </summary>
public sealed class ConceptPicture
{
    /// <summary>Creates the picture.</summary>
    /// <param name="imageIndex">The scene's image index.</param>
    /// <param name="scene">The objects and relations.</param>
    /// <param name="features">Objects × <see cref="PixelWorld.ConceptFeatureCount"/> raw features.</param>
    /// <param name="untouched">Object-major attribute values (4 per object) chosen by the untouched pixel scorer.</param>
    /// <param name="truth">Object-major annotated values of the matched object (IoU ≥ 0.5), −1 for unmatched detections.</param>
    public ConceptPicture(int imageIndex, ConceptScene scene, float[] features, int[] untouched, int[] truth)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ImageIndex = imageIndex;
        Scene = scene;
        Features = features ?? throw new ArgumentNullException(nameof(features));
        Untouched = untouched ?? throw new ArgumentNullException(nameof(untouched));
        Truth = truth ?? throw new ArgumentNullException(nameof(truth));
    }

    /// <summary>The scene's image index.</summary>
    public int ImageIndex { get; }

    /// <summary>The objects and relations.</summary>
    public ConceptScene Scene { get; }

    /// <summary>The number of detected objects.</summary>
    public int Count => Scene.Objects.Count;

    /// <summary>Objects × <see cref="PixelWorld.ConceptFeatureCount"/> features (standardised once the data is loaded).</summary>
    public float[] Features { get; }

    /// <summary>The untouched scorer's values, 4 per object.</summary>
    public int[] Untouched { get; }

    /// <summary>The annotated values, 4 per object; −1 for unmatched detections. Never used for training.</summary>
    public int[] Truth { get; }

    /// <summary>Renders a scene and perceives it from its pixels.</summary>
    /// <param name="scene">The scene.</param>
    /// <returns>The picture, with raw features.</returns>
    public static ConceptPicture Perceive(ClevrScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var world = new PixelWorld(ClevrRenderer.Render(scene));
        int n = world.Objects.Count;
        var features = new float[n * PixelWorld.ConceptFeatureCount];
        var untouched = new int[n * 4];
        for (int i = 0; i < n; i++)
        {
            world.ConceptFeatures(i).CopyTo(features, i * PixelWorld.ConceptFeatureCount);
            for (int a = 0; a < 4; a++)
            {
                var d = world.Distribution(i, (ClevrAttribute)a);
                int best = 0;
                for (int v = 1; v < d.Count; v++)
                {
                    best = d[v] > d[best] ? v : best;
                }

                untouched[(4 * i) + a] = best;
            }
        }

        var boxes = world.Objects.Select(o => o.Box).ToList();
        int[] match = Clevr2D.DetectionMetrics.Match(boxes, [.. scene.Objects.Select(ClevrGeometry.BoxOf)]);
        var truth = new int[n * 4];
        for (int i = 0; i < n; i++)
        {
            for (int a = 0; a < 4; a++)
            {
                var attribute = (ClevrAttribute)a;
                truth[(4 * i) + a] = match[i] < 0
                    ? -1
                    : IndexOf(ClevrVocabulary.ValuesOf(attribute), scene.Objects[match[i]].Get(attribute));
            }
        }

        return new ConceptPicture(scene.ImageIndex, new ConceptScene(world), features, untouched, truth);
    }

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (int i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// One CLEVR question as a learning example: its program (the official functional program translated to Neptune),
/// its answer, its picture, and the input positions a concept learner samples — one per object of the picture and
/// per tuned attribute the program reads.
/// </summary>
public sealed class ConceptQuestion : IBlackBox
{
    private readonly ConceptPicture _picture;
    private readonly (int Object, ClevrAttribute Attribute)[] _positions;
    private readonly ProgramBlackBox _program;
    private readonly MemoizedBlackBox _memo;

    /// <summary>Creates the example.</summary>
    /// <param name="id">Its index in its list.</param>
    /// <param name="text">The question.</param>
    /// <param name="answer">The expected answer.</param>
    /// <param name="picture">The picture it is about.</param>
    /// <param name="program">The prepared program.</param>
    /// <param name="read">The attributes the program reads.</param>
    /// <param name="tuned">The attributes being learned.</param>
    public ConceptQuestion(int id, string text, string answer, ConceptPicture picture, PreparedProgram program, IReadOnlySet<ClevrAttribute> read, IReadOnlyList<ClevrAttribute> tuned)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(tuned);
        Id = id;
        Text = text ?? throw new ArgumentNullException(nameof(text));
        Answer = answer ?? throw new ArgumentNullException(nameof(answer));
        _picture = picture ?? throw new ArgumentNullException(nameof(picture));
        var positions = new List<(int, ClevrAttribute)>();
        foreach (ClevrAttribute a in tuned.Where(read.Contains))
        {
            for (int i = 0; i < picture.Count; i++)
            {
                positions.Add((i, a));
            }
        }

        _positions = [.. positions];
        _program = new ProgramBlackBox(program ?? throw new ArgumentNullException(nameof(program)), Perception, output: ClevrAnswers.FromRun);
        _memo = new MemoizedBlackBox(_program, capacity: 20_000);
    }

    /// <summary>Its index in its list (seeds its samples).</summary>
    public int Id { get; }

    /// <summary>The question.</summary>
    public string Text { get; }

    /// <summary>The expected answer.</summary>
    public string Answer { get; }

    /// <summary>The picture.</summary>
    public ConceptPicture Picture => _picture;

    /// <summary>The input positions: (object, attribute) pairs, attribute-major.</summary>
    public IReadOnlyList<(int Object, ClevrAttribute Attribute)> Positions => _positions;

    /// <summary>Interpreter runs made (distinct tuples).</summary>
    public long Runs => _program.Runs;

    /// <summary>Black-box calls (memoised or not).</summary>
    public long Calls => _memo.Calls;

    /// <summary>Interpreter time, summed over threads.</summary>
    public TimeSpan Elapsed => _program.Elapsed;

    /// <summary>
    /// Runs the program with the given value at each position (every other attribute as the untouched scorer gives
    /// it). A value outside its attribute's range is a failed run.
    /// </summary>
    /// <param name="symbols">One value index per position.</param>
    /// <returns>The answer, or null when the run failed or gave no answer.</returns>
    public string? Run(ReadOnlySpan<int> symbols)
    {
        if (symbols.Length != _positions.Length)
        {
            throw new ArgumentException($"{symbols.Length} values for {_positions.Length} positions", nameof(symbols));
        }

        for (int p = 0; p < symbols.Length; p++)
        {
            if ((uint)symbols[p] >= (uint)ClevrVocabulary.ValuesOf(_positions[p].Attribute).Count)
            {
                return null;
            }
        }

        return _memo.Run(symbols);
    }

    /// <summary>The values at this question's positions taken from object-major values of its picture.</summary>
    /// <param name="values">4 values per object.</param>
    /// <returns>One value per position.</returns>
    public int[] Select(int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var symbols = new int[_positions.Length];
        for (int p = 0; p < symbols.Length; p++)
        {
            symbols[p] = values[(4 * _positions[p].Object) + (int)_positions[p].Attribute];
        }

        return symbols;
    }

    private IScenePerception Perception(int[] symbols)
    {
        int[] values = (int[])_picture.Untouched.Clone();
        for (int p = 0; p < symbols.Length; p++)
        {
            values[(4 * _positions[p].Object) + (int)_positions[p].Attribute] = symbols[p];
        }

        return new ConceptWorld(_picture.Scene, values);
    }

    /// <summary>The attributes an official CLEVR program reads (filter, query, same and equal nodes).</summary>
    /// <param name="program">The program's nodes.</param>
    /// <returns>The attributes.</returns>
    public static IReadOnlySet<ClevrAttribute> AttributesRead(IReadOnlyList<ClevrProgramNode> program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var read = new HashSet<ClevrAttribute>();
        foreach (ClevrProgramNode node in program)
        {
            string name = node.FunctionName;
            int underscore = name.LastIndexOf('_');
            if (underscore > 0 && ClevrVocabulary.TryParseAttribute(name[(underscore + 1)..], out ClevrAttribute a) &&
                name[..underscore] is "filter" or "query" or "same" or "equal")
            {
                read.Add(a);
            }
        }

        return read;
    }
}

/// <summary>Maps a program's result to a CLEVR answer as evaluation does.</summary>
public static class ClevrAnswers
{
    /// <summary>
    /// <c>bool</c> → yes/no; a rank-0 tensor → yes at p ≥ 0.5, else no; <c>int</c> → its digits; <c>str</c> → trimmed,
    /// lower case; anything else (and a failed run) → null.
    /// </summary>
    /// <param name="result">The run.</param>
    /// <returns>The answer, or null.</returns>
    public static string? FromRun(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Value switch
        {
            PyBool b => b.IsTrue ? "yes" : "no",
            PyInt i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            PyStr s when s.Value.Trim() is { Length: > 0 } text => text.ToLowerInvariant(),
            PyTensor t when t.Tensor.Rank == 0 && !float.IsNaN(t.Tensor.Values[0]) => t.Tensor.Values[0] >= 0.5f ? "yes" : "no",
            _ => null,
        };
    }
}

/// <summary>The pictures and questions of a tuning run: training scenes from the start of the file, held-out scenes from its end.</summary>
public sealed class ConceptData
{
    private ConceptData(IReadOnlyList<ConceptPicture> trainPictures, IReadOnlyList<ConceptPicture> testPictures, IReadOnlyList<ConceptQuestion> train, IReadOnlyList<ConceptQuestion> test, int untranslated, float[] mean, float[] std)
    {
        TrainPictures = trainPictures;
        TestPictures = testPictures;
        Train = train;
        Test = test;
        Untranslated = untranslated;
        FeatureMean = mean;
        FeatureStd = std;
    }

    /// <summary>The perceived training scenes that have questions.</summary>
    public IReadOnlyList<ConceptPicture> TrainPictures { get; }

    /// <summary>The perceived held-out scenes.</summary>
    public IReadOnlyList<ConceptPicture> TestPictures { get; }

    /// <summary>Training questions.</summary>
    public IReadOnlyList<ConceptQuestion> Train { get; }

    /// <summary>Test questions (over held-out scenes).</summary>
    public IReadOnlyList<ConceptQuestion> Test { get; }

    /// <summary>Questions left out because their program could not be translated or prepared.</summary>
    public int Untranslated { get; }

    /// <summary>The per-feature mean over the training pictures' objects (features are standardised with it).</summary>
    public float[] FeatureMean { get; }

    /// <summary>The per-feature standard deviation over the training pictures' objects (at least 1e-3).</summary>
    public float[] FeatureStd { get; }

    /// <summary>Reads, renders, perceives and translates.</summary>
    /// <param name="s">The settings.</param>
    /// <param name="cancellationToken">Stops between scenes.</param>
    /// <returns>The data.</returns>
    /// <exception cref="ConceptTuningException">The scene split does not fit the file, or no question is left.</exception>
    /// <exception cref="ClevrDataException">A file is not valid CLEVR data.</exception>
    public static ConceptData Load(ConceptTuningSettings s, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(s);
        ClevrSceneSet scenes = ClevrSceneReader.LoadAll(s.Scenes);
        if (s.TrainScenes + s.TestScenes > scenes.Count)
        {
            throw new ConceptTuningException($"train_scenes ({s.TrainScenes}) + test_scenes ({s.TestScenes}) exceed the {scenes.Count} scenes of '{s.Scenes}'");
        }

        var role = new Dictionary<int, bool>();
        for (int i = 0; i < s.TrainScenes; i++)
        {
            role[scenes[i].ImageIndex] = true;
        }

        for (int i = scenes.Count - s.TestScenes; i < scenes.Count; i++)
        {
            role[scenes[i].ImageIndex] = false;
        }

        var engine = new ProgramEngine();
        var trainRaw = new List<(ClevrQuestion Q, PreparedProgram P)>();
        var testRaw = new List<(ClevrQuestion Q, PreparedProgram P)>();
        int untranslated = 0;
        foreach (ClevrQuestion q in ClevrQuestionReader.Read(s.Questions))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (q.Answer is null || q.Program.Count == 0 || !role.TryGetValue(q.ImageIndex, out bool isTrain))
            {
                continue;
            }

            var list = isTrain ? trainRaw : testRaw;
            if (list.Count >= (isTrain ? s.TrainSize : s.TestSize))
            {
                continue;
            }

            try
            {
                list.Add((q, engine.Prepare(ClevrProgramTranslator.Translate(q.Program), $"question-{q.QuestionIndex ?? list.Count}.py")));
            }
            catch (Exception e) when (e is ClevrTranslationException or ProgramValidationException)
            {
                untranslated++;
            }
        }

        if (trainRaw.Count == 0 || testRaw.Count == 0)
        {
            throw new ConceptTuningException($"'{s.Questions}' has {trainRaw.Count} usable questions over the {s.TrainScenes} training scenes and {testRaw.Count} over the {s.TestScenes} held-out scenes; both must have some");
        }

        int[] needed = [.. trainRaw.Concat(testRaw).Select(x => x.Q.ImageIndex).Distinct().Order()];
        var pictures = new ConceptPicture[needed.Length];
        Parallel.For(0, needed.Length, new ParallelOptions { MaxDegreeOfParallelism = s.Threads == 0 ? Environment.ProcessorCount : s.Threads, CancellationToken = cancellationToken }, i =>
            pictures[i] = ConceptPicture.Perceive(scenes.GetByImageIndex(needed[i])));
        var byIndex = pictures.ToDictionary(p => p.ImageIndex);
        var trainPictures = pictures.Where(p => role[p.ImageIndex]).ToList();
        var testPictures = pictures.Where(p => !role[p.ImageIndex]).ToList();
        (float[] mean, float[] std) = Standardise(trainPictures, pictures);

        List<ConceptQuestion> Build(List<(ClevrQuestion Q, PreparedProgram P)> raw) =>
            [.. raw.Select((x, i) => new ConceptQuestion(i, x.Q.Question, x.Q.Answer!, byIndex[x.Q.ImageIndex], x.P, ConceptQuestion.AttributesRead(x.Q.Program), s.Concepts))];
        return new ConceptData(trainPictures, testPictures, Build(trainRaw), Build(testRaw), untranslated, mean, std);
    }

    private static (float[] Mean, float[] Std) Standardise(IReadOnlyList<ConceptPicture> train, IReadOnlyList<ConceptPicture> all)
    {
        const int f = PixelWorld.ConceptFeatureCount;
        var mean = new double[f];
        var square = new double[f];
        long n = 0;
        foreach (ConceptPicture p in train)
        {
            for (int i = 0; i < p.Count; i++)
            {
                for (int j = 0; j < f; j++)
                {
                    double v = p.Features[(i * f) + j];
                    mean[j] += v;
                    square[j] += v * v;
                }

                n++;
            }
        }

        var m = new float[f];
        var sd = new float[f];
        for (int j = 0; j < f; j++)
        {
            double mu = n == 0 ? 0 : mean[j] / n;
            double variance = n == 0 ? 1 : Math.Max(0, (square[j] / n) - (mu * mu));
            m[j] = (float)mu;
            sd[j] = (float)Math.Max(Math.Sqrt(variance), 1e-3);
        }

        foreach (ConceptPicture p in all)
        {
            for (int i = 0; i < p.Features.Length; i++)
            {
                p.Features[i] = (p.Features[i] - m[i % f]) / sd[i % f];
            }
        }

        return (m, sd);
    }
}
