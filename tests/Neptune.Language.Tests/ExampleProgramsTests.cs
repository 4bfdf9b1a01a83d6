namespace Neptune.Language.Tests;

public class ExampleProgramsTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string examples = Path.Combine(dir.FullName, "examples", "programs");
            if (File.Exists(Path.Combine(dir.FullName, "Neptune.slnx")) && Directory.Exists(examples))
            {
                foreach (string file in Directory.EnumerateFiles(examples, "*.py").Order(StringComparer.Ordinal))
                {
                    data.Add(file);
                }

                return data;
            }
        }

        throw new InvalidOperationException("examples/programs not found above " + AppContext.BaseDirectory);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_Validates(string path)
    {
        ProgramCheck check = new ProgramEngine().Check(File.ReadAllText(path), Path.GetFileName(path));
        Assert.True(check.IsValid, string.Join("\n", check.Diagnostics));
    }
}
