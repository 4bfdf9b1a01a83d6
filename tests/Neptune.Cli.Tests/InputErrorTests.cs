namespace Neptune.Cli.Tests;

/// <summary>
/// Bad input at the command line, run through the real executable: every case exits 2 with one clear line and no
/// stack trace, before any work is done.
/// </summary>
public sealed class InputErrorTests
{
    private readonly string _dir = Cli.NewDirectory();

    [Fact]
    public void Demo_EmptyDataDirectory_NamesTheMissingFile()
    {
        string empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;

        Cli.Process(_dir, "demo", "--data", empty).FailsWithBadInput("--data: file not found: ");
    }

    [Fact]
    public void Demo_TruncatedQuestionsFile_IsOneLineNamingTheFile()
    {
        string data = Directory.CreateDirectory(Path.Combine(_dir, "trunc")).FullName;
        byte[] questions = File.ReadAllBytes(Path.Combine(Cli.DataDirectory, "CLEVR_train1000_questions_dev.json"));
        File.WriteAllBytes(Path.Combine(data, "CLEVR_train1000_questions_dev.json"), questions[..5000]);
        File.Copy(Path.Combine(Cli.DataDirectory, "CLEVR_train_scenes_1000.json"), Path.Combine(data, "CLEVR_train_scenes_1000.json"));

        CliRun run = Cli.Process(_dir, "demo", "--data", data).FailsWithBadInput("CLEVR_train1000_questions_dev.json");
        Assert.Contains("truncated", run.Err, StringComparison.Ordinal);
        Assert.Single(run.ErrLines);
    }

    [Fact]
    public void Demo_OutIsAnExistingFile_IsRefusedBeforeTheRun()
    {
        string file = Path.Combine(_dir, "existing");
        File.WriteAllText(file, "x");

        CliRun run = Cli.Process(_dir, "demo", "--out", file).FailsWithBadInput("--out: ");
        Assert.Contains("is a file, expected a directory", run.Err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out); // nothing was run
    }

    [Fact]
    public void Demo_MissingRefexpsFile_NamesThePathBeforeTheRun()
    {
        CliRun run = Cli.Process(_dir, "demo", "--refexps", "/no/such/refexps.json").FailsWithBadInput("--refexps: file not found: '/no/such/refexps.json'");
        Assert.Single(run.ErrLines);
        Assert.Equal(string.Empty, run.Out); // nothing was run
    }

    [Fact]
    public void Demo_TruncatedRefexpsFile_IsOneLineNamingTheFile()
    {
        string file = Path.Combine(_dir, "refexps.json");
        byte[] refexps = File.ReadAllBytes(Path.Combine(Cli.DataDirectory, "..", "clevr_ref", "clevr_ref_train1000_dev.json"));
        File.WriteAllBytes(file, refexps[..20000]);

        CliRun run = Cli.Process(_dir, "demo", "--refexps", file).FailsWithBadInput("refexps.json");
        Assert.Single(run.ErrLines);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public void Demo_MissingDataDirectory_NamesThePathGiven()
    {
        Cli.Process(_dir, "demo", "--data", "/no/such/clevr").FailsWithBadInput("--data: directory not found: '/no/such/clevr'");
    }

    [Fact]
    public void Demo_UnknownLogic_ListsTheChoicesWithoutATypeName()
    {
        CliRun run = Cli.Process(_dir, "demo", "--logic", "fuzzy")
            .FailsWithBadInput("demo: --logic: unknown value 'fuzzy'; expected one of: godel, product, lukasiewicz, crisp");
        Assert.DoesNotContain("Neptune.Logic", run.Err, StringComparison.Ordinal);
        Assert.Single(run.ErrLines);
        Assert.Equal(string.Empty, run.Out); // no help dump
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("program run")]
    public void Help_SpellsTheLogicsInLowerCase(string command)
    {
        CliRun run = Cli.Process(_dir, [.. command.Split(' '), "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--logic <godel|product|lukasiewicz|crisp>", run.Out, StringComparison.Ordinal);
        Assert.Contains("[default: godel]", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_MisspeltFlag_ExitsTwoAndSuggestsTheFlag()
    {
        CliRun run = Cli.Process(_dir, "eval", "--limt", "5").FailsWithBadInput("eval: unknown option '--limt' (did you mean '--limit'?); see 'neptune eval --help'");
        Assert.Single(run.ErrLines);
    }

    [Fact]
    public void Ask_MissingRequiredOptions_ExitTwoNamingEach()
    {
        CliRun run = Cli.Process(_dir, "ask", "--image", "x.png").FailsWithBadInput("ask: missing required option --question");
        Assert.Contains("ask: missing required option --config", run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eval", "--limit", "99999999999", "--limit: expected a whole number from 1 to 2147483647, got '99999999999'")]
    [InlineData("eval", "--limit", "0", "--limit: expected a whole number from 1 to 2147483647, got '0'")]
    [InlineData("render", "--limit", "0", "--limit: expected a whole number from 1 to 2147483647, got '0'")]
    [InlineData("demo", "--families", "-1", "--families: expected a whole number from 0 to 2147483647, got '-1'")]
    [InlineData("demo", "--rec", "-1", "--rec: expected a whole number from 0 to 1000, got '-1'")]
    [InlineData("eval", "--concurrency", "2000", "--concurrency: expected a whole number from 1 to 1024, got '2000'")]
    [InlineData("eval", "--threshold", "0", "--threshold: expected a number in (0, 1], got '0'")]
    public void OutOfRangeValue_IsRefusedWithTheRange(string command, string flag, string value, string message)
    {
        Cli.Process(_dir, command, flag, value).FailsWithBadInput(message);
    }

    [Fact]
    public void Demo_MoreFamiliesThanTheDataHas_IsRefusedWithTheRange()
    {
        Cli.Process(_dir, "demo", "--families", "200").FailsWithBadInput("--families: the data has 90 question families; expected a whole number from 0 to 90, got 200");
    }

    [Fact]
    public void ProgramRun_Directory_SaysItIsADirectory()
    {
        Cli.Process(_dir, "program", "run", _dir).FailsWithBadInput($"<file>: '{_dir}' is a directory, expected a file");
    }

    [Fact]
    public void Ask_ImageIsADirectory_SaysSo()
    {
        string config = Path.Combine(_dir, "ask.json");
        File.WriteAllText(config, "{}");
        Cli.Process(_dir, "ask", "--image", _dir, "--question", "q?", "--config", config).FailsWithBadInput($"--image: '{_dir}' is a directory, expected a file");
    }

    [Fact]
    public void Eval_ConfigIsADirectory_SaysSo()
    {
        Cli.Process(_dir, "eval", "--config", _dir).FailsWithBadInput($"--config: '{_dir}' is a directory, expected a file");
    }

    [Fact]
    public void Eval_ConfigFieldNamingADirectory_NamesTheFieldAndTheFile()
    {
        string config = Path.Combine(_dir, "c.json");
        File.WriteAllText(config, """{"questions": ".", "out": "o"}""");

        Cli.Process(_dir, "eval", "--config", config).FailsWithBadInput($"`questions` in c.json: '{_dir}' is a directory, expected a file");
    }

    [Fact]
    public void ProgramCheck_Jpeg_SaysItIsAnImageInOneLine()
    {
        string jpeg = Path.Combine(_dir, "photo.jpg");
        File.WriteAllBytes(jpeg, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 2, 0x80, 0x81]);

        CliRun run = Cli.Process(_dir, "program", "check", jpeg).FailsWithBadInput("<file>: 'photo.jpg' is a JPEG image, not a text file");
        Assert.Single(run.ErrLines);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public void ProgramRun_InvalidUtf8_IsRefusedNotReplaced()
    {
        string program = Path.Combine(_dir, "latin1.py");
        File.WriteAllBytes(program, [.. "return 'caf"u8.ToArray(), 0xE9, (byte)'\'', (byte)'\n']);

        Cli.Process(_dir, "program", "run", program).FailsWithBadInput("<file>: 'latin1.py' is not valid UTF-8 text (byte 0xE9 at offset 11)");
    }
}
