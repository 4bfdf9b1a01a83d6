using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Neptune.Cli.Conventions;
using Neptune.Cluster;
using Neptune.Evaluation;
using Neptune.Evaluation.Results;
using Neptune.Language;
using Neptune.Programs;
using Neptune.Programs.Generation;
using Orleans;
using Orleans.Hosting;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune cluster</c>: evaluation silos (<c>silo</c>), and a job's progress (<c>status</c>) and cancellation
/// (<c>cancel</c>); <c>neptune eval --cluster FILE</c> submits jobs (see docs/SCALING.md). Exit codes: 0 success; 1 when
/// a followed job was cancelled; 2 on bad input (configuration, an unknown job, a cluster or store that cannot be
/// reached); 130 when interrupted.
/// </summary>
internal static class ClusterCommand
{
    public static Command Build()
    {
        var command = new Command("cluster", "Scale evaluation out: silos that pull work units of `neptune eval --cluster` jobs, and the jobs' status and cancellation (docs/SCALING.md).");
        command.Subcommands.Add(BuildSilo());
        command.Subcommands.Add(BuildStatus());
        command.Subcommands.Add(BuildCancel());
        return command;
    }

    private static Command BuildSilo()
    {
        var config = new Option<FileInfo?>("--config") { Description = "A cluster config file (fields as the flags below, snake_case); flags override its values.", HelpName = "file" };
        var flags = new ConfigFlags(ClusterConfig.Schema);
        var command = new Command("silo", "Run an evaluation silo until Ctrl+C or SIGTERM: it joins the cluster, hosts job grains and evaluates the units it pulls.");
        command.Options.Add(config);
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ClusterConfig file = parse.GetValue(config) is { } path ? ClusterConfig.Load(path.FullName) : new ClusterConfig();
            ClusterSettings settings = file.Overlay(ClusterConfig.Read(flags.Read(parse))).Resolve();
            SiloModels models = Models(settings);
            using ResultStore store = await ResultStore.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
            if (settings.Membership == MembershipKind.Postgres)
            {
                await PostgresMembership.EnsureAsync(settings.MembershipConnection!, cancellationToken).ConfigureAwait(false);
            }

            HostApplicationBuilder builder = Host.CreateApplicationBuilder([]);
            Quiet(builder.Logging);
            builder.Logging.AddFilter("Neptune.Cluster", LogLevel.Information);
            builder.UseOrleans(silo => silo.AddEvaluationSilo(settings, store, models));
            using IHost host = builder.Build();
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when ((e is not OperationCanceledException && e.GetType().Namespace?.StartsWith("Orleans", StringComparison.Ordinal) == true)
                || e is System.Net.Sockets.SocketException
                || e.GetType().FullName == "Microsoft.AspNetCore.Connections.AddressInUseException")
            {
                throw new ClusterUnavailableException($"the silo on {settings.Host}:{settings.SiloPort} could not join cluster '{settings.ClusterId}': {e.Message}", e);
            }

            Console.Out.WriteLine($"neptune: silo {settings.Host}:{settings.SiloPort} joined cluster '{settings.ClusterId}' (gateway port {settings.GatewayPort}, {settings.Workers} workers, store {Describe(settings)}{Describe(models, settings)})");
            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return cancellationToken.IsCancellationRequested ? CliRunner.Interrupted : CliRunner.Success;
        });
        return command;
    }

    private static Command BuildStatus()
    {
        var job = new Argument<string>("job") { Description = "The job's id (printed by `neptune eval --cluster`)." };
        var config = ConfigOption();
        var command = new Command("status", "Print a job's progress: rows stored, units done and leased, retries.");
        command.Arguments.Add(job);
        command.Options.Add(config);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ClusterSettings settings = ClusterConfig.Load(parse.GetValue(config)!.FullName).Resolve();
            await using ClusterConnection connection = await ClusterConnection.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
            JobStatus status = await connection.Client.GetGrain<IEvaluationJobGrain>(parse.GetValue(job)!).GetStatus().WaitAsync(cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine(Describe(Known(status)));
            return CliRunner.Success;
        });
        return command;
    }

    private static Command BuildCancel()
    {
        var job = new Argument<string>("job") { Description = "The job's id." };
        var config = ConfigOption();
        var command = new Command("cancel", "Cancel a job: no more units are handed out; rows already stored are kept.");
        command.Arguments.Add(job);
        command.Options.Add(config);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ClusterSettings settings = ClusterConfig.Load(parse.GetValue(config)!.FullName).Resolve();
            await using ClusterConnection connection = await ClusterConnection.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
            IEvaluationJobGrain grain = connection.Client.GetGrain<IEvaluationJobGrain>(parse.GetValue(job)!);
            Known(await grain.GetStatus().WaitAsync(cancellationToken).ConfigureAwait(false));
            JobStatus status = await grain.Cancel().WaitAsync(cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine(Describe(status));
            return CliRunner.Success;
        });
        return command;
    }

    /// <summary>Runs <c>neptune eval --cluster</c>: submits the evaluation as a job (or reattaches), follows it, exports its rows and summary.</summary>
    public static async Task<int> EvaluateAsync(FileInfo clusterConfig, string? jobId, EvaluationConfig values, EvaluationSettings settings, bool quiet, CancellationToken cancellationToken)
    {
        ClusterSettings cluster = ClusterConfig.Load(clusterConfig.FullName).Resolve();
        EvaluationConfig job = ClusterEvaluation.JobConfig(values, settings);
        string spec = job.ToJson();
        long items = await Task.Run(() => EvaluationItems.Read(settings).LongCount(), cancellationToken).ConfigureAwait(false);
        string id = jobId ?? ClusterEvaluation.JobId(spec, cluster.UnitSize);
        using ResultStore store = await ResultStore.OpenAsync(cluster, cancellationToken).ConfigureAwait(false);
        await using ClusterConnection connection = await ClusterConnection.OpenAsync(cluster, cancellationToken).ConfigureAwait(false);
        var c = CultureInfo.InvariantCulture;
        if (!quiet)
        {
            Console.Error.WriteLine($"neptune: eval: job {id}: {items.ToString(c)} items in units of {cluster.UnitSize.ToString(c)} on cluster '{cluster.ClusterId}' (Ctrl+C detaches; the same command reattaches)");
        }

        JobStatus status;
        try
        {
            DateTime last = DateTime.MinValue;
            var progress = new Progress<JobStatus>(s =>
            {
                if (!quiet && DateTime.UtcNow - last >= TimeSpan.FromSeconds(2))
                {
                    last = DateTime.UtcNow;
                    Console.Error.WriteLine($"neptune: eval: {Describe(s)}");
                }
            });
            status = await ClusterEvaluation.SubmitAndFollowAsync(connection.Client, id, new JobSubmission(spec, items, cluster.UnitSize), store, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"neptune: eval: detached from job {id}; it goes on in the cluster: re-run the same command to reattach, or `neptune cluster cancel {id} --config {clusterConfig}`");
            return CliRunner.Interrupted;
        }

        EvaluationSummary summary = await ClusterEvaluation.ExportAsync(store, status, settings, cancellationToken).ConfigureAwait(false);
        if (!quiet)
        {
            Console.Out.WriteLine(
                $"{(status.State == JobState.Done ? "" : "cancelled: ")}accuracy {(summary.Accuracy * 100).ToString("0.00", c)}% ({summary.Correct.ToString(c)}/{summary.Total.ToString(c)}), failures {summary.Failures.ToString(c)}, "
                + $"{status.Items.ToString(c)} items in {status.Units.ToString(c)} units, {status.Retries.ToString(c)} retried, wall {status.ElapsedSeconds.ToString("0.00", c)} s, job {id} -> {settings.SummaryPath}");
        }

        return status.State == JobState.Done ? CliRunner.Success : CliRunner.Failure;
    }

    private static Option<FileInfo> ConfigOption() =>
        new("--config") { Description = "The cluster config file (as for `neptune cluster silo`).", Required = true, HelpName = "file" };

    private static JobStatus Known(JobStatus status) =>
        status.Known ? status : throw new ClusterConfigException($"no job '{status.JobId}' was submitted to this cluster.");

    private static string Describe(JobStatus s)
    {
        var c = CultureInfo.InvariantCulture;
        string state = s.State switch { JobState.Done => "done", JobState.Cancelled => "cancelled", _ => "running" };
        double rate = s.ElapsedSeconds > 0 ? s.Rows / s.ElapsedSeconds : 0;
        return $"job {s.JobId}: {state}, {s.Rows.ToString(c)} of {s.Items.ToString(c)} rows, units {s.UnitsDone.ToString(c)}/{s.Units.ToString(c)} done, "
            + $"{s.UnitsLeased.ToString(c)} leased, {s.Retries.ToString(c)} retried, {s.ElapsedSeconds.ToString("0.0", c)} s, {rate.ToString("0", c)} items/s";
    }

    /// <summary>
    /// This silo's model backends, from its own cluster config: the program generator of its <c>llm_config</c> and the
    /// vision perception of its <c>vision</c> config, both read and checked now (a bad file stops the silo with exit 2).
    /// </summary>
    private static SiloModels Models(ClusterSettings settings)
    {
        IProgramGenerator? programs = null;
        string? model = null;
        if (settings.LlmConfig is { } llm)
        {
            ProgramsConfig config = ProgramsConfig.Load(llm, CliNotes.ForConfig(), ToolDefaults.Template);
            programs = config.CreateGenerator(new ProgramEngine());
            model = config.Backend.Model;
        }

        Func<EvaluationSettings, IScenePerceptionSource>? vision = null;
        if (settings.Vision is { } visionConfig)
        {
            _ = Neptune.Vision.VisionConfig.Load(visionConfig, CliNotes.ForConfig());
            vision = s => AskEvalPerception.Create(visionConfig, s.ImagesDirectory);
        }

        return new SiloModels { Programs = programs, ProgramsDescription = model, Vision = vision };
    }

    private static string Describe(SiloModels models, ClusterSettings s) =>
        (models.Programs is null ? "" : $", programs by {models.ProgramsDescription}")
        + (s.Vision is null ? "" : $", vision {s.Vision}");

    private static string Describe(ClusterSettings s) => s.Store == StoreKind.Sqlite ? $"sqlite {s.StoreConnection}" : "postgres";

    private static void Quiet(ILoggingBuilder logging)
    {
        // Orleans' start-up notes (server GC, watchdog on a busy machine) are not the user's business; its errors are.
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("Orleans", LogLevel.Error);
        // A failed start is reported once, as a typed error naming the cluster, not as the host's stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
    }

    /// <summary>A started cluster client.</summary>
    private sealed class ClusterConnection : IAsyncDisposable
    {
        private readonly IHost _host;

        private ClusterConnection(IHost host) => _host = host;

        public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

        public static async Task<ClusterConnection> OpenAsync(ClusterSettings settings, CancellationToken cancellationToken)
        {
            if (settings.Membership == MembershipKind.Postgres)
            {
                // A client may start before any silo has made the membership tables.
                await PostgresMembership.EnsureAsync(settings.MembershipConnection!, cancellationToken).ConfigureAwait(false);
            }

            HostApplicationBuilder builder = Host.CreateApplicationBuilder([]);
            Quiet(builder.Logging);
            builder.Logging.SetMinimumLevel(LogLevel.Error);
            int attempts = 0;
            builder.UseOrleansClient(client => client.AddEvaluationClient(settings).UseConnectionRetryFilter(async (_, token) =>
            {
                // A few seconds for silos that are starting; then the cluster is reported unreachable.
                if (++attempts > 5)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                return true;
            }));
            IHost host = builder.Build();
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                host.Dispose();
                string where = settings.Membership == MembershipKind.Localhost
                    ? $"on gateway ports {string.Join(',', settings.Gateways)}"
                    : "in the PostgreSQL membership table";
                throw new ClusterUnavailableException($"no silo of cluster '{settings.ClusterId}' answers {where}: start one with `neptune cluster silo --config FILE` ({e.Message})", e);
            }

            return new ClusterConnection(host);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await _host.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            finally
            {
                _host.Dispose();
            }
        }
    }
}
