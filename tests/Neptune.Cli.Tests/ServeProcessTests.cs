using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Neptune.Cli.Conventions;
using Neptune.Clevr;
using Neptune.Clevr2D;

namespace Neptune.Cli.Tests;

/// <summary>The real <c>neptune serve</c> process on a loopback port: start, answer, stop on SIGTERM.</summary>
public sealed class ServeProcessTests
{
    [Fact]
    public async Task Serve_RealProcessOnLoopback_AnswersAndStopsCleanlyOnSigterm()
    {
        ClevrScene scene = ClevrSceneReader.Read(Path.Combine(Cli.DataDirectory, "CLEVR_val_scenes_500.json")).First();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Cli.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "neptune.dll"), "serve", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[CliRunner.LogDirectoryVariable] = Path.Combine(Path.GetTempPath(), "neptune-cli-tests", "logs");
        start.Environment["NEPTUNE_API_KEYS"] = "serve-process-key-0123456789";
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        try
        {
            string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.NotNull(line);
            Assert.StartsWith("neptune: listening on http://127.0.0.1:", line, StringComparison.Ordinal);
            using var client = new HttpClient { BaseAddress = new Uri(line["neptune: listening on ".Length..]) };

            using HttpResponseMessage health = await client.GetAsync("/healthz");
            using HttpResponseMessage anonymous = await client.PostAsJsonAsync("/v1/programs/run", new { program = "return 1 + 1" });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "serve-process-key-0123456789");
            using var form = new MultipartFormDataContent
            {
                { new StringContent("How many rubber cubes are left of the large sphere?"), "question" },
                { new StringContent(File.ReadAllText(Path.Combine(Cli.RepositoryRoot, "examples", "programs", "count.py"))), "program" },
            };
            var picture = new ByteArrayContent(ClevrRenderer.RenderPng(scene));
            picture.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(picture, "image", "CLEVR_val_000000.png");
            using HttpResponseMessage ask = await client.PostAsync("/v1/ask", form);
            JsonElement answer = JsonDocument.Parse(await ask.Content.ReadAsStringAsync()).RootElement;
            // Some traffic before the signal: a server that has served requests once crashed on SIGTERM.
            for (int i = 0; i < 50; i++)
            {
                using HttpResponseMessage one = await client.PostAsJsonAsync("/v1/programs/run", new { program = "return 1" });
                Assert.Equal(200, (int)one.StatusCode);
            }

            Assert.Equal(200, (int)health.StatusCode);
            Assert.Equal(401, (int)anonymous.StatusCode);
            Assert.Equal(200, (int)ask.StatusCode);
            Assert.Equal("answer", answer.GetProperty("outcome").GetString());
            Assert.Equal("1", answer.GetProperty("answer").GetString());
        }
        finally
        {
            using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var run = new CliRun(process.ExitCode, string.Empty, await stderr);
        run.AssertNoStackTrace();
        Assert.Equal(130, process.ExitCode);
        Assert.DoesNotContain("serve-process-key", run.Err, StringComparison.Ordinal);
    }
}
