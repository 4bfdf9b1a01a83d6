using System.Globalization;
using System.Text;
using Neptune.Clevr;

namespace Neptune.Testing;

/// <summary>Small CLEVR scenes written by hand, read through the real scene reader.</summary>
public static class TestScenes
{
    /// <summary>A scene from (shape, color, material, size, x, y, depth) tuples, with empty relationships.</summary>
    /// <param name="imageIndex">The scene's image index (its file name is <c>CLEVR_test_{index:D6}.png</c>).</param>
    /// <param name="objects">The objects, with their pixel coordinates and depth.</param>
    /// <returns>The scene.</returns>
    public static ClevrScene Scene(int imageIndex, params (string Shape, string Color, string Material, string Size, double X, double Y, double Depth)[] objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
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
}
