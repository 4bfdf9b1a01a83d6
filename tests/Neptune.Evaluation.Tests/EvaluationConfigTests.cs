using Neptune.Logic;

namespace Neptune.Evaluation.Tests;

public class EvaluationConfigTests
{
    private static string Full => $$"""
        {
          "questions": {{Json(TestData.QuestionsPath)}},
          "scenes": {{Json(TestData.ScenesPath)}},
          "perception": "scene",
          "programs": "gt",
          "logic": "product",
          "threshold": 0.6,
          "noise": { "seed": 7, "spread": 0.2, "flip": 0.05 },
          "limit": 40,
          "concurrency": 3,
          "shard": "2/4",
          "out": "runs/x",
          "prepared_cache": 100
        }
        """;

    private static string Json(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    [Fact]
    public void Parse_EveryField_ResolvesToSettings()
    {
        EvaluationSettings s = EvaluationConfig.Parse(Full).Resolve();
        Assert.Equal(Path.GetFullPath(TestData.QuestionsPath), s.QuestionsPath);
        Assert.Equal(Path.GetFullPath(TestData.ScenesPath), s.ScenesPath);
        Assert.Equal(PerceptionKind.Scene, s.Perception);
        Assert.Equal(ProgramSourceKind.GroundTruth, s.Programs);
        Assert.Equal(LogicKind.Product, s.Logic);
        Assert.Equal(0.6f, s.Threshold);
        Assert.Equal(7, s.Noise.Seed);
        Assert.Equal(0.2, s.Noise.Spread);
        Assert.Equal(0.05, s.Noise.FlipRate);
        Assert.Equal(40, s.Limit);
        Assert.Equal(3, s.Concurrency);
        Assert.Equal(new ShardSpec(2, 4), s.Shard);
        Assert.Equal(Path.GetFullPath("runs/x"), s.OutputDirectory);
        Assert.Equal(100, s.ProgramCacheCapacity);
        Assert.Equal(0.6f, s.LogicOptions.CrispThreshold);
    }

    [Fact]
    public void Overlay_Flags_OverrideConfigValues()
    {
        EvaluationConfig file = EvaluationConfig.Parse(Full);
        var flags = new EvaluationConfig { Logic = "crisp", NoiseSpread = 0.3, Limit = 5, Out = "other", Shard = "1/1" };
        EvaluationSettings s = file.Overlay(flags).Resolve();
        Assert.Equal(LogicKind.Crisp, s.Logic);
        Assert.Equal(0.3, s.Noise.Spread);
        Assert.Equal(0.05, s.Noise.FlipRate); // kept from the file
        Assert.Equal(7, s.Noise.Seed);
        Assert.Equal(5, s.Limit);
        Assert.Equal(3, s.Concurrency);
        Assert.Equal(Path.GetFullPath("other"), s.OutputDirectory);
        Assert.True(s.Shard.IsAll);
    }

    [Fact]
    public void Resolve_Defaults_AreDocumentedOnes()
    {
        EvaluationSettings s = new EvaluationConfig { Questions = TestData.QuestionsPath, Scenes = TestData.ScenesPath, Out = "o" }.Resolve();
        Assert.Equal(LogicKind.Godel, s.Logic);
        Assert.Equal(ProgramSourceKind.GroundTruth, s.Programs);
        Assert.Equal(0.5f, s.Threshold);
        Assert.True(s.Noise.IsExact);
        Assert.Null(s.Limit);
        Assert.Equal(Environment.ProcessorCount, s.Concurrency);
        Assert.True(s.Shard.IsAll);
        Assert.False(s.ForceRestart);
    }

    [Fact]
    public void Load_ConfigFile_ReadsIt()
    {
        string dir = TestData.NewDirectory();
        string path = Path.Combine(dir, "c.json");
        File.WriteAllText(path, Full);
        Assert.Equal("product", EvaluationConfig.Load(path).Logic);
    }

    [Theory]
    [InlineData("""{"questons": "x"}""", "`questons` in config: unknown field (did you mean 'questions'?)")]
    [InlineData("""{"noise": {"sprad": 0.1}}""", "`noise.sprad` in config: unknown field (did you mean 'spread'?)")]
    [InlineData("""{"limit": "ten"}""", "`limit` in config: expected a whole number from 1 to 2147483647, found \"ten\"")]
    [InlineData("""{"limit": 1.5}""", "`limit` in config: expected a whole number from 1 to 2147483647, found 1.5")]
    [InlineData("""{"logic": 3}""", "`logic` in config: expected a string, found 3")]
    [InlineData("""{"noise": 0.1}""", "`noise` in config: expected a JSON object")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{"out": """, "not valid JSON")]
    public void Parse_BadConfig_ThrowsNamingTheProblem(string json, string mention)
    {
        var e = Assert.Throws<EvaluationConfigException>(() => EvaluationConfig.Parse(json));
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsConfigError()
    {
        var e = Assert.Throws<EvaluationConfigException>(() => EvaluationConfig.Load(Path.Combine(TestData.NewDirectory(), "none.json")));
        Assert.Contains("none.json", e.Message);
    }

    [Theory]
    [InlineData("logic", "fuzzy", "logic: unknown value 'fuzzy'")]
    [InlineData("programs", "oracle", "programs: unknown value 'oracle'")]
    [InlineData("perception", "lidar", "perception: unknown value 'lidar'")]
    [InlineData("shard", "4/3", "shard:")]
    [InlineData("spread", "1.5", "noise.spread")]
    [InlineData("flip", "-0.1", "noise.flip")]
    [InlineData("threshold", "0", "threshold")]
    [InlineData("limit", "0", "limit")]
    [InlineData("concurrency", "0", "concurrency")]
    [InlineData("questions", "/no/such/file.json", "does not exist")]
    [InlineData("out", "", "no output directory")]
    [InlineData("programs", "cache", "program-cache")]
    public void Resolve_InvalidValue_ThrowsClearError(string field, string value, string mention)
    {
        var c = new EvaluationConfig { Questions = TestData.QuestionsPath, Scenes = TestData.ScenesPath, Out = "o" };
        c = field switch
        {
            "logic" => c with { Logic = value },
            "programs" => c with { Programs = value },
            "perception" => c with { Perception = value },
            "shard" => c with { Shard = value },
            "spread" => c with { NoiseSpread = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "flip" => c with { NoiseFlip = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "threshold" => c with { Threshold = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "limit" => c with { Limit = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "concurrency" => c with { Concurrency = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "questions" => c with { Questions = value },
            "out" => c with { Out = value },
            _ => throw new ArgumentException(field),
        };
        var e = Assert.Throws<EvaluationConfigException>(() => c.Resolve());
        Assert.Contains(mention, e.Message);
    }

    [Fact]
    public void Load_RelativePaths_ResolveAgainstTheConfigFilesFolder()
    {
        string dir = TestData.NewDirectory();
        string sub = Directory.CreateDirectory(Path.Combine(dir, "configs")).FullName;
        File.Copy(TestData.QuestionsPath, Path.Combine(dir, "q.json"));
        string path = Path.Combine(sub, "c.json");
        File.WriteAllText(path, """{"questions": "../q.json", "out": "runs/o", "noise": {"seed": 3}}""");

        EvaluationConfig c = EvaluationConfig.Load(path);

        Assert.Equal(Path.Combine(dir, "q.json"), c.Questions);
        Assert.Equal(Path.Combine(sub, "runs", "o"), c.Out);
        Assert.Equal(3, c.NoiseSeed);
    }

    [Fact]
    public void Load_MissingReferencedFile_NamesTheFieldAndTheConfigFile()
    {
        string dir = TestData.NewDirectory();
        string path = Path.Combine(dir, "c.json");
        File.WriteAllText(path, """{"scenes": "nope.json"}""");

        var e = Assert.Throws<EvaluationConfigException>(() => EvaluationConfig.Load(path));

        Assert.StartsWith("`scenes` in ", e.Message, StringComparison.Ordinal);
        Assert.Contains("c.json: file not found: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir, "nope.json"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OldCamelCaseSpelling_StillWorksWithADeprecationNote()
    {
        string dir = TestData.NewDirectory();
        string path = Path.Combine(dir, "c.json");
        File.WriteAllText(path, """{"preparedCache": 7}""");
        var notes = new Neptune.Configuration.ConfigNotes();

        EvaluationConfig c = EvaluationConfig.Load(path, notes);

        Assert.Equal(7, c.PreparedCache);
        string note = Assert.Single(notes.Lines);
        Assert.Contains("'preparedCache' is the old spelling of 'prepared_cache'", note, StringComparison.Ordinal);
    }

    [Fact]
    public void PhotoBenchmarkConfigs_InRepository_ResolveWithTheDataBesideTheCheckout()
    {
        string root = Neptune.Clevr.ClevrDataFiles.FindRepositoryRoot(AppContext.BaseDirectory)!;
        string top = Path.Combine(Path.GetTempPath(), $"neptune-photo-configs-{Guid.NewGuid():N}");
        string checkout = Path.Combine(top, "checkout");
        try
        {
            foreach (string file in Directory.GetFiles(Path.Combine(root, "configs"), "*.json", SearchOption.AllDirectories))
            {
                string copy = Path.Combine(checkout, Path.GetRelativePath(root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }

            // The layout docs/REC.md asks for: the datasets in ../photos beside the checkout, COCO's train2014 in ../photos/coco.
            Directory.CreateDirectory(Path.Combine(top, "photos", "coco", "train2014"));
            foreach ((string name, string refs) in new[] { ("refcoco", "refs(unc).p"), ("refcoco+", "refs(unc).p"), ("refcocog", "refs(umd).p"), ("grefcoco", "grefs(unc).json") })
            {
                string folder = Directory.CreateDirectory(Path.Combine(top, "photos", name)).FullName;
                File.WriteAllText(Path.Combine(folder, "instances.json"), "{}");
                File.WriteAllText(Path.Combine(folder, refs), "");
            }

            // The other layouts: an MDETR file (its split in its name), a folder of parquet exports, RefAdv's file.
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(top, "photos", "mdetr")).FullName, "finetune_refcoco+_val.json"), "{}");
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(top, "photos", "refcocog-parquet", "data")).FullName, "val-00000-of-00001.parquet"), "");
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(top, "photos", "refadv")).FullName, "refcocog_adv_annotations.json"), "{}");
            var layouts = new Dictionary<string, Neptune.Photos.PhotoLayout>
            {
                ["refadv-test"] = Neptune.Photos.PhotoLayout.RefAdv,
                ["refcoco+-val"] = Neptune.Photos.PhotoLayout.Mdetr,
                ["refcocog-val"] = Neptune.Photos.PhotoLayout.Parquet,
            };

            string[] configs = Directory.GetFiles(Path.Combine(checkout, "configs", "rec"), "*.json");
            Assert.Equal(8, configs.Length);
            foreach (string config in configs)
            {
                EvaluationSettings s = EvaluationConfig.Load(config).Resolve();
                PhotoRun photos = Assert.IsType<PhotoRun>(s.Photos);
                Assert.Equal(Path.GetFileNameWithoutExtension(config), $"{photos.Name}-{photos.Split}");
                Assert.Equal(layouts.GetValueOrDefault(Path.GetFileNameWithoutExtension(config), Neptune.Photos.PhotoLayout.Refer), photos.Layout);
                Assert.Equal(EvaluationTask.Rec, s.Task);
                Assert.Equal(PerceptionKind.Vlm, s.Perception);
                Assert.Equal(ProgramSourceKind.Llm, s.Programs);
                Assert.Equal(Path.Combine(top, "photos", "coco", "train2014"), s.ImagesDirectory);
                Assert.Equal(Path.Combine(checkout, "configs", "verifier", "clip-vllm.json"), photos.VerifierPath);
                Assert.Equal(Path.Combine(checkout, "runs", Path.GetFileNameWithoutExtension(config)), s.OutputDirectory);
            }
        }
        finally
        {
            Directory.Delete(top, recursive: true);
        }
    }

    [Fact]
    public void ExampleConfig_InRepository_NamesSharedData()
    {
        string root = Neptune.Clevr.ClevrDataFiles.FindRepositoryRoot(AppContext.BaseDirectory)!;
        EvaluationConfig c = EvaluationConfig.Load(Path.Combine(root, "configs", "clevr-dev.json"));
        Assert.True(File.Exists(Path.Combine(root, c.Questions!)));
        Assert.True(File.Exists(Path.Combine(root, c.Scenes!)));
        Assert.Equal("gt", c.Programs);
        Assert.Equal("godel", c.Logic);
        Assert.NotNull(c.Out);
    }
    private static EvaluationConfig Small(string perception) => new()
    {
        Questions = TestData.QuestionsPath,
        Scenes = TestData.ScenesPath,
        Out = "runs/pixels",
        Perception = perception,
    };

    [Fact]
    public void Parse_PixelsWithImages_ResolvesDirectory()
    {
        string images = TestData.NewDirectory();
        string json = $$"""{ "questions": {{Json(TestData.QuestionsPath)}}, "scenes": {{Json(TestData.ScenesPath)}}, "out": "o", "perception": "pixels", "images": {{Json(images)}} }""";

        EvaluationSettings s = EvaluationConfig.Parse(json).Resolve();

        Assert.Equal(PerceptionKind.Pixels, s.Perception);
        Assert.Equal(Path.GetFullPath(images), s.ImagesDirectory);
        Assert.Null(Small("pixels").Resolve().ImagesDirectory);
    }

    [Theory]
    [InlineData("spread")]
    [InlineData("flip")]
    public void Resolve_PixelsWithNoise_IsRejected(string field)
    {
        EvaluationConfig c = field == "spread" ? Small("pixels") with { NoiseSpread = 0.1 } : Small("pixels") with { NoiseFlip = 0.1 };

        var e = Assert.Throws<EvaluationConfigException>(() => c.Resolve());
        Assert.Contains("does not apply to 'pixels'", e.Message);
    }

    [Fact]
    public void Resolve_PixelsWithZeroNoise_IsAccepted()
    {
        // The repository's example config spells out "no noise"; it must work with pixels too.
        EvaluationSettings s = (Small("pixels") with { NoiseSeed = 7, NoiseSpread = 0, NoiseFlip = 0 }).Resolve();

        Assert.Equal(PerceptionKind.Pixels, s.Perception);
        Assert.Equal(Neptune.Clevr.NoiseOptions.None, s.Noise); // the seed has nothing to seed
    }

    [Fact]
    public void Resolve_ImagesWithScenePerception_IsRejected()
    {
        var e = Assert.Throws<EvaluationConfigException>(() => (Small("scene") with { Images = TestData.NewDirectory() }).Resolve());
        Assert.Contains("images", e.Message);
    }

    [Fact]
    public void Resolve_MissingImagesDirectory_IsRejected()
    {
        string missing = Path.Combine(TestData.NewDirectory(), "nope");
        var e = Assert.Throws<EvaluationConfigException>(() => (Small("pixels") with { Images = missing }).Resolve());
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void Resolve_Evaluation_DefaultsToEagerAndRefusesUnknownModes()
    {
        Assert.Equal(Neptune.Language.EvaluationMode.Eager, Small("scene").Resolve().Evaluation);
        Assert.Equal(Neptune.Language.EvaluationMode.Eager, (Small("scene") with { Evaluation = "eager" }).Resolve().Evaluation);

        Assert.Equal(Neptune.Language.EvaluationMode.Lazy, (Small("scene") with { Evaluation = "lazy" }).Resolve().Evaluation);
        Assert.Equal(Neptune.Language.EvaluationMode.Prefetch, (Small("scene") with { Evaluation = " Prefetch " }).Resolve().Evaluation);
        var unknown = Assert.Throws<EvaluationConfigException>(() => (Small("scene") with { Evaluation = "fast" }).Resolve());
        Assert.Contains("evaluation: unknown value 'fast'; expected one of: eager, prefetch, lazy", unknown.Message, StringComparison.Ordinal);
    }
}
