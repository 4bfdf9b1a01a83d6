using System.Text;

namespace Neptune.Clevr.Tests;

/// <summary>The shared CLEVR files, found from the test binaries by walking up to the repository root.</summary>
internal static class TestData
{
    private static readonly Lazy<ClevrSceneSet> TrainScenesLazy = new(() => ClevrSceneReader.LoadAll(TrainScenesPath));

    public static string Directory { get; } = ClevrDataFiles.LocateDataDirectory(AppContext.BaseDirectory);

    public static string TrainScenesPath => Path.Combine(Directory, ClevrDataFiles.TrainScenes1000);

    public static string ValScenesPath => Path.Combine(Directory, ClevrDataFiles.ValScenes500);

    public static string QuestionsPath => Path.Combine(Directory, ClevrDataFiles.TrainQuestions10000);

    /// <summary>The 1,000 train scenes, loaded once for the whole test run (read-only).</summary>
    public static ClevrSceneSet TrainScenes => TrainScenesLazy.Value;

    public static MemoryStream Utf8(string json) => new(Encoding.UTF8.GetBytes(json));
}
