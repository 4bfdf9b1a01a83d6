using Neptune.Configuration;

namespace Neptune.Service.Tests;

public sealed class ServiceConfigTests
{
    [Fact]
    public void Resolve_NothingSet_ListensOnLoopbackWithTheDocumentedDefaults()
    {
        ServiceSettings s = new ServiceConfig().Resolve();

        Assert.Equal(["http://127.0.0.1:8080"], s.Urls);
        Assert.Null(s.ScenesPath);
        Assert.Equal(8L << 20, s.MaxRequestBytes);
        Assert.Equal(20_000, s.MaxProgramChars);
        Assert.Equal(TimeSpan.FromSeconds(10), s.RunTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), s.ShutdownTimeout);
        Assert.Equal(16L << 20, s.MaxImagePixels);
        Assert.Equal(64, s.MaxImages);
        Assert.Equal(0, s.RateLimitPerMinute);
        Assert.Equal(Environment.ProcessorCount, s.MaxConcurrentRequests);
        Assert.Equal(64, s.MaxQueuedRequests);
        Assert.Null(s.ProgramsPath);
    }

    [Fact]
    public void Resolve_KeysInTheVariableAndTheFile_KeepsOnlyTheirHashes()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("neptune-serve-").FullName, "keys.txt");
        File.WriteAllText(file, "# callers\nfile-key-0123456789abcdef\n\n");
        var config = new ServiceConfig { ApiKeysVariable = "SERVE_TEST_KEYS", ApiKeysFile = file };

        ServiceSettings s = config.Resolve(name => name == "SERVE_TEST_KEYS" ? "env-key-0123456789abcdef; env-key-fedcba9876543210" : null);

        Assert.Equal(3, s.ApiKeyHashes.Count);
        Assert.Equal(1, AccessControl.Match("env-key-fedcba9876543210", s.ApiKeyHashes));
        Assert.Equal(2, AccessControl.Match("file-key-0123456789abcdef", s.ApiKeyHashes));
        Assert.Equal(-1, AccessControl.Match("env-key-0123456789abcdeX", s.ApiKeyHashes));
        Assert.DoesNotContain("env-key", s.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", "too short")]
    [InlineData(null, "'SERVE_TEST_KEYS' is not set")]
    public void Resolve_BadKeys_FailsWithoutShowingTheKey(string? value, string expected)
    {
        var config = new ServiceConfig { ApiKeysVariable = "SERVE_TEST_KEYS" };

        var e = Assert.Throws<ServiceConfigException>(() => config.Resolve(_ => value));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short,", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileWithFlagsOnTop_FlagsWinAndPathsResolveAgainstTheFile()
    {
        string dir = Directory.CreateTempSubdirectory("neptune-serve-").FullName;
        File.WriteAllText(Path.Combine(dir, "scenes.json"), "[]");
        string config = Path.Combine(dir, "serve.json");
        File.WriteAllText(config, """{"urls": "http://127.0.0.1:9000", "scenes": "scenes.json", "max_request_bytes": 4096}""");

        ServiceSettings s = ServiceConfig.Load(config).Overlay(new ServiceConfig { Urls = "http://127.0.0.1:0" }).Resolve();

        Assert.Equal(["http://127.0.0.1:0"], s.Urls);
        Assert.Equal(Path.Combine(dir, "scenes.json"), s.ScenesPath);
        Assert.Equal(4096, s.MaxRequestBytes);
    }

    [Fact]
    public void Load_UnknownField_NamesTheFileAndTheField()
    {
        string config = Path.Combine(Directory.CreateTempSubdirectory("neptune-serve-").FullName, "serve.json");
        File.WriteAllText(config, """{"port": 80}""");

        ServiceConfigException e = Assert.Throws<ServiceConfigException>(() => ServiceConfig.Load(config));

        Assert.Contains("port", e.Message, StringComparison.Ordinal);
        Assert.Contains("serve.json", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1:8080")]
    [InlineData("127.0.0.1:8080")]
    [InlineData("http://127.0.0.1:8080/api")]
    [InlineData(";")]
    public void Resolve_BadAddress_IsRefusedNamingUrls(string urls)
    {
        ServiceConfigException e = Assert.Throws<ServiceConfigException>(() => new ServiceConfig { Urls = urls }.Resolve());

        Assert.StartsWith("urls:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LimitOutOfRange_IsRefused()
    {
        ConfigReader reader = ConfigReader.ForJson("""{"max_request_bytes": 10}""", ServiceConfig.Schema, ConfigSource.CommandLine());

        ServiceConfigException e = Assert.Throws<ServiceConfigException>(() => ServiceConfig.Read(reader));

        Assert.Contains("--max-request-bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_Evaluation_DefaultsToEagerAndRefusesUnknownModes()
    {
        Assert.Equal(Neptune.Language.EvaluationMode.Eager, new ServiceConfig().Resolve().Evaluation);
        Assert.Equal(Neptune.Language.EvaluationMode.Lazy, new ServiceConfig { Evaluation = "lazy" }.Resolve().Evaluation);
        Assert.Equal(Neptune.Language.EvaluationMode.Prefetch, new ServiceConfig { Evaluation = "prefetch" }.Resolve().Evaluation);

        var e = Assert.Throws<ServiceConfigException>(() => new ServiceConfig { Evaluation = "always" }.Resolve());

        Assert.Contains("evaluation: unknown value 'always'", e.Message, StringComparison.Ordinal);
    }
}
