using System.Security.Cryptography;
using Neptune.Clevr;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;

namespace Neptune.Clevr2D.Tests;

public class RendererTests
{
    [Fact]
    public void RenderPng_SameValScenesTwice_ByteIdenticalAndDecodesTo480x320()
    {
        foreach (var scene in TestData.ValScenes.Take(3))
        {
            byte[] first = ClevrRenderer.RenderPng(scene);
            byte[] second = ClevrRenderer.RenderPng(scene);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(first)), Convert.ToHexString(SHA256.HashData(second)));
            var image = ImageCodecs.Default.Decode(first);
            Assert.Equal(480, image.Width);
            Assert.Equal(320, image.Height);
            Assert.True(image.PixelsEqual(ClevrRenderer.Render(scene)));
        }
    }

    [Fact]
    public void Render_DifferentImageIndex_DifferentFloorNoise()
    {
        var a = ClevrRenderer.Render(TestData.Scene(1, ("cube", "red", "rubber", "large", 240, 160, 10)));
        var b = ClevrRenderer.Render(TestData.Scene(2, ("cube", "red", "rubber", "large", 240, 160, 10)));
        Assert.False(a.PixelsEqual(b));
    }

    [Fact]
    public void Render_OverlappingObjects_NearerPaintsOverFarther()
    {
        // The blue sphere is nearer (depth 8) but listed first; the red cube behind it is larger on screen only by position.
        var scene = TestData.Scene(
            0,
            ("sphere", "blue", "rubber", "large", 240, 170, 8),
            ("cube", "red", "rubber", "large", 250, 160, 12));
        var image = ClevrRenderer.Render(scene);
        var centre = image.GetPixel(240, 170);
        Assert.True(centre.B > 150 && centre.R < 90, $"expected the nearer blue sphere at the overlap, got {centre}");

        // Reversing the depths puts the red cube on top at the same pixel.
        var reversed = ClevrRenderer.Render(TestData.Scene(
            0,
            ("sphere", "blue", "rubber", "large", 240, 170, 12),
            ("cube", "red", "rubber", "large", 250, 160, 8)));
        var top = reversed.GetPixel(240, 170);
        Assert.True(top.R > 130 && top.B < 90, $"expected the nearer red cube at the overlap, got {top}");
    }

    [Theory]
    [InlineData("gray")]
    [InlineData("red")]
    [InlineData("blue")]
    [InlineData("green")]
    [InlineData("brown")]
    [InlineData("purple")]
    [InlineData("cyan")]
    [InlineData("yellow")]
    public void Render_RubberCubeFrontFace_WithinNoiseOfPrototype(string color)
    {
        var image = ClevrRenderer.Render(TestData.Scene(7, ("cube", color, "rubber", "large", 240, 160, 8)));
        var prototype = ClevrPalette.Of(color);

        // The front face of a large cube at depth 8 (radius ≈ 46 px) covers the centre ± 15 px.
        for (int y = 150; y <= 175; y += 5)
        {
            for (int x = 225; x <= 250; x += 5)
            {
                var p = image.GetPixel(x, y);
                Assert.InRange(p.R - prototype.R, -6, 6);
                Assert.InRange(p.G - prototype.G, -6, 6);
                Assert.InRange(p.B - prototype.B, -6, 6);
            }
        }
    }

    [Fact]
    public void Render_FartherObject_DrawnSmaller()
    {
        int near = Width(ClevrRenderer.Render(TestData.Scene(0, ("sphere", "red", "rubber", "large", 240, 160, 8))));
        int far = Width(ClevrRenderer.Render(TestData.Scene(0, ("sphere", "red", "rubber", "large", 240, 160, 16))));
        int small = Width(ClevrRenderer.Render(TestData.Scene(0, ("sphere", "red", "rubber", "small", 240, 160, 8))));
        Assert.InRange(near, 88, 94);   // 2 · 525 · 0.7 / 8 ≈ 92
        Assert.InRange(far, 44, 48);
        Assert.InRange(small, 44, 48);
    }

    [Fact]
    public void Render_UnknownColor_ThrowsArgumentException()
    {
        var scene = TestData.Scene(0, ("cube", "red", "rubber", "large", 240, 160, 8));
        var bad = scene with { Objects = [scene.Objects[0] with { Color = "orange" }] };
        var e = Assert.Throws<ArgumentException>(() => ClevrRenderer.Render(bad));
        Assert.Contains("orange", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileNameOf_ValScene_UsesImageFilenameWithPngExtension()
    {
        Assert.Equal("CLEVR_val_000000.png", ClevrRenderer.FileNameOf(TestData.ValScenes[0]));
        var anonymous = TestData.ValScenes[3] with { ImageFilename = null, Split = "val" };
        Assert.Equal("CLEVR_val_000003.png", ClevrRenderer.FileNameOf(anonymous));
    }

    private static int Width(RgbaImage image)
    {
        // Red pixels on row 160.
        int count = 0;
        for (int x = 0; x < image.Width; x++)
        {
            var p = image.GetPixel(x, 160);
            count += p.R - p.B > 60 ? 1 : 0;
        }

        return count;
    }
}
