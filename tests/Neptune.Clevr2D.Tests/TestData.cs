using System.Globalization;
using System.Text;
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
    public static ClevrScene Scene(int imageIndex, params (string Shape, string Color, string Material, string Size, double X, double Y, double Depth)[] objects)
    {
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $"{{\"scenes\": [{{\"image_index\": {imageIndex}, \"split\": \"test\", \"image_filename\": \"CLEVR_test_{imageIndex:D6}.png\", \"objects\": [");
        for (int i = 0; i < objects.Length; i++)
        {
            var o = objects[i];
            json.Append(i == 0 ? string.Empty : ", ");
            json.Append(CultureInfo.InvariantCulture,
                $"{{\"shape\": \"{o.Shape}\", \"color\": \"{o.Color}\", \"material\": \"{o.Material}\", \"size\": \"{o.Size}\", \"rotation\": 10.0, \"3d_coords\": [0, 0, 0.7], \"pixel_coords\": [{o.X}, {o.Y}, {o.Depth}]}}");
        }

        string empty = "[" + string.Join(", ", Enumerable.Repeat("[]", objects.Length)) + "]";
        json.Append(CultureInfo.InvariantCulture, $"], \"relationships\": {{\"left\": {empty}, \"right\": {empty}, \"front\": {empty}, \"behind\": {empty}}}}}]}}");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json.ToString()));
        return ClevrSceneReader.Read(stream, "test").Single();
    }

    private static List<ClevrScene> Load(string name) =>
        ClevrSceneReader.Read(Path.Combine(ClevrDataFiles.LocateDataDirectory(AppContext.BaseDirectory), name)).ToList();
}
