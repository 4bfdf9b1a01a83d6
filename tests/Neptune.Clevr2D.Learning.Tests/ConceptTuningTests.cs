using Neptune.Clevr;
using Neptune.Clevr.Translation;
using Neptune.Language;
using Neptune.Learning.Estimators;
using Neptune.Testing;

namespace Neptune.Clevr2D.Learning.Tests;

public class ConceptTuningTests
{
    private static readonly Lazy<ConceptPicture> Picture = new(() => ConceptPicture.Perceive(HandScene()));

    [Fact]
    public void Run_GivenValues_AnswersFromThemThroughTheProgram()
    {
        ConceptQuestion q = WhatColorIsTheSphere();

        // Positions are attribute-major: colors of objects 0..2, then shapes of objects 0..2.
        Assert.Equal([(0, ClevrAttribute.Color), (1, ClevrAttribute.Color), (2, ClevrAttribute.Color), (0, ClevrAttribute.Shape), (1, ClevrAttribute.Shape), (2, ClevrAttribute.Shape)], q.Positions);
        Assert.Equal("blue", q.Run([1, 2, 3, 0, 1, 2]));
        Assert.Equal("red", q.Run([1, 2, 3, 1, 0, 2]));
        Assert.Equal("yellow", q.Run(q.Select(q.Picture.Truth)));
    }

    [Fact]
    public void Run_ValueOutsideItsAttribute_IsAFailedRun()
    {
        ConceptQuestion q = WhatColorIsTheSphere();

        Assert.Null(q.Run([1, 2, 3, 0, 3, 2])); // three shapes
        Assert.Null(q.Run([1, 2, 3, 0, 0, 0])); // no sphere: unique of an empty set has no answer
    }

    [Fact]
    public void Run_RepeatedTuple_IsInterpretedOnce()
    {
        ConceptQuestion q = WhatColorIsTheSphere();

        q.Run([1, 2, 3, 0, 1, 2]);
        q.Run([1, 2, 3, 0, 1, 2]);

        Assert.Equal(1, q.Runs);
        Assert.Equal(2, q.Calls);
    }

    [Fact]
    public void AttributesRead_OfficialPrograms_AreTheFilteredQueriedAndComparedAttributes()
    {
        IReadOnlyList<ClevrProgramNode> compare =
        [
            new(ClevrFunction.Scene, [], []),
            new(ClevrFunction.FilterMaterial, [0], ["metal"]),
            new(ClevrFunction.Unique, [1], []),
            new(ClevrFunction.SameSize, [2], []),
            new(ClevrFunction.Count, [3], []),
        ];
        IReadOnlyList<ClevrProgramNode> count = [new(ClevrFunction.Scene, [], []), new(ClevrFunction.Count, [0], [])];

        Assert.Equal([ClevrAttribute.Color, ClevrAttribute.Shape], ConceptQuestion.AttributesRead(SphereProgram()).Order());
        Assert.Equal([ClevrAttribute.Material, ClevrAttribute.Size], ConceptQuestion.AttributesRead(compare).Order());
        Assert.Empty(ConceptQuestion.AttributesRead(count));
    }

    [Fact]
    public void Compute_OneWrongColor_GivesHandComputedF1()
    {
        ConceptPicture p = Picture.Value;
        int[] values = (int[])p.Truth.Clone();
        values[4] = 0; // the yellow sphere called gray

        var f1 = ConceptMetrics.Compute([p], _ => values);

        Assert.Equal(2.0 / 3, f1.Single(c => c.Value == "gray").F1, 6); // TP 1, FP 1
        Assert.Equal(0, f1.Single(c => c.Value == "yellow").F1); // TP 0, FN 1
        Assert.Equal(1, f1.Single(c => c.Value == "cyan").F1);
        Assert.Equal(2.0 / 3, ConceptMetrics.Accuracy(f1, ClevrAttribute.Color), 6);
        Assert.Equal(1, ConceptMetrics.Accuracy(f1, ClevrAttribute.Shape));
    }

    [Fact]
    public void Values_UntunedAttributes_KeepTheUntouchedScorer()
    {
        ConceptPicture p = ConceptPicture.Perceive(HandScene());
        var scorer = new ConceptScorer([ClevrAttribute.Color], 8, 0.01, new float[PixelWorld.ConceptFeatureCount], Ones(), seed: 3, threads: 1);

        int[] values = scorer.Values(p);

        for (int i = 0; i < p.Count; i++)
        {
            for (int a = 1; a < 4; a++)
            {
                Assert.Equal(p.Untouched[(4 * i) + a], values[(4 * i) + a]);
            }
        }

        Assert.True(scorer.IsTuned(ClevrAttribute.Color));
        Assert.False(scorer.IsTuned(ClevrAttribute.Size));
    }

    [Fact]
    public void Load_SavedWeights_ReproducesTheScorerAndRejectsOtherShapes()
    {
        ConceptPicture p = ConceptPicture.Perceive(HandScene());
        ClevrAttribute[] all = [ClevrAttribute.Color, ClevrAttribute.Shape, ClevrAttribute.Material, ClevrAttribute.Size];
        var a = new ConceptScorer(all, 8, 0.01, new float[PixelWorld.ConceptFeatureCount], Ones(), seed: 1, threads: 1);
        var b = new ConceptScorer(all, 8, 0.01, new float[PixelWorld.ConceptFeatureCount], Ones(), seed: 2, threads: 1);
        var other = new ConceptScorer(all, 4, 0.01, new float[PixelWorld.ConceptFeatureCount], Ones(), seed: 2, threads: 1);
        using var stream = new MemoryStream();
        a.Save(stream);

        stream.Position = 0;
        b.Load(stream);
        stream.Position = 0;

        Assert.Equal(a.Values(p), b.Values(p));
        Assert.Throws<Neural.WeightFileException>(() => other.Load(stream));
    }

    [Theory]
    [InlineData("shape, color", new[] { ClevrAttribute.Color, ClevrAttribute.Shape })]
    [InlineData("size", new[] { ClevrAttribute.Size })]
    public void ParseConcepts_Names_AreAttributesInVocabularyOrder(string text, ClevrAttribute[] expected)
    {
        Assert.Equal(expected, ConceptTuningConfig.ParseConcepts(text));
    }

    [Theory]
    [InlineData("colour", "unknown attribute 'colour'")]
    [InlineData("color,color", "'color' is listed twice")]
    [InlineData(" , ", "at least one")]
    public void ParseConcepts_BadList_IsTypedErrorNamingTheProblem(string text, string expected)
    {
        var e = Assert.Throws<ConceptTuningException>(() => ConceptTuningConfig.ParseConcepts(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NoOut_IsTypedError()
    {
        var e = Assert.Throws<ConceptTuningException>(() => new ConceptTuningConfig { Epochs = 2 }.Resolve());
        Assert.Contains("--out DIR", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlay_FlagsOverFile_FlagsWinAndFileFillsTheRest()
    {
        var file = new ConceptTuningConfig { K = 10, Epochs = 3, Concepts = "color", Out = "a" };
        var flags = new ConceptTuningConfig { K = 20, Out = "b" };

        ConceptTuningSettings s = file.Overlay(flags).Resolve();

        Assert.Equal(20, s.K);
        Assert.Equal(3, s.Epochs);
        Assert.Equal([ClevrAttribute.Color], s.Concepts);
        Assert.Equal(Path.GetFullPath("b"), s.Out);
        Assert.Equal(ConceptMethod.Ised, s.Method);
    }

    [Fact]
    public void Load_SplitLargerThanTheSceneFile_IsTypedError()
    {
        var s = new ConceptTuningConfig { TrainScenes = 900, TestScenes = 200, Out = "x" }.Resolve();

        var e = Assert.Throws<ConceptTuningException>(() => ConceptData.Load(s));
        Assert.Contains("exceed the 1000 scenes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SeededShortTuning_RaisesHeldOutQaAccuracyAndF1FromAnswersAlone()
    {
        // The color and material heads re-initialised (seed 0); 2,000 questions over 200 training scenes, 3 epochs of
        // ISED with k = 100, about 25 s. Measured: held-out QA 28.7% (re-initialised) -> 92.0% (tuned; 28.7 -> 94.7
        // with seed 1), color macro F1 -> 0.981, material -> 0.982. The bounds below leave room under those numbers.
        string dir = Path.Combine(Path.GetTempPath(), "neptune-concepts-" + Guid.NewGuid().ToString("N"));
        var s = new ConceptTuningConfig
        {
            TrainScenes = 200,
            TestScenes = 40,
            TrainSize = 2000,
            TestSize = 300,
            TrainEvalSize = 100,
            K = 100,
            Epochs = 3,
            Concepts = "color,material",
            LearningRate = 0.01,
            Seed = 0,
            Out = dir,
        }.Resolve();
        try
        {
            ConceptTuningSummary summary = ConceptTuningExperiment.Run(s);

            Assert.True(summary.TestAccuracy.Degraded < 0.4, $"re-initialised QA {summary.TestAccuracy.Degraded:P1}");
            Assert.True(summary.TestAccuracy.Tuned >= 0.75, $"QA {summary.TestAccuracy.Degraded:P1} -> {summary.TestAccuracy.Tuned:P1}");
            Assert.True(summary.MacroF1["color"].Tuned >= 0.85, $"color F1 {summary.MacroF1["color"].Degraded:F3} -> {summary.MacroF1["color"].Tuned:F3}");
            Assert.True(summary.MacroF1["material"].Tuned >= 0.85, $"material F1 {summary.MacroF1["material"].Degraded:F3} -> {summary.MacroF1["material"].Tuned:F3}");
            Assert.Equal(summary.MacroF1["shape"].Untouched, summary.MacroF1["shape"].Tuned); // not tuned: the untouched scorer
            Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "log.jsonl")).Length);
            Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
            Assert.Equal(15, summary.ConceptF1.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TrainEpoch_OneOrTwoThreads_SameLoss()
    {
        var s = new ConceptTuningConfig { TrainScenes = 6, TestScenes = 2, TrainSize = 40, TestSize = 10, Out = "x" }.Resolve();
        ConceptData data = ConceptData.Load(s);
        double Loss(int threads)
        {
            var scorer = new ConceptScorer(s.Concepts, 8, 0.01, data.FeatureMean, data.FeatureStd, 5, threads);
            return new ConceptTuner(scorer, new Ised(20), 8, 5, threads).TrainEpoch(data.Train, 1).Loss;
        }

        Assert.Equal(Loss(1), Loss(2));
    }

    private static ConceptQuestion WhatColorIsTheSphere() =>
        new(0, "What color is the sphere?", "yellow", Picture.Value, new ProgramEngine().Prepare(ClevrProgramTranslator.Translate(SphereProgram())), ConceptQuestion.AttributesRead(SphereProgram()), [ClevrAttribute.Color, ClevrAttribute.Shape]);

    private static IReadOnlyList<ClevrProgramNode> SphereProgram() =>
    [
        new(ClevrFunction.Scene, [], []),
        new(ClevrFunction.FilterShape, [0], ["sphere"]),
        new(ClevrFunction.Unique, [1], []),
        new(ClevrFunction.QueryColor, [2], []),
    ];

    private static float[] Ones() => [.. Enumerable.Repeat(1f, PixelWorld.ConceptFeatureCount)];

    /// <summary>Three isolated objects: a large gray metal cube, a small yellow rubber sphere, a large cyan metal cylinder.</summary>
    private static ClevrScene HandScene() => TestScenes.Scene(
        7,
        ("cube", "gray", "metal", "large", 100, 200, 9),
        ("sphere", "yellow", "rubber", "small", 250, 120, 12),
        ("cylinder", "cyan", "metal", "large", 380, 220, 8));
}
