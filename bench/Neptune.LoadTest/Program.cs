using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using Neptune.Testing;

namespace Neptune.LoadTest;

/// <summary>
/// Closed-loop load on a running <c>neptune serve</c>: for each number of clients, every client sends one request,
/// waits for the answer and sends the next, for a warm-up (not counted) and then a fixed measured time. Prints one
/// Markdown row per level: requests, requests/s, p50/p95/max latency, refusals, and the server's resident memory.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage: Neptune.LoadTest --url URL --endpoint run|ask [--clients 1,8,32] [--seconds 10] [--warmup 2]
                                [--program FILE] [--image-index N] [--image FILE|unique] [--question TEXT]
                                [--objects NAMES] [--server-pid PID]
               Neptune.LoadTest fake-vlm --ask-config FILE [--latency-ms 50] [--objects 4] [--capacity N]
                                [--scores fixed|hashed]
               Neptune.LoadTest fake-llm --llm-config FILE [--latency-ms 50]
          run: POST /v1/programs/run {"program": ..., "image_index": N}  (the server needs --scenes)
          ask: POST /v1/ask, multipart: the --image file (unique: a different 480x320 BMP each request, so no
               score or detection cache answers), --question, the program and --objects (names to detect)
          fake-vlm: an OpenAI-compatible fake vision-language model on a loopback port that answers every request
               after --latency-ms (grounding: --objects boxes; scores: fixed = yes with p = 0.8, hashed = 0.9 or
               0.05 chosen by a hash of the question and pictures, yes for about a quarter, so every run of the same
               programs gets the same answers; queries: a CLEVR word chosen by that hash) and writes an ask config
               for it (neptune serve --ask FILE, eval --vision FILE); --capacity N answers at most N requests at
               once, the rest wait (default: no limit); runs until Ctrl+C or SIGTERM, then prints its request count
          fake-llm: an OpenAI-compatible fake program model on a loopback port that answers every request after
               --latency-ms with a one-line program asking the vision model one question (its own) per object, and
               writes a programs config for it (llm_config of eval or of a cluster silo); runs like fake-vlm
        """;

    public static async Task<int> Main(string[] args)
    {
        Dictionary<string, string> options;
        try
        {
            options = Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"load-test: error: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (args.Length > 0 && args[0] == "fake-vlm")
        {
            return await FakeVlmAsync(options).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "fake-llm")
        {
            return await FakeLlmAsync(options).ConfigureAwait(false);
        }

        string url = options.GetValueOrDefault("url") ?? "http://127.0.0.1:8080";
        string endpoint = options.GetValueOrDefault("endpoint") ?? "run";
        int[] levels = [.. (options.GetValueOrDefault("clients") ?? "1,8,32").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
        double seconds = double.Parse(options.GetValueOrDefault("seconds") ?? "10", CultureInfo.InvariantCulture);
        double warmup = double.Parse(options.GetValueOrDefault("warmup") ?? "2", CultureInfo.InvariantCulture);
        int? serverPid = options.TryGetValue("server-pid", out string? pid) ? int.Parse(pid, CultureInfo.InvariantCulture) : null;
        string program = File.ReadAllText(options.GetValueOrDefault("program") ?? "examples/programs/count.py");
        Func<HttpRequestMessage> request;
        if (endpoint == "run")
        {
            string index = options.GetValueOrDefault("image-index") ?? "0";
            string body = $"{{\"program\": {Quote(program)}, \"image_index\": {index}}}";
            request = () => new HttpRequestMessage(HttpMethod.Post, "/v1/programs/run") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
        else if (endpoint == "ask")
        {
            string imagePath = options.GetValueOrDefault("image") ?? throw new ArgumentException("ask needs --image");
            byte[]? image = imagePath == "unique" ? null : File.ReadAllBytes(imagePath);
            string question = options.GetValueOrDefault("question") ?? "How many rubber cubes are left of the large sphere?";
            string? objects = options.GetValueOrDefault("objects");
            long sent = 0;
            request = () =>
            {
                var form = new MultipartFormDataContent
                {
                    { new StringContent(question), "question" },
                    { new StringContent(program), "program" },
                };
                if (objects is not null)
                {
                    form.Add(new StringContent(objects), "objects");
                }

                var picture = new ByteArrayContent(image ?? UniqueBitmap(Interlocked.Increment(ref sent)));
                picture.Headers.ContentType = new MediaTypeHeaderValue(image is null ? "image/bmp" : "image/png");
                form.Add(picture, "image", image is null ? "picture.bmp" : "picture.png");
                return new HttpRequestMessage(HttpMethod.Post, "/v1/ask") { Content = form };
            };
        }
        else
        {
            Console.Error.WriteLine($"load-test: error: --endpoint: '{endpoint}' is not run or ask");
            return 2;
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = levels.Max(), PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromMinutes(2),
        };

        Console.WriteLine($"endpoint {endpoint} at {url}, {seconds:0} s measured after {warmup:0} s of warm-up per level, {Environment.ProcessorCount} cores");
        Console.WriteLine("| endpoint | clients | requests | requests/s | p50 ms | p95 ms | max ms | refused | server RSS MiB (peak) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (int clients in levels)
        {
            await RunAsync(client, request, clients, TimeSpan.FromSeconds(warmup), null).ConfigureAwait(false);
            var latencies = new List<double>[clients];
            int refused = 0;
            var watch = Stopwatch.StartNew();
            refused = await RunAsync(client, request, clients, TimeSpan.FromSeconds(seconds), latencies).ConfigureAwait(false);
            watch.Stop();
            double[] all = [.. latencies.SelectMany(l => l).Order()];
            string rss = serverPid is int p ? Rss(p) : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {endpoint} | {clients} | {all.Length} | {all.Length / watch.Elapsed.TotalSeconds:0.0} | {Percentile(all, 0.50):0.0} | {Percentile(all, 0.95):0.0} | {(all.Length > 0 ? all[^1] : 0):0.0} | {refused} | {rss} |"));
        }

        return 0;
    }

    /// <summary>Runs <paramref name="clients"/> closed loops for <paramref name="duration"/>; returns how many answers were not 2xx.</summary>
    private static async Task<int> RunAsync(HttpClient client, Func<HttpRequestMessage> request, int clients, TimeSpan duration, List<double>[]? latencies)
    {
        int refused = 0;
        long end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var loops = new Task[clients];
        for (int c = 0; c < clients; c++)
        {
            var mine = new List<double>();
            if (latencies is not null)
            {
                latencies[c] = mine;
            }

            loops[c] = Task.Run(async () =>
            {
                while (Stopwatch.GetTimestamp() < end)
                {
                    long start = Stopwatch.GetTimestamp();
                    using HttpRequestMessage message = request();
                    using HttpResponseMessage response = await client.SendAsync(message).ConfigureAwait(false);
                    await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref refused);
                        continue;
                    }

                    mine.Add(ms);
                }
            });
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        return refused;
    }

    private static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    /// <summary>VmRSS and VmHWM of a process, in MiB, from /proc.</summary>
    private static string Rss(int pid)
    {
        try
        {
            string[] lines = File.ReadAllLines($"/proc/{pid}/status");
            double Kb(string key) => double.Parse(lines.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return string.Create(CultureInfo.InvariantCulture, $"{Kb("VmRSS:") / 1024:0} ({Kb("VmHWM:") / 1024:0})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return "?";
        }
    }

    /// <summary>
    /// Runs the fake vision-language model until Ctrl+C or SIGTERM: every answer after the same latency, at most
    /// <c>--capacity</c> at once, grounding requests with <c>--objects</c> boxes in a row, score requests with
    /// p(yes) = 0.8 (<c>--scores fixed</c>) or by a hash of the request (<c>--scores hashed</c>).
    /// </summary>
    private static async Task<int> FakeVlmAsync(Dictionary<string, string> options)
    {
        string askConfig = options.GetValueOrDefault("ask-config") ?? throw new ArgumentException("fake-vlm needs --ask-config FILE");
        var latency = TimeSpan.FromMilliseconds(double.Parse(options.GetValueOrDefault("latency-ms") ?? "50", CultureInfo.InvariantCulture));
        int count = int.Parse(options.GetValueOrDefault("objects") ?? "4", CultureInfo.InvariantCulture);
        int? capacity = options.TryGetValue("capacity", out string? c) ? int.Parse(c, CultureInfo.InvariantCulture) : null;
        if (capacity is < 1)
        {
            throw new ArgumentException("--capacity must be at least 1");
        }

        bool hashed = (options.GetValueOrDefault("scores") ?? "fixed") switch
        {
            "fixed" => false,
            "hashed" => true,
            string other => throw new ArgumentException($"--scores must be fixed or hashed, not '{other}'"),
        };
        var boxes = Enumerable.Range(0, count).Select(i => ("object", 100.0 + (i * 200), 300.0, 180.0 + (i * 200), 500.0)).ToArray();
        await using FakeChatServer server = await FakeChatServer.StartAsync(
            request => FakeReply.Delayed(latency, Answer(request, boxes, hashed)),
            capacity,
            recordRequests: false).ConfigureAwait(false);
        File.WriteAllText(askConfig, $$$"""
            {"vision": {"endpoints": [{"endpoint": "{{{server.Endpoint}}}", "model": "fake-vlm", "max_concurrent_requests": 256, "max_retries": 0}]},
             "detector": {"kind": "vlm"}}
            """);
        Console.WriteLine($"fake VLM at {server.Endpoint}, {latency.TotalMilliseconds:0} ms a request, {(capacity is { } n ? $"{n} at once" : "no capacity limit")}; ask config {Path.GetFullPath(askConfig)}");
        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        Console.WriteLine($"fake VLM: {server.RequestCount - 1} requests answered, at most {server.MaxInFlight} at once");
        return 0;
    }

    private static readonly string[][] QueryWords =
    [
        ["gray", "red", "blue", "green", "brown", "purple", "cyan", "yellow"],
        ["cube", "sphere", "cylinder"],
        ["small", "large"],
        ["rubber", "metal"],
    ];

    /// <summary>
    /// The fake's answer: grounding boxes; a yes/no score (fixed, or from the request's hash); a query answered with a
    /// word of the attribute it names (colour, shape, size, material), chosen by the hash.
    /// </summary>
    private static FakeReply Answer(FakeChatRequest request, (string, double, double, double, double)[] boxes, bool hashed)
    {
        string text = request.LastUserMessage;
        if (text.Contains("Locate every", StringComparison.Ordinal))
        {
            return FakeVision.Grounding(boxes);
        }

        if (!hashed)
        {
            return FakeVision.Probability(0.8);
        }

        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(text));
        foreach (byte[] image in FakeVision.Images(request))
        {
            sha.AppendData(image);
        }

        ulong hash = BitConverter.ToUInt64(sha.GetHashAndReset(), 0);
        string question = text.Split('\n')[0];
        int attribute = question.Contains("color", StringComparison.OrdinalIgnoreCase) ? 0
            : question.Contains("shape", StringComparison.OrdinalIgnoreCase) ? 1
            : question.Contains("size", StringComparison.OrdinalIgnoreCase) ? 2
            : question.Contains("material", StringComparison.OrdinalIgnoreCase) || question.Contains("made of", StringComparison.OrdinalIgnoreCase) ? 3
            : -1;
        bool open = question.StartsWith("What", StringComparison.OrdinalIgnoreCase) && attribute >= 0;
        if (open)
        {
            string[] words = QueryWords[attribute];
            return FakeReply.Completion(words[(int)(hash % (ulong)words.Length)] + ".");
        }

        return FakeVision.Probability(hash % 4 == 0 ? 0.9 : 0.05);
    }

    /// <summary>
    /// Runs the fake program model until Ctrl+C or SIGTERM: every answer after the same latency, a program that asks the
    /// vision model about each object a question made from the asked one (so no two questions share a score-cache entry).
    /// </summary>
    private static async Task<int> FakeLlmAsync(Dictionary<string, string> options)
    {
        string llmConfig = options.GetValueOrDefault("llm-config") ?? throw new ArgumentException("fake-llm needs --llm-config FILE");
        var latency = TimeSpan.FromMilliseconds(double.Parse(options.GetValueOrDefault("latency-ms") ?? "50", CultureInfo.InvariantCulture));
        await using FakeChatServer server = await FakeChatServer.StartAsync(request =>
        {
            string asked = new([.. request.LastUserMessage.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault("?").Where(c => char.IsLetterOrDigit(c) || c == ' ')]);
            string program = $"return score(\"Is the object in the red box the one meant by: {asked.Trim()}?\").count()";
            return FakeReply.Delayed(latency, FakeReply.Completion("```python\n" + program + "\n```\n", promptTokens: 1000, completionTokens: 20));
        }).ConfigureAwait(false);
        File.WriteAllText(llmConfig, $$$"""
            {"backend": {"endpoint": "{{{server.Endpoint}}}", "model": "fake-llm", "max_retries": 0},
             "programs": {"cache": null, "repair_rounds": 0}}
            """);
        Console.WriteLine($"fake LLM at {server.Endpoint}, {latency.TotalMilliseconds:0} ms a request; programs config {Path.GetFullPath(llmConfig)}");
        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        Console.WriteLine($"fake LLM: {server.RequestCount} requests answered");
        return 0;
    }

    /// <summary>A 480×320 24-bit BMP, grey with four coloured squares, whose first row spells <paramref name="n"/> in black and white pixels.</summary>
    private static byte[] UniqueBitmap(long n)
    {
        const int Width = 480, Height = 320, Row = Width * 3;
        byte[] file = new byte[54 + (Row * Height)];
        file[0] = (byte)'B';
        file[1] = (byte)'M';
        BitConverter.TryWriteBytes(file.AsSpan(2), file.Length);
        BitConverter.TryWriteBytes(file.AsSpan(10), 54);
        BitConverter.TryWriteBytes(file.AsSpan(14), 40);
        BitConverter.TryWriteBytes(file.AsSpan(18), Width);
        BitConverter.TryWriteBytes(file.AsSpan(22), Height);
        BitConverter.TryWriteBytes(file.AsSpan(26), (short)1);
        BitConverter.TryWriteBytes(file.AsSpan(28), (short)24);
        file.AsSpan(54).Fill(200);
        for (int square = 0; square < 4; square++)
        {
            for (int y = 150; y < 230; y++)
            {
                for (int x = 50 + (square * 100); x < 90 + (square * 100); x++)
                {
                    int at = 54 + (y * Row) + (x * 3);
                    file[at] = (byte)(square * 60);
                    file[at + 1] = (byte)(255 - (square * 60));
                    file[at + 2] = 120;
                }
            }
        }

        for (int bit = 0; bit < 64; bit++)
        {
            byte v = ((n >> bit) & 1) == 1 ? (byte)0 : (byte)255;
            int at = 54 + ((Height - 1) * Row) + (bit * 3);
            file[at] = file[at + 1] = file[at + 2] = v;
        }

        return file;
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = args.Length > 0 && args[0] is "fake-vlm" or "fake-llm" ? 1 : 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            options[args[i][2..]] = args[i + 1];
        }

        return options;
    }
}
