using Neptune.Clevr;
using Neptune.Clevr2D.Internal;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;

namespace Neptune.Clevr2D;

/// <summary>
/// Draws CLEVR scenes as flat 2D pictures ("CLEVR-2D"): a shaded floor and one glyph per object, painted from the
/// farthest object to the nearest. Rendering is deterministic: the same scene always gives the same pixels.
/// </summary>
/// <remarks>
/// <para>Geometry: each object is centred on its <c>pixel_coords</c> (x, y) and has the projected radius
/// R = f · r / depth (f = <see cref="ClevrGeometry.FocalLengthPixels"/>, r = 0.7 for large and 0.35 for small objects),
/// so that its box agrees with <see cref="ClevrGeometry.BoxOf"/> up to that box's 10% margin. Farther objects are
/// smaller.</para>
/// <para>Glyphs: a cube is a front square with a lighter top face and a darker side face (the side is on the right or
/// the left depending on the object's rotation); a sphere is a shaded disc; a cylinder is a narrower body, shaded
/// across its width, with an elliptical lighter top. Rubber is matte with low contrast (a rubber cube's front face
/// has exactly the CLEVR color); metal has stronger contrast and a white specular highlight.</para>
/// <para>Background: a vertical floor gradient (darker far away, at the top) and seeded low-amplitude noise over the
/// whole picture, keyed by the scene's image index.</para>
/// </remarks>
public static class ClevrRenderer
{
    /// <summary>Image width in pixels.</summary>
    public const int Width = ClevrGeometry.ImageWidth;

    /// <summary>Image height in pixels.</summary>
    public const int Height = ClevrGeometry.ImageHeight;

    /// <summary>The floor color at the top row.</summary>
    internal static readonly (float R, float G, float B) FloorFar = (150f, 151f, 154f);

    /// <summary>The floor color at the bottom row.</summary>
    internal static readonly (float R, float G, float B) FloorNear = (206f, 206f, 208f);

    /// <summary>The noise amplitude: each pixel moves by at most this many levels.</summary>
    internal const int NoiseAmplitude = 4;

    private const float CubeOffset = 0.35f;
    private const float CylinderHalfWidth = 0.78f;
    private const float CylinderCapRadius = 0.26f;

    // Light from the upper left, towards the viewer (x right, y down, z towards the camera).
    private static readonly (float X, float Y, float Z) Light = Normalize(-0.45f, -0.6f, 0.66f);
    private static readonly (float X, float Y, float Z) HalfVector = Normalize(Light.X, Light.Y, Light.Z + 1f);

    /// <summary>Renders a scene to a new 480×320 opaque image.</summary>
    /// <param name="scene">The scene.</param>
    /// <returns>The image.</returns>
    /// <exception cref="ArgumentException">An object has an unknown shape, color, material or size.</exception>
    public static RgbaImage Render(ClevrScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var glyphs = new Glyph[scene.Objects.Count];
        for (int i = 0; i < glyphs.Length; i++)
        {
            glyphs[i] = Glyph.Of(scene.Objects[i], i);
        }

        // Back to front: farther objects first, so nearer ones paint over them; ties keep annotation order.
        Array.Sort(glyphs, static (a, b) => a.Depth != b.Depth ? b.Depth.CompareTo(a.Depth) : a.Index.CompareTo(b.Index));

        var canvas = new float[Width * Height * 3];
        PaintFloor(canvas);
        foreach (var glyph in glyphs)
        {
            Paint(canvas, glyph);
        }

        var image = new RgbaImage(Width, Height);
        Quantize(canvas, image, scene.ImageIndex);
        return image;
    }

    /// <summary>Renders a scene and encodes it as PNG.</summary>
    /// <param name="scene">The scene.</param>
    /// <returns>The PNG bytes; identical for identical scenes.</returns>
    /// <exception cref="ArgumentException">An object has an unknown shape, color, material or size.</exception>
    public static byte[] RenderPng(ClevrScene scene) => ImageCodecs.Default.Encode(Render(scene));

    /// <summary>
    /// The PNG file name of a scene: its <c>image_filename</c> (for example <c>CLEVR_val_000000.png</c>), or
    /// <c>CLEVR_{split}_{index:000000}.png</c> when the scene has none. Directory parts are removed.
    /// </summary>
    /// <param name="scene">The scene.</param>
    /// <returns>The file name.</returns>
    public static string FileNameOf(ClevrScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        string name = string.IsNullOrWhiteSpace(scene.ImageFilename)
            ? FormattableString.Invariant($"CLEVR_{scene.Split ?? "scene"}_{scene.ImageIndex:D6}.png")
            : Path.GetFileName(scene.ImageFilename.Replace('\\', '/'));
        foreach (char c in Path.GetInvalidFileNameChars())
        {
            name = name.Replace(c, '_');
        }

        return Path.ChangeExtension(name, ".png");
    }

    private static void PaintFloor(float[] canvas)
    {
        for (int y = 0; y < Height; y++)
        {
            float t = y / (float)(Height - 1);
            float r = FloorFar.R + ((FloorNear.R - FloorFar.R) * t);
            float g = FloorFar.G + ((FloorNear.G - FloorFar.G) * t);
            float b = FloorFar.B + ((FloorNear.B - FloorFar.B) * t);
            int row = y * Width * 3;
            for (int x = 0; x < Width; x++)
            {
                int p = row + (x * 3);
                canvas[p] = r;
                canvas[p + 1] = g;
                canvas[p + 2] = b;
            }
        }
    }

    private static void Paint(float[] canvas, in Glyph glyph)
    {
        float radius = glyph.Radius;
        int x0 = Math.Max(0, (int)MathF.Floor(glyph.X - radius) - 1);
        int x1 = Math.Min(Width - 1, (int)MathF.Ceiling(glyph.X + radius) + 1);
        int y0 = Math.Max(0, (int)MathF.Floor(glyph.Y - radius) - 1);
        int y1 = Math.Min(Height - 1, (int)MathF.Ceiling(glyph.Y + radius) + 1);
        float inverse = 1f / radius;
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                int covered = 0;
                float r = 0f, g = 0f, b = 0f;
                for (int s = 0; s < 4; s++)
                {
                    float sx = x + (s & 1) * 0.5f + 0.25f;
                    float sy = y + (s >> 1) * 0.5f + 0.25f;
                    float u = (sx - glyph.X) * inverse;
                    float v = (sy - glyph.Y) * inverse;
                    if (glyph.Mirrored)
                    {
                        u = -u;
                    }

                    if (!Shade(glyph.Shape, glyph.Metal, u, v, out float shade, out float highlight))
                    {
                        continue;
                    }

                    covered++;
                    r += Lit(glyph.R, shade, highlight);
                    g += Lit(glyph.G, shade, highlight);
                    b += Lit(glyph.B, shade, highlight);
                }

                if (covered == 0)
                {
                    continue;
                }

                int p = ((y * Width) + x) * 3;
                int uncovered = 4 - covered;
                canvas[p] = (r + (uncovered * canvas[p])) * 0.25f;
                canvas[p + 1] = (g + (uncovered * canvas[p + 1])) * 0.25f;
                canvas[p + 2] = (b + (uncovered * canvas[p + 2])) * 0.25f;
            }
        }
    }

    private static float Lit(float channel, float shade, float highlight)
    {
        float c = MathF.Min(255f, channel * shade);
        return c + (highlight * (255f - c));
    }

    /// <summary>The shading of a glyph at normalised coordinates (u right, v down, both in [-1, 1] over the glyph).</summary>
    internal static bool Shade(GlyphShape shape, bool metal, float u, float v, out float shade, out float highlight)
    {
        shade = 1f;
        highlight = 0f;
        switch (shape)
        {
            case GlyphShape.Sphere:
            {
                float rho2 = (u * u) + (v * v);
                if (rho2 > 1f)
                {
                    return false;
                }

                float nz = MathF.Sqrt(1f - rho2);
                float diffuse = MathF.Max(0f, (u * Light.X) + (v * Light.Y) + (nz * Light.Z));
                if (metal)
                {
                    shade = 0.4f + (0.8f * diffuse);
                    float specular = MathF.Max(0f, (u * HalfVector.X) + (v * HalfVector.Y) + (nz * HalfVector.Z));
                    highlight = 0.95f * MathF.Pow(specular, 60f);
                }
                else
                {
                    shade = 0.82f + (0.22f * diffuse);
                }

                return true;
            }

            case GlyphShape.Cube:
            {
                const float e = CubeOffset;
                if (u < -1f || u > 1f || v < -1f || v > 1f)
                {
                    return false;
                }

                if (v < -1f + e)
                {
                    float offset = (-1f + e - v) / e * e;
                    if (u < -1f + offset || u > 1f - e + offset)
                    {
                        return false;
                    }

                    shade = metal ? 1.05f : 1.12f;
                    highlight = metal ? 0.25f + (0.15f * (1f - u)) : 0f;
                    return true;
                }

                if (u >= 1f - e)
                {
                    float offset = (u - (1f - e)) / e * e;
                    if (v < -1f + e - offset || v > 1f - offset)
                    {
                        return false;
                    }

                    shade = metal ? 0.45f : 0.72f;
                    return true;
                }

                if (metal)
                {
                    shade = 0.72f - (0.12f * v);
                    float du = u + 0.45f, dv = v + 0.2f;
                    highlight = 0.85f * MathF.Exp(-((du * du) + (dv * dv)) / 0.03f);
                }

                return true;
            }

            case GlyphShape.Cylinder:
            {
                const float a = CylinderHalfWidth, ry = CylinderCapRadius;
                if (u < -a || u > a || v < -1f || v > 1f)
                {
                    return false;
                }

                float nx = u / a;
                float top = v - (-1f + ry);
                if (top < 0f || (nx * nx) + (top / ry * (top / ry)) <= 1f)
                {
                    if ((nx * nx) + (top / ry * (top / ry)) > 1f)
                    {
                        return false;
                    }

                    shade = metal ? 1.1f : 1.12f;
                    highlight = metal ? 0.3f : 0f;
                    return true;
                }

                float bottom = v - (1f - ry);
                if (bottom > 0f && (nx * nx) + (bottom / ry * (bottom / ry)) > 1f)
                {
                    return false;
                }

                float nz = MathF.Sqrt(MathF.Max(0f, 1f - (nx * nx)));
                float diffuse = MathF.Max(0f, (nx * Light.X) + (nz * Light.Z));
                if (metal)
                {
                    shade = 0.35f + (0.85f * diffuse);
                    float d = nx + 0.35f;
                    highlight = 0.9f * MathF.Exp(-(d * d) / 0.012f);
                }
                else
                {
                    shade = 0.8f + (0.25f * diffuse);
                }

                return true;
            }

            default:
                return false;
        }
    }

    private static void Quantize(float[] canvas, RgbaImage image, int imageIndex)
    {
        var pixels = image.Pixels;
        ulong sceneKey = Hashing.Mix(0x434C45565232444FUL ^ unchecked((ulong)imageIndex));
        for (int i = 0, n = Width * Height; i < n; i++)
        {
            ulong h = Hashing.Mix(sceneKey ^ unchecked((ulong)i));

            // Luminance noise in [-A, A] plus a one-level chroma jitter per channel.
            int luminance = (int)(h % (2 * NoiseAmplitude + 1)) - NoiseAmplitude;
            int p = i * 3, q = i * 4;
            for (int c = 0; c < 3; c++)
            {
                int jitter = (int)((h >> (16 + (c * 8))) % 3) - 1;
                int value = (int)MathF.Round(canvas[p + c]) + luminance + jitter;
                pixels[q + c] = (byte)Math.Clamp(value, 0, 255);
            }

            pixels[q + 3] = 255;
        }
    }

    private static (float X, float Y, float Z) Normalize(float x, float y, float z)
    {
        float n = MathF.Sqrt((x * x) + (y * y) + (z * z));
        return (x / n, y / n, z / n);
    }

    private readonly record struct Glyph(
        int Index, float X, float Y, float Depth, float Radius, GlyphShape Shape, bool Metal, bool Mirrored, float R, float G, float B)
    {
        public static Glyph Of(ClevrObject obj, int index)
        {
            var shape = obj.Shape switch
            {
                "cube" => GlyphShape.Cube,
                "sphere" => GlyphShape.Sphere,
                "cylinder" => GlyphShape.Cylinder,
                _ => throw new ArgumentException($"object {index} has an unknown shape '{obj.Shape}'.", nameof(obj)),
            };
            bool metal = obj.Material switch
            {
                "metal" => true,
                "rubber" => false,
                _ => throw new ArgumentException($"object {index} has an unknown material '{obj.Material}'.", nameof(obj)),
            };
            int color = ClevrPalette.IndexOf(obj.Color);
            if (color < 0)
            {
                throw new ArgumentException($"object {index} has an unknown color '{obj.Color}'.", nameof(obj));
            }

            var rgb = ClevrPalette.Colors[color];
            float radius = ClevrGeometry.HalfExtentOf(obj) / ClevrGeometry.Margin;
            double turn = ((obj.Rotation % 90.0) + 90.0) % 90.0;
            return new Glyph(
                index, (float)obj.PixelCoordinates.X, (float)obj.PixelCoordinates.Y, (float)obj.PixelCoordinates.Depth,
                radius, shape, metal, turn >= 45.0, rgb.R, rgb.G, rgb.B);
        }
    }
}

/// <summary>The three glyph shapes.</summary>
internal enum GlyphShape
{
    Cube,
    Sphere,
    Cylinder,
}
