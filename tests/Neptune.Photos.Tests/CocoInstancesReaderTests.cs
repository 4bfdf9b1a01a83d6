using System.Text;
using Neptune.Photos.Coco;

namespace Neptune.Photos.Tests;

public sealed class CocoInstancesReaderTests
{
    [Fact]
    public void Read_RealFormat_GivesImagesAnnotationsAndCategoriesWithCornerBoxes()
    {
        CocoInstances coco = CocoInstancesReader.Read(Path.Combine(Fixtures.RefCocoFolder, "instances.json"));

        Assert.Equal(2, coco.Images.Count);
        Assert.Equal(4, coco.Annotations.Count);
        Assert.Equal("bowl", coco.Categories[51].Name);
        Assert.Equal("COCO_train2014_000000581857.jpg", coco.Images[581857].FileName);
        Assert.Equal(427, coco.Images[581857].Width);
        CocoAnnotation a = coco.Annotations[1719310];
        Assert.Equal(581857, a.ImageId);
        Assert.Equal(103.93f, a.Box.Left, 3);
        Assert.Equal(299.99f, a.Box.Top, 3);
        Assert.Equal(103.93f + 238.15f, a.Box.Right, 3);
        Assert.Equal(299.99f + 341.15f, a.Box.Bottom, 3);
    }

    private const string Image = "{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 10, \"height\": 10}";
    private const string Category = "{\"id\": 1, \"name\": \"person\"}";

    [Theory]
    [InlineData("[]", "not a COCO instances file")]
    [InlineData("{\"images\": [], \"categories\": []}", "'annotations' is missing")]
    [InlineData("{\"images\": [{\"file_name\": \"a.jpg\"}], \"annotations\": [], \"categories\": []}", "images[0]: 'id' is missing")]
    [InlineData("{\"images\": [" + Image + "], \"categories\": [" + Category + "], \"annotations\": [{\"id\": 5, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3]}]}", "annotations[0] (id 5): 'bbox' must be [x, y, w, h]")]
    [InlineData("{\"images\": [" + Image + "], \"categories\": [" + Category + "], \"annotations\": [{\"id\": 5, \"image_id\": 2, \"category_id\": 1, \"bbox\": [1, 2, 3, 4]}]}", "annotations[0] (id 5): 'image_id' 2 is not in 'images'")]
    [InlineData("{\"images\": [" + Image + "], \"categories\": [" + Category + "], \"annotations\": [{\"id\": 5, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, -3, 4]}]}", "w, h >= 0")]
    [InlineData("{\"images\": [" + Image + "], \"categories\": [" + Category + "], \"annotations\": [{\"id\": \"x\"}]}", "at annotations[0].id")]
    [InlineData("{\"images\": [" + Image + "," + Image + "], \"categories\": [], \"annotations\": []}", "images[1] (id 1): the image id appears twice")]
    [InlineData("{\"images\": [", "not a COCO instances file")]
    public void Read_Malformed_ThrowsNamingFileAndRecord(string json, string expected)
    {
        PhotoDataException e = Assert.Throws<PhotoDataException>(() => CocoInstancesReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "instances.json"));

        Assert.StartsWith("instances.json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
