using Neptune.Clevr;
using Neptune.Clevr2D.Internal;

namespace Neptune.Clevr2D.Tests;

public class OverlapSplitterTests
{
    private const int W = 120, H = 80;

    [Fact]
    public void Split_TwoOverlappingDiscs_TwoSegmentsOnePerDisc()
    {
        var comp = Blank();
        Disc(comp, 40, 40, 25, 0);
        Disc(comp, 75, 40, 25, 0);

        int count = OverlapSplitter.Split(comp, W, H, 1);

        Assert.Equal(2, count);
        int left = comp[(40 * W) + 30], right = comp[(40 * W) + 90];
        Assert.NotEqual(left, right);
        Assert.Equal(left, comp[(40 * W) + 40]);
        Assert.Equal(right, comp[(40 * W) + 75]);
    }

    [Fact]
    public void Split_SmallDiscPartlyBehindLargeOne_VisiblePartBecomesOwnSegment()
    {
        var comp = Blank();
        Disc(comp, 50, 40, 30, 0);
        Disc(comp, 92, 40, 14, 0);

        int count = OverlapSplitter.Split(comp, W, H, 1);

        Assert.Equal(2, count);
        Assert.NotEqual(comp[(40 * W) + 50], comp[(40 * W) + 95]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Split_OneConvexShape_Unchanged(bool square)
    {
        var comp = Blank();
        if (square)
        {
            for (int y = 15; y < 65; y++)
            {
                for (int x = 30; x < 80; x++)
                {
                    comp[(y * W) + x] = 0;
                }
            }
        }
        else
        {
            Disc(comp, 60, 40, 30, 0);
        }

        var before = (int[])comp.Clone();

        Assert.Equal(1, OverlapSplitter.Split(comp, W, H, 1));
        Assert.Equal(before, comp);
    }

    [Fact]
    public void Split_PiecesApartEachWithAMaximum_OneSegmentEach()
    {
        // Two gray objects whose boxes are close enough for the neutral-piece merge, their pixels 20 px apart.
        var comp = Blank();
        Disc(comp, 30, 40, 15, 0);
        Disc(comp, 80, 40, 15, 0);

        Assert.Equal(2, OverlapSplitter.Split(comp, W, H, 1));
        Assert.NotEqual(comp[(40 * W) + 30], comp[(40 * W) + 80]);
        Assert.Equal(0, comp[(40 * W) + 30]);
    }

    [Fact]
    public void Split_OneDiscCutByANarrowGap_LeftTogether()
    {
        // A gray metal object cut by a 2-pixel band of floor-like pixels: the closing joins the halves, one maximum.
        var comp = Blank();
        Disc(comp, 60, 40, 25, 0);
        for (int y = 0; y < H; y++)
        {
            comp[(y * W) + 59] = -1;
            comp[(y * W) + 60] = -1;
        }

        var before = (int[])comp.Clone();

        Assert.Equal(1, OverlapSplitter.Split(comp, W, H, 1));
        Assert.Equal(before, comp);
    }

    [Fact]
    public void Split_ASmallPieceApartWithoutAMaximum_StaysWithTheSegment()
    {
        var comp = Blank();
        Disc(comp, 40, 40, 20, 0);
        Disc(comp, 100, 40, 2, 0);

        Assert.Equal(1, OverlapSplitter.Split(comp, W, H, 1));
        Assert.Equal(0, comp[(40 * W) + 100]);
    }

    [Fact]
    public void Split_SegmentsOfOtherIds_KeepTheirIds()
    {
        var comp = Blank();
        Disc(comp, 25, 40, 20, 0);
        Disc(comp, 50, 40, 20, 1);

        Assert.Equal(2, OverlapSplitter.Split(comp, W, H, 2));
        Assert.Equal(0, comp[(40 * W) + 15]);
        Assert.Equal(1, comp[(40 * W) + 60]);
    }

    [Fact]
    public void Persists_ShallowBump_False_DeepPeak_True()
    {
        Assert.False(OverlapSplitter.Persists(30, 25));
        Assert.True(OverlapSplitter.Persists(30, 15));
        Assert.False(OverlapSplitter.Persists(OverlapSplitter.MinPeak - 1, 0));
    }

    [Fact]
    public void Detect_TwoOverlappingSameColorSpheres_TwoBoxes()
    {
        var scene = TestData.Scene(
            7,
            ("sphere", "red", "rubber", "large", 200, 200, 10),
            ("sphere", "red", "rubber", "large", 250, 205, 9.8));
        var detections = ClevrDetector.Detect(ClevrRenderer.Render(scene));

        var truth = scene.Objects.Select(ClevrGeometry.BoxOf).ToList();
        var m = DetectionMetrics.Evaluate(detections.Select(d => d.Box).ToList(), truth);
        Assert.Equal(new DetectionMetrics(2, 0, 0), m);
    }

    [Fact]
    public void Detect_SmallCubeBehindLargeSameColorCube_BothFound()
    {
        var scene = TestData.Scene(
            8,
            ("cube", "blue", "rubber", "small", 290, 140, 13),
            ("cube", "blue", "rubber", "large", 250, 170, 10));
        var detections = ClevrDetector.Detect(ClevrRenderer.Render(scene));

        var truth = scene.Objects.Select(ClevrGeometry.BoxOf).ToList();
        var m = DetectionMetrics.Evaluate(detections.Select(d => d.Box).ToList(), truth);
        Assert.Equal(new DetectionMetrics(2, 0, 0), m);
    }

    private static int[] Blank()
    {
        var comp = new int[W * H];
        Array.Fill(comp, -1);
        return comp;
    }

    private static void Disc(int[] comp, int cx, int cy, int r, int id)
    {
        for (int y = Math.Max(0, cy - r); y <= Math.Min(H - 1, cy + r); y++)
        {
            for (int x = Math.Max(0, cx - r); x <= Math.Min(W - 1, cx + r); x++)
            {
                if (((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= r * r)
                {
                    comp[(y * W) + x] = id;
                }
            }
        }
    }
}
