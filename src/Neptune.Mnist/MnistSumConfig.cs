using System.Globalization;
using Neptune.Configuration;

namespace Neptune.Mnist;

/// <summary>A <c>learn mnist-sum</c> setting is missing, unknown or out of range. The CLI exits with code 2.</summary>
public sealed class MnistConfigException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The gradient estimator of a run.</summary>
public enum LearningMethod
{
    /// <summary>ISED.</summary>
    Ised = 0,

    /// <summary>REINFORCE.</summary>
    Reinforce = 1,

    /// <summary>IndeCateR.</summary>
    Indecater = 2,
}

/// <summary>The digit network.</summary>
public enum DigitNetwork
{
    /// <summary>Conv 32, Conv 64, FC 1024, dropout, FC 10 (MNIST-R sum_2/3/4).</summary>
    Conv = 0,

    /// <summary>LeNet (MNIST-R sum_8/12/16).</summary>
    Lenet = 1,
}

/// <summary>The checked settings of an MNIST sum_n run.</summary>
public sealed record MnistSumSettings
{
    /// <summary>The IDX image file.</summary>
    public required string Images { get; init; }

    /// <summary>The IDX label file.</summary>
    public required string Labels { get; init; }

    /// <summary>A Neptune program file replacing the built-in sum, or null.</summary>
    public string? Program { get; init; }

    /// <summary>n.</summary>
    public required int Digits { get; init; }

    /// <summary>The estimator.</summary>
    public required LearningMethod Method { get; init; }

    /// <summary>ISED's semiring: <c>add-mult</c> or <c>min-max</c>.</summary>
    public required string Semiring { get; init; }

    /// <summary>REINFORCE's advantage baseline.</summary>
    public required bool Baseline { get; init; }

    /// <summary>Samples per example.</summary>
    public required int K { get; init; }

    /// <summary>ISED's output space: <c>sampled</c> or <c>fixed</c> (0..9n).</summary>
    public required string OutputSpace { get; init; }

    /// <summary>Epochs.</summary>
    public required int Epochs { get; init; }

    /// <summary>Seeds the network, the tuples, the order and the samples.</summary>
    public required int Seed { get; init; }

    /// <summary>Seeds the 8,000 / 2,000 split of the digits.</summary>
    public required int SplitSeed { get; init; }

    /// <summary>Digits of the split used for training tuples (the rest form the test tuples).</summary>
    public required int TrainDigits { get; init; }

    /// <summary>Training tuples.</summary>
    public required int TrainSize { get; init; }

    /// <summary>Test tuples.</summary>
    public required int TestSize { get; init; }

    /// <summary>Training tuples the train accuracy is measured on (the first ones).</summary>
    public required int TrainEvalSize { get; init; }

    /// <summary>Examples per optimiser step.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Adam's learning rate.</summary>
    public required double LearningRate { get; init; }

    /// <summary>The digit network.</summary>
    public required DigitNetwork Network { get; init; }

    /// <summary>Threads; 0 = one per core.</summary>
    public required int Threads { get; init; }

    /// <summary>The output directory.</summary>
    public required string Out { get; init; }
}

/// <summary>
/// The settings of <c>neptune learn mnist-sum</c> as written in a config file or given as flags (every field is both);
/// every value optional until <see cref="Resolve"/>.
/// </summary>
public sealed record MnistSumConfig
{
    /// <summary>The fields of a <c>learn mnist-sum</c> config file.</summary>
    public static ConfigSchema Schema { get; } = new("learn.mnist_sum", "An MNIST sum_n learning run (`neptune learn mnist-sum --config FILE`)", [
        ConfigField.Path("images", ConfigValueKind.ExistingFile, "The IDX image file (gzip or plain).", "the shared t10k-images-idx3-ubyte.gz"),
        ConfigField.Path("labels", ConfigValueKind.ExistingFile, "The IDX label file (gzip or plain).", "the shared t10k-labels-idx1-ubyte.gz"),
        ConfigField.Path("program", ConfigValueKind.ExistingFile, "A Neptune program run as the black box: it reads digit i with query(question, i) and returns the output; unset is the built-in sum.", "the built-in sum"),
        ConfigField.Integer("digits", 1, 16, "n: digits per example (sum_n).", "2"),
        ConfigField.Choice("method", ["ised", "reinforce", "indecater"], "The gradient estimator.", "ised"),
        ConfigField.Choice("semiring", ["add-mult", "min-max"], "ISED's aggregation of sampled tuples.", "add-mult"),
        ConfigField.Boolean("baseline", "REINFORCE: use the advantage (f - mean) / (std + 1e-8) instead of the raw reward.", "true"),
        ConfigField.Integer("k", 1, 100_000, "Samples per example.", "100"),
        ConfigField.Choice("output_space", ["sampled", "fixed"], "ISED's output space: the outputs sampled for each example, or every sum 0..9n.", "sampled"),
        ConfigField.Integer("epochs", 1, 10_000, "Training epochs.", "1"),
        ConfigField.Integer("seed", int.MinValue, int.MaxValue, "Seeds the network, the tuples, their order and the samples.", "0"),
        ConfigField.Integer("split_seed", int.MinValue, int.MaxValue, "Seeds the split of the 10,000 digits into training and test digits.", "0"),
        ConfigField.Integer("train_digits", 10, 9_990, "Digits of the split that training tuples draw from; the rest are the test digits.", "8000"),
        ConfigField.Integer("train_size", 1, 1_000_000, "Training tuples.", "5000"),
        ConfigField.Integer("test_size", 1, 1_000_000, "Test tuples.", "1000"),
        ConfigField.Integer("train_eval_size", 1, 1_000_000, "Training tuples the per-epoch train accuracy is measured on (the first ones).", "1000"),
        ConfigField.Integer("batch_size", 1, 4096, "Examples per optimiser step.", "16"),
        ConfigField.Number("learning_rate", 0, 1, "Adam's learning rate.", "1e-4 for conv, 1e-3 for lenet", minimumExclusive: true),
        ConfigField.Choice("network", ["conv", "lenet"], "The digit network: conv (Conv 32, Conv 64, FC 1024) or lenet.", "conv for n <= 4, else lenet"),
        ConfigField.Integer("threads", 0, 256, "Threads; 0 = one per core.", "0"),
        ConfigField.Path("out", ConfigValueKind.Directory, "The output directory (log.jsonl, summary.json, model.weights); required."),
    ]);

    /// <summary><c>images</c>.</summary>
    public string? Images { get; init; }

    /// <summary><c>labels</c>.</summary>
    public string? Labels { get; init; }

    /// <summary><c>program</c>.</summary>
    public string? Program { get; init; }

    /// <summary><c>digits</c>.</summary>
    public int? Digits { get; init; }

    /// <summary><c>method</c>.</summary>
    public string? Method { get; init; }

    /// <summary><c>semiring</c>.</summary>
    public string? Semiring { get; init; }

    /// <summary><c>baseline</c>.</summary>
    public bool? Baseline { get; init; }

    /// <summary><c>k</c>.</summary>
    public int? K { get; init; }

    /// <summary><c>output_space</c>.</summary>
    public string? OutputSpace { get; init; }

    /// <summary><c>epochs</c>.</summary>
    public int? Epochs { get; init; }

    /// <summary><c>seed</c>.</summary>
    public int? Seed { get; init; }

    /// <summary><c>split_seed</c>.</summary>
    public int? SplitSeed { get; init; }

    /// <summary><c>train_digits</c>.</summary>
    public int? TrainDigits { get; init; }

    /// <summary><c>train_size</c>.</summary>
    public int? TrainSize { get; init; }

    /// <summary><c>test_size</c>.</summary>
    public int? TestSize { get; init; }

    /// <summary><c>train_eval_size</c>.</summary>
    public int? TrainEvalSize { get; init; }

    /// <summary><c>batch_size</c>.</summary>
    public int? BatchSize { get; init; }

    /// <summary><c>learning_rate</c>.</summary>
    public double? LearningRate { get; init; }

    /// <summary><c>network</c>.</summary>
    public string? Network { get; init; }

    /// <summary><c>threads</c>.</summary>
    public int? Threads { get; init; }

    /// <summary><c>out</c>.</summary>
    public string? Out { get; init; }

    /// <summary>Reads a config file; relative paths resolve against its folder.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="notes">Receives deprecation notes; null drops them.</param>
    /// <returns>The values it sets.</returns>
    /// <exception cref="MnistConfigException">The file is missing or has a bad field.</exception>
    public static MnistSumConfig Load(string path, ConfigNotes? notes = null)
    {
        try
        {
            return Read(ConfigReader.ForFile(path, Schema, notes));
        }
        catch (Exception e) when (e is ConfigException or InputFileException)
        {
            throw new MnistConfigException(e.Message, e);
        }
    }

    /// <summary>Reads the values of a config object over <see cref="Schema"/> (a file or the flags).</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The values it sets.</returns>
    public static MnistSumConfig Read(ConfigReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            return new MnistSumConfig
            {
                Images = reader.Path("images"),
                Labels = reader.Path("labels"),
                Program = reader.Path("program"),
                Digits = reader.Int32("digits"),
                Method = reader.Choice("method"),
                Semiring = reader.Choice("semiring"),
                Baseline = reader.Boolean("baseline"),
                K = reader.Int32("k"),
                OutputSpace = reader.Choice("output_space"),
                Epochs = reader.Int32("epochs"),
                Seed = reader.Int32("seed"),
                SplitSeed = reader.Int32("split_seed"),
                TrainDigits = reader.Int32("train_digits"),
                TrainSize = reader.Int32("train_size"),
                TestSize = reader.Int32("test_size"),
                TrainEvalSize = reader.Int32("train_eval_size"),
                BatchSize = reader.Int32("batch_size"),
                LearningRate = reader.Number("learning_rate"),
                Network = reader.Choice("network"),
                Threads = reader.Int32("threads"),
                Out = reader.Path("out"),
            };
        }
        catch (Exception e) when (e is ConfigException or InputFileException)
        {
            throw new MnistConfigException(e.Message, e);
        }
    }

    /// <summary>Layers values: every value set in <paramref name="top"/> wins.</summary>
    /// <param name="top">The values on top (the flags).</param>
    /// <returns>The combined values.</returns>
    public MnistSumConfig Overlay(MnistSumConfig top)
    {
        ArgumentNullException.ThrowIfNull(top);
        return new MnistSumConfig
        {
            Images = top.Images ?? Images,
            Labels = top.Labels ?? Labels,
            Program = top.Program ?? Program,
            Digits = top.Digits ?? Digits,
            Method = top.Method ?? Method,
            Semiring = top.Semiring ?? Semiring,
            Baseline = top.Baseline ?? Baseline,
            K = top.K ?? K,
            OutputSpace = top.OutputSpace ?? OutputSpace,
            Epochs = top.Epochs ?? Epochs,
            Seed = top.Seed ?? Seed,
            SplitSeed = top.SplitSeed ?? SplitSeed,
            TrainDigits = top.TrainDigits ?? TrainDigits,
            TrainSize = top.TrainSize ?? TrainSize,
            TestSize = top.TestSize ?? TestSize,
            TrainEvalSize = top.TrainEvalSize ?? TrainEvalSize,
            BatchSize = top.BatchSize ?? BatchSize,
            LearningRate = top.LearningRate ?? LearningRate,
            Network = top.Network ?? Network,
            Threads = top.Threads ?? Threads,
            Out = top.Out ?? Out,
        };
    }

    /// <summary>Applies the defaults and checks the combination.</summary>
    /// <returns>The settings.</returns>
    /// <exception cref="MnistConfigException">No output directory, no data, or values that do not go together.</exception>
    public MnistSumSettings Resolve()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            throw new MnistConfigException("no output directory: set 'out' in the config or pass --out DIR");
        }

        (string sharedImages, string sharedLabels) = Images is null || Labels is null ? MnistDigits.SharedFiles(Directory.GetCurrentDirectory()) : (Images, Labels);
        int digits = Digits ?? 2;
        DigitNetwork network = Network switch
        {
            "conv" => DigitNetwork.Conv,
            "lenet" => DigitNetwork.Lenet,
            null => digits <= 4 ? DigitNetwork.Conv : DigitNetwork.Lenet,
            _ => throw new MnistConfigException($"network: unknown '{Network}'"),
        };
        string outputSpace = OutputSpace ?? "sampled";
        if (outputSpace == "fixed" && Program is not null)
        {
            throw new MnistConfigException("output_space: 'fixed' is the sums 0..9n and needs the built-in sum; a custom 'program' uses 'sampled'");
        }

        return new MnistSumSettings
        {
            Images = Images ?? sharedImages,
            Labels = Labels ?? sharedLabels,
            Program = Program,
            Digits = digits,
            Method = Method switch
            {
                null or "ised" => LearningMethod.Ised,
                "reinforce" => LearningMethod.Reinforce,
                "indecater" => LearningMethod.Indecater,
                _ => throw new MnistConfigException($"method: unknown '{Method}'"),
            },
            Semiring = Semiring ?? "add-mult",
            Baseline = Baseline ?? true,
            K = K ?? 100,
            OutputSpace = outputSpace,
            Epochs = Epochs ?? 1,
            Seed = Seed ?? 0,
            SplitSeed = SplitSeed ?? 0,
            TrainDigits = TrainDigits ?? 8000,
            TrainSize = TrainSize ?? 5000,
            TestSize = TestSize ?? 1000,
            TrainEvalSize = TrainEvalSize ?? 1000,
            BatchSize = BatchSize ?? 16,
            LearningRate = LearningRate ?? (network == DigitNetwork.Conv ? 1e-4 : 1e-3),
            Network = network,
            Threads = Threads ?? 0,
            Out = Path.GetFullPath(Out),
        };
    }

    /// <summary>The settings as snake_case JSON fields, for summaries.</summary>
    /// <param name="s">The settings.</param>
    /// <returns>Field name to value.</returns>
    public static SortedDictionary<string, object?> Describe(MnistSumSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["images"] = s.Images,
            ["labels"] = s.Labels,
            ["program"] = s.Program,
            ["digits"] = s.Digits,
            ["method"] = s.Method.ToString().ToLower(CultureInfo.InvariantCulture),
            ["semiring"] = s.Semiring,
            ["baseline"] = s.Baseline,
            ["k"] = s.K,
            ["output_space"] = s.OutputSpace,
            ["epochs"] = s.Epochs,
            ["seed"] = s.Seed,
            ["split_seed"] = s.SplitSeed,
            ["train_digits"] = s.TrainDigits,
            ["train_size"] = s.TrainSize,
            ["test_size"] = s.TestSize,
            ["train_eval_size"] = s.TrainEvalSize,
            ["batch_size"] = s.BatchSize,
            ["learning_rate"] = s.LearningRate,
            ["network"] = s.Network.ToString().ToLower(CultureInfo.InvariantCulture),
            ["threads"] = s.Threads,
        };
    }
}
