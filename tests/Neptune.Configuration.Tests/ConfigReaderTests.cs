using System.Text;

namespace Neptune.Configuration.Tests;

public sealed class ConfigReaderTests
{
    private static readonly ConfigSchema Inner = new("t.inner", "inner", [ConfigField.Integer("seed", 0, 10, "s")]);

    private static readonly ConfigSchema Schema = new("t", "test", [
        ConfigField.Integer("max_items", 1, 100, "m", "5"),
        ConfigField.Number("rate", 0, 1, "r", minimumExclusive: true),
        ConfigField.Choice("logic", ["godel", "lukasiewicz"], "l"),
        ConfigField.Path("input", ConfigValueKind.ExistingFile, "i"),
        ConfigField.Path("out", ConfigValueKind.Directory, "o"),
        ConfigField.Object("noise", Inner, "n"),
        ConfigField.Refused("api_key", "keys live in the environment"),
    ]);

    private static readonly ConfigSource Source = new() { Name = "c.json", BaseDirectory = "/base" };

    private static ConfigReader Read(string json, ConfigNotes? notes = null) => ConfigReader.ForJson(json, Schema, Source, notes);

    [Fact]
    public void SnakeCaseFields_AreRead()
    {
        ConfigReader r = Read("""{"max_items": 7, "rate": 0.5, "logic": "Godel", "noise": {"seed": 3}, "out": "runs/x"}""");

        Assert.Equal(7, r.Int32("max_items"));
        Assert.Equal(0.5, r.Number("rate"));
        Assert.Equal("godel", r.Choice("logic"));
        Assert.Equal(3, r.Section("noise")!.Integer("seed"));
        Assert.Equal("/base/runs/x", r.Path("out"));
    }

    [Fact]
    public void OldCamelCaseSpelling_IsReadWithOneNote()
    {
        var notes = new ConfigNotes();
        ConfigReader r = Read("""{"maxItems": 7}""", notes);

        Assert.Equal(7, r.Int32("max_items"));
        Assert.Equal("c.json: field 'maxItems' is the old spelling of 'max_items'; it still works, but rename it", Assert.Single(notes.Lines));
    }

    [Fact]
    public void BothSpellings_AreAnError()
    {
        var e = Assert.Throws<ConfigException>(() => Read("""{"maxItems": 7, "max_items": 8}"""));
        Assert.Contains("set twice", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"max_itms": 1}""", "`max_itms` in c.json: unknown field (did you mean 'max_items'?); known fields: max_items, rate, logic, input, out, noise")]
    [InlineData("""{"max_items": 0}""", "`max_items` in c.json: expected a whole number from 1 to 100, found 0")]
    [InlineData("""{"max_items": 2.5}""", "`max_items` in c.json: expected a whole number from 1 to 100, found 2.5")]
    [InlineData("""{"rate": 0}""", "`rate` in c.json: expected a number in (0, 1], found 0")]
    [InlineData("""{"logic": "gdel"}""", "`logic` in c.json: unknown value 'gdel'; expected one of: godel, lukasiewicz (did you mean 'godel'?)")]
    [InlineData("""{"noise": {"seed": 11}}""", "`noise.seed` in c.json: expected a whole number from 0 to 10, found 11")]
    [InlineData("""{"api_key": "sk"}""", "`api_key` in c.json: keys live in the environment")]
    [InlineData("""{"input": "/no/such/file"}""", "`input` in c.json: file not found: '/no/such/file'")]
    [InlineData("""[1]""", "c.json: expected a JSON object, found a list")]
    [InlineData("""{"rate": """, "c.json: not valid JSON at line 1")]
    public void BadValues_NameTheFieldAndTheFile(string json, string message)
    {
        var e = Assert.Throws<ConfigException>(() =>
        {
            ConfigReader r = Read(json);
            _ = r.Int32("max_items");
            _ = r.Number("rate");
            _ = r.Choice("logic");
            _ = r.Path("input");
            _ = r.Section("noise")?.Integer("seed");
        });
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingAnUndeclaredField_IsAProgrammingError()
    {
        Assert.Throws<InvalidOperationException>(() => Read("{}").String("nope"));
    }

    [Fact]
    public void CommandLineSource_NamesFlags()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigReader.ForJson("""{"noise": {"seed": 11}}""", Schema, ConfigSource.CommandLine()).Section("noise")!.Integer("seed"));
        Assert.StartsWith("--noise-seed: expected a whole number from 0 to 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileSource_ResolvesPathsAgainstTheFilesFolder()
    {
        string dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "neptune-config-" + Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "data.txt"), "x");
            string config = Path.Combine(dir, "c.json");
            File.WriteAllText(config, """{"input": "data.txt", "out": "../runs"}""");

            ConfigReader r = ConfigReader.ForFile(config, Schema);

            Assert.Equal(Path.Combine(dir, "data.txt"), r.Path("input"));
            Assert.Equal(Path.GetFullPath(Path.Combine(dir, "..", "runs")), r.Path("out"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("maxImageSide", "max_image_side")]
    [InlineData("apiKeyVariable", "api_key_variable")]
    [InlineData("max_tokens", "max_tokens")]
    [InlineData("topLogprobs", "top_logprobs")]
    public void ToSnakeCase_ConvertsCamelCase(string name, string expected) => Assert.Equal(expected, FieldNames.ToSnakeCase(name));

    [Fact]
    public void Schema_RefusesNamesThatAreNotSnakeCase()
    {
        Assert.Throws<ArgumentException>(() => new ConfigSchema("x", "x", [ConfigField.Text("maxItems", "m")]));
    }
}

public sealed class InputFilesTests
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "neptune-input-" + Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public void ReadText_Directory_SaysItIsADirectory()
    {
        var e = Assert.Throws<InputFileException>(() => InputFiles.ReadText(_dir, "--program"));
        Assert.Equal($"--program: '{_dir}' is a directory, expected a file", e.Message);
    }

    [Fact]
    public void ReadText_Png_SaysItIsAnImage()
    {
        string file = Path.Combine(_dir, "x.png");
        File.WriteAllBytes(file, [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]);
        var e = Assert.Throws<InputFileException>(() => InputFiles.ReadText(file, "<file>"));
        Assert.EndsWith("is a PNG image, not a text file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadText_ZeroByte_IsBinary()
    {
        string file = Path.Combine(_dir, "x.bin");
        File.WriteAllBytes(file, [(byte)'a', 0, (byte)'b']);
        var e = Assert.Throws<InputFileException>(() => InputFiles.ReadText(file, "<file>"));
        Assert.EndsWith("is a binary file (a zero byte at offset 1), not text", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadText_InvalidUtf8_IsRefusedWithTheOffset()
    {
        string file = Path.Combine(_dir, "x.py");
        File.WriteAllBytes(file, [(byte)'a', (byte)'b', 0xC3, (byte)'(']);
        var e = Assert.Throws<InputFileException>(() => InputFiles.ReadText(file, "<file>"));
        Assert.EndsWith("is not valid UTF-8 text (byte 0xC3 at offset 2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadText_Utf8WithBom_DropsTheMark()
    {
        string file = Path.Combine(_dir, "x.py");
        File.WriteAllBytes(file, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("café")]);
        Assert.Equal("café", InputFiles.ReadText(file, "<file>"));
    }

    [Fact]
    public void RequireFile_Missing_NamesTheMissingDirectoryToo()
    {
        var e = Assert.Throws<InputFileException>(() => InputFiles.RequireFile(Path.Combine(_dir, "no", "x.json"), "--config"));
        Assert.Contains("file not found", e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }
}
