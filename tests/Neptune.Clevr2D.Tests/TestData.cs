using Neptune.Clevr;

namespace Neptune.Clevr2D.Tests;

/// <summary>The shared CLEVR files and small hand-made scenes.</summary>
internal static class TestData
{
    private static readonly Lazy<IReadOnlyList<ClevrScene>> ValLazy = new(() => Load(ClevrDataFiles.ValScenes500));
    private static readonly Lazy<IReadOnlyList<ClevrScene>> TrainLazy = new(() => Load(ClevrDataFiles.TrainScenes1000));

    public static IReadOnlyList<ClevrScene> ValScenes => ValLazy.Value;

    public static IReadOnlyList<ClevrScene> TrainScenes => TrainLazy.Value;

    /// <summary>A scene from (shape, color, material, size, x, y, depth) tuples, with empty relationships.</summary>
    public static ClevrScene Scene(int imageIndex, params (string Shape, string Color, string Material, string Size, double X, double Y, double Depth)[] objects) =>
        Neptune.Testing.TestScenes.Scene(imageIndex, objects);

    private static List<ClevrScene> Load(string name) =>
        ClevrSceneReader.Read(Path.Combine(ClevrDataFiles.LocateDataDirectory(AppContext.BaseDirectory), name)).ToList();
}
