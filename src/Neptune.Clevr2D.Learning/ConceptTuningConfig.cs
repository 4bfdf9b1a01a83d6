using System.Globalization;
using Neptune.Clevr;
using Neptune.Configuration;

namespace Neptune.Clevr2D.Learning;

/// <summary>A <c>learn concepts</c> setting is missing, unknown or out of range, or the data cannot be used. The CLI exits with code 2.</summary>
public sealed class ConceptTuningException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The gradient estimator of a tuning run.</summary>
public enum ConceptMethod
{
    /// <summary>ISED: sampled attribute values per object, aggregated per answer.</summary>
    Ised = 0,

    /// <summary>REINFORCE.</summary>
    Reinforce = 1,

    /// <summary>IndeCateR.</summary>
    Indecater = 2,
}

/// <summary>The checked settings of a concept tuning run.</summary>
public sealed record ConceptTuningSettings
{
    /// <summary>The CLEVR scene file.</summary>
    public required string Scenes { get; init; }

    /// <summary>The CLEVR question file (questions with programs and answers over <see cref="Scenes"/>).</summary>
    public required string Questions { get; init; }

    /// <summary>Scenes, from the start of the scene file, whose questions train.</summary>
    public required int TrainScenes { get; init; }

    /// <summary>Scenes, from the end of the scene file, held out for testing.</summary>
    public required int TestScenes { get; init; }

    /// <summary>Training questions used at most (the first ones over the training scenes).</summary>
    public required int TrainSize { get; init; }

    /// <summary>Test questions used at most.</summary>
    public required int TestSize { get; init; }

    /// <summary>Training questions the per-epoch train accuracy is measured on (the first ones).</summary>
    public required int TrainEvalSize { get; init; }

    /// <summary>The attributes whose scorers are re-initialised and tuned; the others keep the untouched scorer.</summary>
    public required IReadOnlyList<ClevrAttribute> Concepts { get; init; }

    /// <summary>The estimator.</summary>
    public required ConceptMethod Method { get; init; }

    /// <summary>ISED's semiring: <c>add-mult</c> or <c>min-max</c>.</summary>
    public required string Semiring { get; init; }

    /// <summary>REINFORCE's advantage baseline.</summary>
    public required bool Baseline { get; init; }

    /// <summary>Samples per question.</summary>
    public required int K { get; init; }

    /// <summary>Epochs.</summary>
    public required int Epochs { get; init; }

    /// <summary>Questions per optimiser step.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Adam's learning rate.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Hidden units of each concept head (0: a linear head).</summary>
    public required int Hidden { get; init; }

    /// <summary>Seeds the re-initialised heads, the order of the questions and the samples.</summary>
    public required int Seed { get; init; }

    /// <summary>Threads; 0 = one per core.</summary>
    public required int Threads { get; init; }

    /// <summary>The output directory.</summary>
    public required string Out { get; init; }
}

/// <summary>
/// The settings of <c>neptune learn concepts</c> as written in a config file or given as flags (every field is both);
/// every value optional until <see cref="Resolve"/>.
/// </summary>
public sealed record ConceptTuningConfig
{
    /// <summary>The default list of tuned concepts.</summary>
    public const string AllConcepts = "color,shape,material,size";

    /// <summary>The fields of a <c>learn concepts</c> config file.</summary>
    public static ConfigSchema Schema { get; } = new("learn.concepts", "A CLEVR-2D concept tuning run (`neptune learn concepts --config FILE`)", [
        ConfigField.Path("scenes", ConfigValueKind.ExistingFile, "The CLEVR scene file; pictures are rendered from it and perceived from pixels.", "the shared CLEVR_train_scenes_1000.json"),
        ConfigField.Path("questions", ConfigValueKind.ExistingFile, "The CLEVR question file (official programs and answers) over those scenes.", "the shared CLEVR_train1000_questions_dev.json"),
        ConfigField.Integer("train_scenes", 1, 100_000, "Scenes from the start of the scene file whose questions train the scorers.", "200"),
        ConfigField.Integer("test_scenes", 1, 100_000, "Scenes from the end of the scene file, held out: their questions and objects test.", "100"),
        ConfigField.Integer("train_size", 1, 1_000_000, "Training questions used at most (the first ones over the training scenes).", "2000"),
        ConfigField.Integer("test_size", 1, 1_000_000, "Test questions used at most (the first ones over the held-out scenes).", "1000"),
        ConfigField.Integer("train_eval_size", 1, 1_000_000, "Training questions the per-epoch train accuracy is measured on (the first ones).", "300"),
        ConfigField.Text("concepts", "The attributes whose scorers are re-initialised (seeded) and tuned, comma-separated from color, shape, material, size; the others keep the untouched pixel scorer.", AllConcepts),
        ConfigField.Choice("method", ["ised", "reinforce", "indecater"], "The gradient estimator.", "ised"),
        ConfigField.Choice("semiring", ["add-mult", "min-max"], "ISED's aggregation of sampled tuples.", "add-mult"),
        ConfigField.Boolean("baseline", "REINFORCE: use the advantage (f - mean) / (std + 1e-8) instead of the raw reward.", "true"),
        ConfigField.Integer("k", 1, 100_000, "Samples per question.", "100"),
        ConfigField.Integer("epochs", 1, 10_000, "Training epochs.", "5"),
        ConfigField.Integer("batch_size", 1, 4096, "Questions per optimiser step.", "16"),
        ConfigField.Number("learning_rate", 0, 1, "Adam's learning rate.", "0.01", minimumExclusive: true),
        ConfigField.Integer("hidden", 0, 1024, "Hidden units of each concept head (Linear, ReLU, Linear); 0 is a linear head.", "16"),
        ConfigField.Integer("seed", int.MinValue, int.MaxValue, "Seeds the re-initialised heads, the order of the questions and the samples.", "0"),
        ConfigField.Integer("threads", 0, 256, "Threads; 0 = one per core.", "0"),
        ConfigField.Path("out", ConfigValueKind.Directory, "The output directory (log.jsonl, summary.json, concepts.weights); required."),
    ]);

    /// <summary><c>scenes</c>.</summary>
    public string? Scenes { get; init; }

    /// <summary><c>questions</c>.</summary>
    public string? Questions { get; init; }

    /// <summary><c>train_scenes</c>.</summary>
    public int? TrainScenes { get; init; }

    /// <summary><c>test_scenes</c>.</summary>
    public int? TestScenes { get; init; }

    /// <summary><c>train_size</c>.</summary>
    public int? TrainSize { get; init; }

    /// <summary><c>test_size</c>.</summary>
    public int? TestSize { get; init; }

    /// <summary><c>train_eval_size</c>.</summary>
    public int? TrainEvalSize { get; init; }

    /// <summary><c>concepts</c>.</summary>
    public string? Concepts { get; init; }

    /// <summary><c>method</c>.</summary>
    public string? Method { get; init; }

    /// <summary><c>semiring</c>.</summary>
    public string? Semiring { get; init; }

    /// <summary><c>baseline</c>.</summary>
    public bool? Baseline { get; init; }

    /// <summary><c>k</c>.</summary>
    public int? K { get; init; }

    /// <summary><c>epochs</c>.</summary>
    public int? Epochs { get; init; }

    /// <summary><c>batch_size</c>.</summary>
    public int? BatchSize { get; init; }

    /// <summary><c>learning_rate</c>.</summary>
    public double? LearningRate { get; init; }

    /// <summary><c>hidden</c>.</summary>
    public int? Hidden { get; init; }

    /// <summary><c>seed</c>.</summary>
    public int? Seed { get; init; }

    /// <summary><c>threads</c>.</summary>
    public int? Threads { get; init; }

    /// <summary><c>out</c>.</summary>
    public string? Out { get; init; }

    /// <summary>Reads a config file; relative paths resolve against its folder.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="notes">Receives deprecation notes; null drops them.</param>
    /// <returns>The values it sets.</returns>
    /// <exception cref="ConceptTuningException">The file is missing or has a bad field.</exception>
    public static ConceptTuningConfig Load(string path, ConfigNotes? notes = null)
    {
        try
        {
            return Read(ConfigReader.ForFile(path, Schema, notes));
        }
        catch (Exception e) when (e is ConfigException or InputFileException)
        {
            throw new ConceptTuningException(e.Message, e);
        }
    }

    /// <summary>Reads the values of a config object over <see cref="Schema"/> (a file or the flags).</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The values it sets.</returns>
    /// <exception cref="ConceptTuningException">A field has a bad value.</exception>
    public static ConceptTuningConfig Read(ConfigReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            return new ConceptTuningConfig
            {
                Scenes = reader.Path("scenes"),
                Questions = reader.Path("questions"),
                TrainScenes = reader.Int32("train_scenes"),
                TestScenes = reader.Int32("test_scenes"),
                TrainSize = reader.Int32("train_size"),
                TestSize = reader.Int32("test_size"),
                TrainEvalSize = reader.Int32("train_eval_size"),
                Concepts = reader.String("concepts"),
                Method = reader.Choice("method"),
                Semiring = reader.Choice("semiring"),
                Baseline = reader.Boolean("baseline"),
                K = reader.Int32("k"),
                Epochs = reader.Int32("epochs"),
                BatchSize = reader.Int32("batch_size"),
                LearningRate = reader.Number("learning_rate"),
                Hidden = reader.Int32("hidden"),
                Seed = reader.Int32("seed"),
                Threads = reader.Int32("threads"),
                Out = reader.Path("out"),
            };
        }
        catch (Exception e) when (e is ConfigException or InputFileException)
        {
            throw new ConceptTuningException(e.Message, e);
        }
    }

    /// <summary>Layers values: every value set in <paramref name="top"/> wins.</summary>
    /// <param name="top">The values on top (the flags).</param>
    /// <returns>The combined values.</returns>
    public ConceptTuningConfig Overlay(ConceptTuningConfig top)
    {
        ArgumentNullException.ThrowIfNull(top);
        return new ConceptTuningConfig
        {
            Scenes = top.Scenes ?? Scenes,
            Questions = top.Questions ?? Questions,
            TrainScenes = top.TrainScenes ?? TrainScenes,
            TestScenes = top.TestScenes ?? TestScenes,
            TrainSize = top.TrainSize ?? TrainSize,
            TestSize = top.TestSize ?? TestSize,
            TrainEvalSize = top.TrainEvalSize ?? TrainEvalSize,
            Concepts = top.Concepts ?? Concepts,
            Method = top.Method ?? Method,
            Semiring = top.Semiring ?? Semiring,
            Baseline = top.Baseline ?? Baseline,
            K = top.K ?? K,
            Epochs = top.Epochs ?? Epochs,
            BatchSize = top.BatchSize ?? BatchSize,
            LearningRate = top.LearningRate ?? LearningRate,
            Hidden = top.Hidden ?? Hidden,
            Seed = top.Seed ?? Seed,
            Threads = top.Threads ?? Threads,
            Out = top.Out ?? Out,
        };
    }

    /// <summary>Applies the defaults and checks the combination.</summary>
    /// <returns>The settings.</returns>
    /// <exception cref="ConceptTuningException">No output directory, no data, or values that do not go together.</exception>
    public ConceptTuningSettings Resolve()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            throw new ConceptTuningException("no output directory: set 'out' in the config or pass --out DIR");
        }

        string? scenes = Scenes, questions = Questions;
        if (scenes is null || questions is null)
        {
            string root = ClevrDataFiles.FindRepositoryRoot(Directory.GetCurrentDirectory())
                ?? throw new ConceptTuningException($"no CLEVR files given and no directory holding Neptune.slnx above '{Directory.GetCurrentDirectory()}'; set 'scenes' and 'questions'");
            string data = ClevrDataFiles.DataDirectory(root);
            scenes ??= Path.Combine(data, ClevrDataFiles.TrainScenes1000);
            questions ??= Path.Combine(data, ClevrDataFiles.TrainQuestions10000);
        }

        return new ConceptTuningSettings
        {
            Scenes = scenes,
            Questions = questions,
            TrainScenes = TrainScenes ?? 200,
            TestScenes = TestScenes ?? 100,
            TrainSize = TrainSize ?? 2000,
            TestSize = TestSize ?? 1000,
            TrainEvalSize = TrainEvalSize ?? 300,
            Concepts = ParseConcepts(Concepts ?? AllConcepts),
            Method = Method switch
            {
                null or "ised" => ConceptMethod.Ised,
                "reinforce" => ConceptMethod.Reinforce,
                "indecater" => ConceptMethod.Indecater,
                _ => throw new ConceptTuningException($"method: unknown '{Method}'"),
            },
            Semiring = Semiring ?? "add-mult",
            Baseline = Baseline ?? true,
            K = K ?? 100,
            Epochs = Epochs ?? 5,
            BatchSize = BatchSize ?? 16,
            LearningRate = LearningRate ?? 0.01,
            Hidden = Hidden ?? 16,
            Seed = Seed ?? 0,
            Threads = Threads ?? 0,
            Out = Path.GetFullPath(Out),
        };
    }

    /// <summary>Parses a comma-separated list of attribute names (each at most once, at least one).</summary>
    /// <param name="text">For example <c>color,shape</c>.</param>
    /// <returns>The attributes, in <see cref="ClevrAttribute"/> order.</returns>
    /// <exception cref="ConceptTuningException">An unknown or repeated name, or none.</exception>
    public static IReadOnlyList<ClevrAttribute> ParseConcepts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var set = new SortedSet<ClevrAttribute>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!ClevrVocabulary.TryParseAttribute(part, out ClevrAttribute attribute))
            {
                throw new ConceptTuningException($"concepts: unknown attribute '{part}' (expected a comma-separated list of color, shape, material, size)");
            }

            if (!set.Add(attribute))
            {
                throw new ConceptTuningException($"concepts: '{part}' is listed twice");
            }
        }

        return set.Count == 0
            ? throw new ConceptTuningException("concepts: name at least one of color, shape, material, size")
            : [.. set];
    }

    /// <summary>The settings as snake_case JSON fields, for summaries.</summary>
    /// <param name="s">The settings.</param>
    /// <returns>Field name to value.</returns>
    public static SortedDictionary<string, object?> Describe(ConceptTuningSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["scenes"] = s.Scenes,
            ["questions"] = s.Questions,
            ["train_scenes"] = s.TrainScenes,
            ["test_scenes"] = s.TestScenes,
            ["train_size"] = s.TrainSize,
            ["test_size"] = s.TestSize,
            ["train_eval_size"] = s.TrainEvalSize,
            ["concepts"] = string.Join(',', s.Concepts.Select(ClevrVocabulary.NameOf)),
            ["method"] = s.Method.ToString().ToLower(CultureInfo.InvariantCulture),
            ["semiring"] = s.Semiring,
            ["baseline"] = s.Baseline,
            ["k"] = s.K,
            ["epochs"] = s.Epochs,
            ["batch_size"] = s.BatchSize,
            ["learning_rate"] = s.LearningRate,
            ["hidden"] = s.Hidden,
            ["seed"] = s.Seed,
            ["threads"] = s.Threads,
        };
    }
}
