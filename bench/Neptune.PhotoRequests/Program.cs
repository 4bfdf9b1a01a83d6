using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Neptune.Imaging;
using Neptune.Imaging.Codecs;
using Neptune.Testing;

namespace Neptune.PhotoRequests;

/// <summary>
/// Counts the model requests of <c>neptune eval --task rec --dataset grefcoco</c> per photo and per expression, for
/// VIRO-style programs (verified operators; CLIP verifier or the vision model's yes/no) and NePTune-style programs (soft
/// logic, one <c>score()</c> per box and question), without cache files, with cache files on a first run, and on a
/// second run over the same cache files. Every request is counted at the fake server that answers it. Prints one
/// Markdown row per scenario.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: Neptune.PhotoRequests --neptune PATH/neptune.dll [--photos 20] [--concurrency 4] [--work DIR]
          Generates --photos pictures of three cups (red, green, blue in a seeded order) and five expressions each
          (each cup, all the cups, "the purple cup" with no target) as a gRefCOCO folder, starts fake servers, and runs
          `dotnet neptune.dll eval` once per scenario, printing the requests each server received.
        """;

    private const int Slot = 100;

    private static readonly string[] Colours = ["red", "green", "blue"];

    private static readonly Dictionary<string, string> Viro = new(StringComparer.Ordinal)
    {
        ["the red cup"] = Chain("red"),
        ["the green cup"] = Chain("green"),
        ["the blue cup"] = Chain("blue"),
        ["the purple cup"] = Chain("purple"),
        ["all the cups"] = "CUPS = FIND(object_name=\"cup\")\nFINAL_RESULT = RESULT(object=CUPS)\n",
    };

    private static readonly Dictionary<string, string> Soft = new(StringComparer.Ordinal)
    {
        ["the red cup"] = SoftProgram("red"),
        ["the green cup"] = SoftProgram("green"),
        ["the blue cup"] = SoftProgram("blue"),
        ["the purple cup"] = SoftProgram("purple"),
        ["all the cups"] = "return score(\"Is the object in the red box a cup?\")\n",
    };

    private static readonly Dictionary<string, float[]> Texts = new(StringComparer.Ordinal)
    {
        ["a photo of a cup."] = [1, 1, 1],
        ["a photo of a dog."] = [-1, -1, -1],
        ["a photo of a car."] = [-1, -1, 0],
        ["a photo of a red object."] = [1, 0, 0],
        ["a photo of a green object."] = [0, 1, 0],
        ["a photo of a blue object."] = [0, 0, 1],
        ["a photo of a purple object."] = [1, 0, 1],
    };

    public static async Task<int> Main(string[] args)
    {
        Dictionary<string, string> options = [];
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        if (!options.TryGetValue("neptune", out string? neptune) || !File.Exists(neptune))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        neptune = Path.GetFullPath(neptune);
        int photos = int.Parse(options.GetValueOrDefault("photos") ?? "20", CultureInfo.InvariantCulture);
        string concurrency = options.GetValueOrDefault("concurrency") ?? "4";
        string work = Path.GetFullPath(options.GetValueOrDefault("work") ?? Path.Combine(Path.GetTempPath(), $"neptune-photo-requests-{Environment.ProcessId}"));
        Directory.CreateDirectory(work);
        string images = WriteDataset(work, photos);

        await using FakeChatServer llm = await FakeChatServer.StartAsync(r =>
            (r.Model == "fake-viro" ? Viro : Soft).TryGetValue(r.LastUserMessage["Question: ".Length..], out string? program)
                ? FakeReply.Completion($"<objects>cup</objects>\n```python\n{program}```")
                : FakeReply.Completion("I do not know."));
        await using FakeChatServer vlm = await FakeChatServer.StartAsync(_ => FakeVision.Probability(0.8));
        await using FakeGroundingServer detector = await FakeGroundingServer.StartAsync((body, _) => Detect(body));
        await using FakeEmbeddingsServer clip = await FakeEmbeddingsServer.StartAsync(FakeEmbeddingsWire.Vllm, r => FakeEmbeddingsReply.Vectors(
            r.IsImage ? [.. r.Images.Select(FakeClip.MeanColour)] : [.. r.Texts.Select(t => Texts.TryGetValue(t, out float[]? v) ? v : [0f, 0f, 0f])]));

        Console.Out.WriteLine($"{photos} photos, {photos * 5} expressions (5 distinct texts), --concurrency {concurrency}; requests as the fake servers counted them");
        Console.Out.WriteLine();
        Console.Out.WriteLine("| programs | verifier | caches | LLM | detector | embeddings (crops + texts) | vision model | per photo: detector, embeddings, vision model | model requests per expression | correct |");
        Console.Out.WriteLine("|---|---|---|---:|---:|---:|---:|---|---:|---:|");
        foreach ((string style, bool useClip) in new[] { ("viro", true), ("viro", false), ("neptune", false) })
        {
            string caches = Path.Combine(work, $"caches-{style}-{(useClip ? "clip" : "vlm")}");
            foreach ((string label, bool files) in new[] { ("none (in memory only)", false), ("cache files, first run", true), ("cache files, second run", true) })
            {
                int llm0 = llm.RequestCount, vlm0 = vlm.RequestCount, det0 = detector.Requests.Count;
                int crops0 = clip.Requests.Count(r => r.IsImage), texts0 = clip.Requests.Count(r => !r.IsImage);
                string outDir = Path.Combine(work, "runs", $"{style}-{(useClip ? "clip" : "vlm")}-{(files ? label.Contains("second", StringComparison.Ordinal) ? "warm" : "cold" : "nocache")}");
                if (Directory.Exists(outDir))
                {
                    Directory.Delete(outDir, recursive: true);
                }

                string llmConfig = WriteConfig(work, $"llm-{style}-{files}.json", $$"""
                    { "backend": { "endpoint": "{{llm.Endpoint}}", "model": "fake-{{style}}", "temperature": 0, "max_retries": 0 },
                      "programs": { "cache": {{(files ? Json(Path.Combine(caches, "programs.db")) : "null")}}, "repair_rounds": 1 } }
                    """);
                string vision = WriteConfig(work, $"vision-{style}-{useClip}-{files}.json", $$"""
                    { "vision": { "endpoints": [ { "endpoint": "{{vlm.Endpoint}}", "model": "fake-vlm", "max_retries": 0 } ]{{(files ? ", \"cache\": " + Json(Path.Combine(caches, "vision.db")) : "")}} },
                      "detector": { "kind": "roboflow", "endpoint": "{{detector.Endpoint}}" } }
                    """);
                List<string> command = [neptune, "eval", "--task", "rec", "--dataset", "grefcoco", "--annotations", Path.Combine(work, "grefcoco"), "--split", "val",
                    "--images", images, "--vision", vision, "--programs", "llm", "--llm-config", llmConfig, "--concurrency", concurrency, "--quiet", "--out", outDir];
                if (useClip)
                {
                    command.AddRange(["--verifier", WriteConfig(work, $"verifier-{files}.json", $$"""
                        { "kind": "clip", "embeddings": { "endpoint": "{{clip.Endpoint}}", "model": "openai/clip-vit-base-patch32", "protocol": "vllm" },
                          "temperature": 0.1, "bank": ["dog", "car"]{{(files ? ", \"cache\": " + Json(Path.Combine(caches, "verifier.db")) : "")}} }
                        """)]);
                }

                if (style == "viro")
                {
                    command.AddRange(["--style", "viro"]);
                }

                int exit = await RunAsync(command, work).ConfigureAwait(false);
                if (exit != 0)
                {
                    Console.Error.WriteLine($"neptune eval exited with {exit} for {outDir}");
                    return 1;
                }

                using JsonDocument summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
                long correct = summary.RootElement.GetProperty("correct").GetInt64(), total = summary.RootElement.GetProperty("total").GetInt64();
                int llmN = llm.RequestCount - llm0, vlmN = vlm.RequestCount - vlm0, detN = detector.Requests.Count - det0;
                int crops = clip.Requests.Count(r => r.IsImage) - crops0, texts = clip.Requests.Count(r => !r.IsImage) - texts0;
                var c = CultureInfo.InvariantCulture;
                string perPhoto = $"{(detN / (double)photos).ToString("0.##", c)}, {((crops + texts) / (double)photos).ToString("0.##", c)}, {(vlmN / (double)photos).ToString("0.##", c)}";
                string perExpression = ((detN + crops + texts + vlmN) / (double)total).ToString("0.##", c);
                string verifier = useClip ? "CLIP" : "vision model";
                string judged = style == "viro" && useClip ? $"{correct.ToString(c)}/{total.ToString(c)}" : $"({correct.ToString(c)}/{total.ToString(c)})";
                Console.Out.WriteLine($"| {(style == "viro" ? "VIRO operators" : "NePTune soft logic")} | {(style == "viro" ? verifier : "— (score())")} | {label} | {llmN.ToString(c)} | {detN.ToString(c)} | {(crops + texts).ToString(c)} ({crops.ToString(c)} + {texts.ToString(c)}) | {vlmN.ToString(c)} | {perPhoto} | {perExpression} | {judged} |");
            }
        }

        Console.Out.WriteLine();
        Console.Out.WriteLine("(The fake vision model answers every yes/no question with p = 0.8, so only the CLIP rows' correct counts judge the programs; the others are shown in parentheses.)");
        return 0;
    }

    private static string Chain(string colour) =>
        $"CUPS = FIND(object_name=\"cup\")\nCOLOURED = PROPERTY(object=CUPS, value=\"{colour}\")\nFINAL_RESULT = RESULT(object=COLOURED)\n";

    private static string SoftProgram(string colour) =>
        $"return (score(\"Is the object in the red box {colour}?\") & score(\"Is the object in the red box a cup?\")).iota()\n";

    /// <summary>Roboflow's answer for a picture: a cup wherever a slot is not grey, when the request asks for cups.</summary>
    private static FakeGroundingReply Detect(JsonElement body)
    {
        RgbaImage image = ImageCodecs.Default.Decode(Convert.FromBase64String(body.GetProperty("image").GetProperty("value").GetString()!));
        bool cups = body.GetProperty("text").EnumerateArray().Any(t => t.GetString() == "cup");
        var predictions = new List<FakePrediction>();
        for (int slot = 0; cups && slot < image.Width / Slot; slot++)
        {
            Rgba32 p = image.GetPixel((slot * Slot) + (Slot / 2), image.Height / 2);
            if (!(p.R == p.G && p.G == p.B))
            {
                predictions.Add(new FakePrediction((slot * Slot) + (Slot / 2), Slot / 2, 80, 80, 0.9, "cup"));
            }
        }

        return FakeGroundingReply.Ok(image.Width, image.Height, [.. predictions]);
    }

    /// <summary>The pictures (PNG, three 80×80 cups on grey in a seeded colour order, each picture distinct) and a gRefCOCO folder with five expressions each.</summary>
    private static string WriteDataset(string work, int photos)
    {
        string images = Directory.CreateDirectory(Path.Combine(work, "images")).FullName;
        string folder = Directory.CreateDirectory(Path.Combine(work, "grefcoco")).FullName;
        var rgb = new Dictionary<string, Rgba32> { ["red"] = new(220, 30, 30, 255), ["green"] = new(30, 200, 40, 255), ["blue"] = new(30, 40, 220, 255) };
        var imageEntries = new List<string>();
        var annotations = new List<string>();
        var refs = new List<string>();
        var random = new Random(13);
        for (int id = 1; id <= photos; id++)
        {
            string[] order = [.. Colours.OrderBy(_ => random.Next())];
            var picture = new RgbaImage(3 * Slot, Slot, new Rgba32(128, 128, 128, 255));
            var annOf = new Dictionary<string, int>();
            for (int slot = 0; slot < 3; slot++)
            {
                for (int y = 10; y < 90; y++)
                {
                    for (int x = (slot * Slot) + 10; x < (slot * Slot) + 90; x++)
                    {
                        picture.SetPixel(x, y, rgb[order[slot]]);
                    }
                }

                int ann = (id * 10) + slot;
                annOf[order[slot]] = ann;
                annotations.Add($$"""{ "id": {{ann}}, "image_id": {{id}}, "category_id": 47, "bbox": [{{(slot * Slot) + 10}}, 10, 80, 80], "area": 6400, "iscrowd": 0 }""");
            }

            // The photo's id in the top row's first 16 pixels, so that no two photos are the same picture (the caches
            // are keyed by content and would answer a repeated picture without a request).
            for (int bit = 0; bit < 16; bit++)
            {
                picture.SetPixel(bit, 0, (id >> bit & 1) == 1 ? new Rgba32(255, 255, 255, 255) : new Rgba32(0, 0, 0, 255));
            }

            string file = string.Create(CultureInfo.InvariantCulture, $"COCO_train2014_{id:D12}.png");
            File.WriteAllBytes(Path.Combine(images, file), picture.ToPng());
            imageEntries.Add($$"""{ "id": {{id}}, "file_name": "{{file}}", "width": {{3 * Slot}}, "height": {{Slot}} }""");
            int sent = id * 10;
            void Ref(string text, int[] anns) => refs.Add($$"""
                { "ref_id": {{sent}}, "image_id": {{id}}, "split": "val", "ann_id": [{{string.Join(", ", anns.Length == 0 ? [-1] : anns)}}], "no_target": {{(anns.Length == 0 ? "true" : "false")}},
                  "sentences": [ { "sent_id": {{sent++}}, "sent": "{{text}}", "raw": "{{text}}" } ] }
                """);
            foreach (string colour in Colours)
            {
                Ref($"the {colour} cup", [annOf[colour]]);
            }

            Ref("all the cups", [.. annOf.Values.Order()]);
            Ref("the purple cup", []);
        }

        File.WriteAllText(Path.Combine(folder, "instances.json"), $$"""
            { "images": [{{string.Join(",\n", imageEntries)}}], "annotations": [{{string.Join(",\n", annotations)}}],
              "categories": [ { "id": 47, "name": "cup", "supercategory": "kitchen" } ] }
            """);
        File.WriteAllText(Path.Combine(folder, "grefs(unc).json"), "[" + string.Join(",\n", refs) + "]");
        return images;
    }

    private static string WriteConfig(string work, string name, string text)
    {
        string path = Path.Combine(work, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Json(string value) => JsonSerializer.Serialize(value);

    private static async Task<int> RunAsync(List<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        Task<string> err = process.StandardError.ReadToEndAsync();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        string text = (await err.ConfigureAwait(false)) + (await output.ConfigureAwait(false));
        if (process.ExitCode != 0)
        {
            Console.Error.Write(text);
        }

        return process.ExitCode;
    }
}
