using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Neptune.Clevr;
using Neptune.Clevr2D;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Testing;

namespace Neptune.Service.Tests;

/// <summary><c>/v1/ask</c> and <c>/v1/find</c> on the embedded world: rendered CLEVR-2D pictures perceived from pixels.</summary>
public sealed class ImageEndpointTests
{
    internal const string ColorOfCube = """
        cube = score("Is the object in the red box a cube?")
        return query("What color is the object in the red box?", cube.iota())
        """;

    internal const string SmallCubes = """
        CUBES = FIND(object_name='cube')
        SMALL = PROPERTY(object=CUBES, value='small')
        FINAL_RESULT = RESULT(object=SMALL)
        """;

    /// <summary>A large red rubber cube on the left, a large blue metal sphere on the right.</summary>
    internal static readonly Lazy<byte[]> CubeAndSphere = new(() => ClevrRenderer.RenderPng(Scene(1,
        ("cube", "red", "rubber", "large", 120, 200, 10),
        ("sphere", "blue", "metal", "large", 360, 190, 10.5))));

    /// <summary>A small green rubber cube and a large yellow rubber cylinder.</summary>
    internal static readonly Lazy<byte[]> SmallCubeAndCylinder = new(() => ClevrRenderer.RenderPng(Scene(2,
        ("cube", "green", "rubber", "small", 140, 210, 10),
        ("cylinder", "yellow", "rubber", "large", 340, 180, 11))));

    [Fact]
    public async Task Ask_MultipartWithProgram_AnswersFromThePixels()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, string? media) = await host.SendAsync(Form(CubeAndSphere.Value, ("question", "What color is the cube?"), ("program", ColorOfCube)), "/v1/ask");

        Assert.Equal(200, status);
        Assert.Equal("application/json", media);
        Assert.Equal("answer", body.GetProperty("outcome").GetString());
        Assert.Equal("red", body.GetProperty("answer").GetString());
        Assert.False(body.GetProperty("no_target").GetBoolean());
        Assert.Equal(2, body.GetProperty("objects").GetArrayLength());
        Assert.Contains("score(", body.GetProperty("program").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("trace").GetArrayLength() >= 2);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("trace_id").GetString()));
    }

    [Fact]
    public async Task Ask_JsonWithBase64Image_ReturnsTheReferentsBox()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();
        string program = "return score(\"Is the object in the red box a sphere?\").iota()";

        (int status, JsonElement body, _) = await host.PostAsync("/v1/ask", new { image = Convert.ToBase64String(CubeAndSphere.Value), question = "the sphere", program });

        Assert.Equal(200, status);
        Assert.Equal("box", body.GetProperty("outcome").GetString());
        JsonElement box = Assert.Single(body.GetProperty("boxes").EnumerateArray());
        // The sphere is the object on the right of the picture.
        Assert.True(box[0].GetDouble() > 240, box.ToString());
        Assert.Equal(box.ToString(), body.GetProperty("target").GetProperty("box").ToString());
    }

    [Fact]
    public async Task Find_TwoImagesOneProgram_TargetInOneNoTargetInTheOther()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("the small cubes"), "query" },
            { new StringContent(SmallCubes), "program" },
        };
        AddImage(form, SmallCubeAndCylinder.Value, "small-cube.png");
        AddImage(form, CubeAndSphere.Value, "large-cube.png");

        (int status, JsonElement body, _) = await host.SendAsync(form, "/v1/find");

        Assert.Equal(200, status);
        Assert.Equal("request", body.GetProperty("program_source").GetString());
        Assert.Equal(1, body.GetProperty("targets").GetInt32());
        Assert.Equal(1, body.GetProperty("no_target").GetInt32());
        JsonElement[] images = [.. body.GetProperty("images").EnumerateArray()];
        Assert.Equal("small-cube.png", images[0].GetProperty("image").GetString());
        Assert.Equal("target", images[0].GetProperty("outcome").GetString());
        JsonElement box = Assert.Single(images[0].GetProperty("boxes").EnumerateArray());
        Assert.True(box[0].GetDouble() < 240, box.ToString());
        Assert.Equal("no_target", images[1].GetProperty("outcome").GetString());
        Assert.Equal("PROPERTY", images[1].GetProperty("abstained_by").GetString());
    }

    [Fact]
    public async Task Find_JsonImagesOfTheWrongSize_RowFailsAsTheCliReportsIt()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();
        string small = Convert.ToBase64String(ImageCodecs.Default.Encode(new RgbaImage(64, 48)));

        (int status, JsonElement body, _) = await host.PostAsync("/v1/find", new { query = "the small cubes", program = SmallCubes, images = new[] { Convert.ToBase64String(SmallCubeAndCylinder.Value), small } });

        Assert.Equal(200, status);
        JsonElement failed = body.GetProperty("images")[1];
        Assert.Equal("images[1]", failed.GetProperty("image").GetString());
        Assert.Equal("failed", failed.GetProperty("outcome").GetString());
        Assert.Equal("image_invalid", failed.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, body.GetProperty("failed").GetInt32());
    }

    [Theory]
    [InlineData(false, true, "`question`: required")]
    [InlineData(true, false, "`program`: required: this server writes no programs")]
    public async Task Ask_MissingField_Is400NamingIt(bool question, bool program, string expected)
    {
        await using ServiceHost host = await ServiceHost.StartAsync();
        var fields = new List<(string, string)>();
        if (question)
        {
            fields.Add(("question", "What color is the cube?"));
        }

        if (program)
        {
            fields.Add(("program", ColorOfCube));
        }

        (int status, JsonElement body, string? media) = await host.SendAsync(Form(CubeAndSphere.Value, [.. fields]), "/v1/ask");

        BadInputTests.AssertProblem(body, media, 400, "bad-input");
        Assert.Equal(400, status);
        Assert.Contains(expected, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_NoImage_Is400()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, _) = await host.PostAsync("/v1/ask", new { question = "What color is the cube?", program = ColorOfCube });

        Assert.Equal(400, status);
        Assert.StartsWith("`image`: required", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string> CorruptImages => new() { "text", "truncated-png", "empty" };

    [Theory]
    [MemberData(nameof(CorruptImages))]
    public async Task Ask_CorruptOrNonImageUpload_Is400WithTheDecodersMessage(string kind)
    {
        byte[] data = kind switch
        {
            "text" => Encoding.UTF8.GetBytes("this is not an image, only some text\n"),
            "truncated-png" => CubeAndSphere.Value[..200],
            _ => [],
        };
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, string? media) = await host.SendAsync(Form(data, ("question", "q"), ("program", ColorOfCube)), "/v1/ask");

        Assert.Equal(400, status);
        BadInputTests.AssertProblem(body, media, 400, "bad-input");
        string detail = body.GetProperty("detail").GetString()!;
        Assert.StartsWith("`image` 'picture.png': ", detail, StringComparison.Ordinal);
        if (data.Length > 0)
        {
            // The message `neptune ask` and `neptune image info` print for the same bytes.
            NeptuneImagingException e = Assert.ThrowsAny<NeptuneImagingException>(() => ImageCodecs.Default.Decode(data));
            Assert.EndsWith(e.Message, detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Ask_ImageOverThePixelLimit_Is413BeforeDecoding()
    {
        // A BMP header claiming 12000×12000 pixels and no pixel data: refused from the header alone.
        byte[] header = new byte[54];
        "BM"u8.CopyTo(header);
        BitConverter.TryWriteBytes(header.AsSpan(2), 54);
        BitConverter.TryWriteBytes(header.AsSpan(10), 54);
        BitConverter.TryWriteBytes(header.AsSpan(14), 40);
        BitConverter.TryWriteBytes(header.AsSpan(18), 12000);
        BitConverter.TryWriteBytes(header.AsSpan(22), 12000);
        BitConverter.TryWriteBytes(header.AsSpan(26), (short)1);
        BitConverter.TryWriteBytes(header.AsSpan(28), (short)24);
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, string? media) = await host.SendAsync(Form(header, ("question", "q"), ("program", ColorOfCube)), "/v1/ask");

        Assert.Equal(413, status);
        BadInputTests.AssertProblem(body, media, 413, "too-large");
        Assert.Contains("12000×12000 is 144000000 pixels, more than the limit of 16777216 (max_image_pixels)", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ImageOverTheDecodersSideLimit_Is413WithItsMessage()
    {
        byte[] header = new byte[54];
        "BM"u8.CopyTo(header);
        BitConverter.TryWriteBytes(header.AsSpan(2), 54);
        BitConverter.TryWriteBytes(header.AsSpan(10), 54);
        BitConverter.TryWriteBytes(header.AsSpan(14), 40);
        BitConverter.TryWriteBytes(header.AsSpan(18), 30000);
        BitConverter.TryWriteBytes(header.AsSpan(22), 10);
        BitConverter.TryWriteBytes(header.AsSpan(26), (short)1);
        BitConverter.TryWriteBytes(header.AsSpan(28), (short)24);
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, _) = await host.SendAsync(Form(header, ("question", "q"), ("program", ColorOfCube)), "/v1/ask");

        Assert.Equal(413, status);
        Assert.Contains("30000x10 exceeds the limit of 16384x16384 pixels", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_PictureOverAConfiguredPixelLimit_Is413()
    {
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { MaxImagePixels = 1000 });

        (int status, JsonElement body, _) = await host.SendAsync(Form(CubeAndSphere.Value, ("question", "q"), ("program", ColorOfCube)), "/v1/ask");

        Assert.Equal(413, status);
        Assert.Contains("480×320 is 153600 pixels", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_PictureNotOfTheEmbeddedWorld_Is400NamingTheSize()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();
        byte[] photo = ImageCodecs.Default.Encode(new RgbaImage(640, 480));

        (int status, JsonElement body, _) = await host.SendAsync(Form(photo, ("question", "q"), ("program", ColorOfCube)), "/v1/ask");

        Assert.Equal(400, status);
        Assert.Contains("480×320 pixels, but this one is 640×480", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/ask", """{"image": "%%%", "question": "q", "program": "return 1"}""", "`image` in the request body: not valid base64")]
    [InlineData("/v1/ask", """{"image": "AAAA", "question": "q", "program": "return 1", "colour": 1}""", "colour")]
    [InlineData("/v1/find", """{"images": "AAAA", "query": "q", "program": "return 1"}""", "expected a list of base64 strings")]
    [InlineData("/v1/find", """{"query": "q", "program": "return 1"}""", "`image`: required")]
    public async Task Post_BadJson_Is400NamingTheField(string path, string json, string expected)
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, _) = await host.PostJsonAsync(path, json);

        Assert.Equal(400, status);
        Assert.Contains(expected, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_UnknownFormField_Is400()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, _) = await host.SendAsync(Form(CubeAndSphere.Value, ("question", "q"), ("program", ColorOfCube), ("temperature", "1")), "/v1/ask");

        Assert.Equal(400, status);
        Assert.Contains("`temperature` in the form: unknown field", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_PlainTextBody_Is415()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, string? media) = await host.PostJsonAsync("/v1/ask", "what color is it?", "text/plain");

        Assert.Equal(415, status);
        BadInputTests.AssertProblem(body, media, 415, "unsupported-media-type");
    }

    [Fact]
    public async Task Ask_FormOverTheRequestLimit_Is413()
    {
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { MaxRequestBytes = 4096 });

        (int status, JsonElement body, _) = await host.SendAsync(Form(CubeAndSphere.Value, ("question", "q"), ("program", ColorOfCube)), "/v1/ask");

        Assert.Equal(413, status);
        Assert.Contains("max_request_bytes", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_MoreImagesThanTheLimit_Is413()
    {
        await using ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { MaxImages = 1 });
        string image = Convert.ToBase64String(CubeAndSphere.Value);

        (int status, JsonElement body, _) = await host.PostAsync("/v1/find", new { query = "q", program = SmallCubes, images = new[] { image, image } });

        Assert.Equal(413, status);
        Assert.Contains("2 images, more than the limit of 1 (max_images)", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_InvalidProgram_Is400WithItsDiagnostic()
    {
        await using ServiceHost host = await ServiceHost.StartAsync();

        (int status, JsonElement body, _) = await host.PostAsync("/v1/find", new { query = "q", program = "return frobnicate(1)", image = Convert.ToBase64String(CubeAndSphere.Value) });

        Assert.Equal(400, status);
        string detail = body.GetProperty("detail").GetString()!;
        Assert.StartsWith("`program`: ", detail, StringComparison.Ordinal);
        Assert.Contains("frobnicate", detail, StringComparison.Ordinal);
    }

    internal static MultipartFormDataContent Form(byte[] image, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach ((string name, string value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        AddImage(form, image, "picture.png");
        return form;
    }

    private static void AddImage(MultipartFormDataContent form, byte[] image, string fileName)
    {
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(content, "image", fileName);
    }

    private static ClevrScene Scene(int imageIndex, params (string Shape, string Color, string Material, string Size, double X, double Y, double Depth)[] objects) =>
        TestScenes.Scene(imageIndex, objects);
}
