using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Neptune.Clevr;

namespace Neptune.Service.Tests;

/// <summary>
/// Jobs belong to the API key that submitted them: another key gets 404 for them (as for an id that does not exist),
/// the owner is stored as the key's hash and survives a restart, and a database from before owners is migrated.
/// </summary>
public sealed class JobOwnershipTests : JobTestBase
{
    private const string KeyA = "owner-a-0123456789abcdef";
    private const string KeyB = "owner-b-fedcba9876543210";
    private const string Variable = "JOB_OWNER_TEST_KEYS";

    [Fact]
    public async Task Jobs_WithTwoKeys_EachKeySeesAndCancelsOnlyItsOwn_AcrossARestart()
    {
        string idA;
        string idB;
        await using (ServiceHost host = await StartWithKeysAsync())
        {
            idA = await SubmitAsync(host, KeyA);
            idB = await SubmitAsync(host, KeyB);

            Assert.Equal([idA], await ListAsync(host, KeyA));
            Assert.Equal([idB], await ListAsync(host, KeyB));
            Assert.Equal(200, (await SendAsync(host, HttpMethod.Get, $"/v1/jobs/{idA}", KeyA)).Status);
            foreach ((HttpMethod method, string path) in new[] { (HttpMethod.Get, $"/v1/jobs/{idB}"), (HttpMethod.Delete, $"/v1/jobs/{idB}"), (HttpMethod.Get, $"/v1/jobs/{idB}/events") })
            {
                (int status, JsonElement body, string? media) = await SendAsync(host, method, path, KeyA);
                Assert.Equal(404, status);
                BadInputTests.AssertProblem(body, media, 404, "not-found");
                // The same answer as for an id that was never issued.
                Assert.Equal($"no job with id '{idB}'", body.GetProperty("detail").GetString());
            }

            // Key A's DELETE did not touch key B's job.
            (_, JsonElement b, _) = await SendAsync(host, HttpMethod.Get, $"/v1/jobs/{idB}", KeyB);
            Assert.False(b.GetProperty("cancel_requested").GetBoolean());
        }

        // The database holds each key's SHA-256, never the key.
        byte[] database = ReadAll(Path.Combine(JobsDirectory, "jobs.db"));
        Assert.Equal(-1, database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(KeyA)));
        Assert.Equal(-1, database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(KeyB)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(KeyA))), ReadOwner(idA));

        await using (ServiceHost again = await StartWithKeysAsync())
        {
            Assert.Equal([idA], await ListAsync(again, KeyA));
            Assert.Equal([idB], await ListAsync(again, KeyB));
            Assert.Equal(404, (await SendAsync(again, HttpMethod.Get, $"/v1/jobs/{idA}", KeyB)).Status);
        }

        // Without keys the server shows every job, as before owners existed.
        await using ServiceHost open = await ServiceHost.StartAsync(new ServiceConfig { Jobs = JobsDirectory });
        Assert.Equal([idA, idB], await ListAsync(open, bearer: null));
    }

    [Fact]
    public async Task JobsDatabase_WithoutOwnerColumn_IsMigrated_AndItsJobsStayListedWithoutKeys()
    {
        Directory.CreateDirectory(JobsDirectory);
        string path = Path.Combine(JobsDirectory, "jobs.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            // The table as the first version of the job store made it.
            create.CommandText = """
                CREATE TABLE jobs (
                  id TEXT NOT NULL PRIMARY KEY, seq INTEGER NOT NULL, state TEXT NOT NULL, config TEXT NOT NULL,
                  base_directory TEXT NOT NULL, created_ms INTEGER NOT NULL, started_ms INTEGER, finished_ms INTEGER,
                  sessions INTEGER NOT NULL, completed INTEGER NOT NULL, total INTEGER, correct INTEGER NOT NULL,
                  failures INTEGER NOT NULL, error TEXT);
                INSERT INTO jobs VALUES ('0190a0b0c0d0e0f00000000000000001', 1, 'failed', '{"limit": 5}', '/', 1700000000000, NULL, 1700000000000, 1, 0, NULL, 0, 0, 'an old failure');
                """;
            create.ExecuteNonQuery();
        }

        await using (ServiceHost host = await ServiceHost.StartAsync(new ServiceConfig { Jobs = JobsDirectory }))
        {
            string id = await SubmitAsync(host, bearer: null);
            Assert.Equal(["0190a0b0c0d0e0f00000000000000001", id], await ListAsync(host, bearer: null));
            (_, JsonElement old, _) = await SendAsync(host, HttpMethod.Get, "/v1/jobs/0190a0b0c0d0e0f00000000000000001", null);
            Assert.Equal("an old failure", old.GetProperty("error").GetString());
        }

        // A job from before owners belongs to no key: with keys on, no key sees it.
        await using ServiceHost keyed = await StartWithKeysAsync();
        Assert.Empty(await ListAsync(keyed, KeyA));
        Assert.Equal(404, (await SendAsync(keyed, HttpMethod.Get, "/v1/jobs/0190a0b0c0d0e0f00000000000000001", KeyA)).Status);
    }

    private Task<ServiceHost> StartWithKeysAsync()
    {
        ServiceSettings settings = new ServiceConfig { Jobs = JobsDirectory, ApiKeysVariable = Variable }.Resolve(n => n == Variable ? $"{KeyA},{KeyB}" : null);
        return ServiceHost.StartAsync(settings);
    }

    /// <summary>A job that stays queued or finishes quickly: either way it is listed.</summary>
    private static async Task<string> SubmitAsync(ServiceHost host, string? bearer)
    {
        (int status, JsonElement job, _) = await host.SendAsync(JsonContent.Create(new { questions = Questions, scenes = Scenes, limit = 3 }), "/v1/jobs", bearer);
        Assert.Equal(202, status);
        return job.GetProperty("id").GetString()!;
    }

    private static async Task<string[]> ListAsync(ServiceHost host, string? bearer)
    {
        (int status, JsonElement list, _) = await SendAsync(host, HttpMethod.Get, "/v1/jobs", bearer);
        Assert.Equal(200, status);
        return [.. list.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetString()!)];
    }

    private static async Task<(int Status, JsonElement Body, string? MediaType)> SendAsync(ServiceHost host, HttpMethod method, string path, string? bearer)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        using HttpResponseMessage response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            return ((int)response.StatusCode, default, "text/event-stream");
        }

        return await ServiceHost.ReadAsync(response);
    }

    private static byte[] ReadAll(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        string wal = path + "-wal";
        if (File.Exists(wal))
        {
            using var log = new FileStream(wal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            log.CopyTo(copy);
        }

        return copy.ToArray();
    }

    private string? ReadOwner(string id)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(JobsDirectory, "jobs.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT owner FROM jobs WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() as string;
    }
}
