using System.Text.Json;
using Microsoft.Data.Sqlite;
using Neptune.Clevr;

namespace Neptune.Service.Tests;

/// <summary>
/// What the <c>/v1/jobs</c> tests share: a temporary folder per test (its <c>jobs</c> directory for the server), the
/// dev question and scene files, and waiting for a job to reach a state.
/// </summary>
public abstract class JobTestBase : IDisposable
{
    private static readonly Lazy<string> DataDirectory = new(() => ClevrDataFiles.LocateDataDirectory(AppContext.BaseDirectory));

    /// <summary>Creates the test's folder.</summary>
    protected JobTestBase() => Directory.CreateDirectory(Root);

    /// <summary>The 10,000 dev questions.</summary>
    protected static string Questions => Path.Combine(DataDirectory.Value, ClevrDataFiles.TrainQuestions10000);

    /// <summary>Their 1,000 scenes.</summary>
    protected static string Scenes => Path.Combine(DataDirectory.Value, ClevrDataFiles.TrainScenes1000);

    /// <summary>The test's temporary folder.</summary>
    protected string Root { get; } = Path.Combine(Path.GetTempPath(), "neptune-job-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The server's jobs directory.</summary>
    protected string JobsDirectory => Path.Combine(Root, "jobs");

    /// <inheritdoc />
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp folder is cleaned later.
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Polls the job until <paramref name="condition"/> holds (within two minutes); unless <paramref name="allowFinal"/>,
    /// a job that finishes before that fails the test.
    /// </summary>
    private protected static async Task<JsonElement> WaitForAsync(ServiceHost host, string id, Func<JsonElement, bool> condition, bool allowFinal = false)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            using HttpResponseMessage response = await host.Client.GetAsync($"/v1/jobs/{id}");
            (int status, JsonElement job, _) = await ServiceHost.ReadAsync(response);
            Assert.Equal(200, status);
            if (condition(job))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {id} never got there: {job}");
            Assert.False(!allowFinal && job.GetProperty("state").GetString() is "succeeded" or "failed" or "cancelled", $"job {id} finished first: {job}");
            await Task.Delay(50);
        }
    }
}
