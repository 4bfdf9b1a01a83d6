namespace Neptune.Photos.Tests;

/// <summary>The fixture files shipped with the tests (written by Fixtures/make_refer_fixtures.py under Python 2.7).</summary>
internal static class Fixtures
{
    public static string RefCocoFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "refcoco");

    /// <summary>A fresh empty temporary folder.</summary>
    public static string TempFolder()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"neptune-photos-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A copy of the RefCOCO fixture folder that a test may change.</summary>
    public static string CopyOfRefCoco()
    {
        string dir = TempFolder();
        foreach (string file in Directory.EnumerateFiles(RefCocoFolder))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        return dir;
    }
}
