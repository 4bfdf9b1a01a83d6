using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Neptune.Cluster;

/// <summary>Configures silos and clients of an evaluation cluster from <see cref="ClusterSettings"/>.</summary>
public static class ClusterHost
{
    /// <summary>The ADO.NET invariant of PostgreSQL (Npgsql) for Orleans' membership table.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Makes a silo of the cluster: membership, endpoints, failure detection, the job grains and the evaluation workers.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="settings">The cluster settings.</param>
    /// <param name="store">The store the silo's jobs and rows go to.</param>
    /// <param name="models">This silo's model backends (from its own configuration); null for none.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddEvaluationSilo(this ISiloBuilder silo, ClusterSettings settings, ResultStore store, SiloModels? models = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        IPAddress address = IPAddress.Parse(settings.Host);
        if (settings.Membership == MembershipKind.Localhost)
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, new IPEndPoint(address, settings.PrimaryPort), settings.ClusterId, settings.ClusterId);
        }
        else
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = settings.MembershipConnection;
            });
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ClusterId;
            });
            silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
        }

        silo.Configure<SiloOptions>(o => o.SiloName = $"{settings.Host}:{settings.SiloPort}");
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // A silo that misses three probes in a row is declared dead; its grains move to the others.
            o.ProbeTimeout = settings.Probe;
            o.NumMissedProbesLimit = 3;
            o.TableRefreshTimeout = settings.Probe;
            o.IAmAliveTablePublishTimeout = settings.Probe * 5;
        });
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = settings.Lease);
        return silo.AddEvaluationGrains(store, settings.Workers, settings.Lease, models);
    }

    /// <summary>Adds the job grains and the evaluation workers to a silo whose clustering is configured elsewhere (a test cluster).</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="store">The store.</param>
    /// <param name="workers">Units the silo works on at once.</param>
    /// <param name="lease">The lease of a unit.</param>
    /// <param name="models">This silo's model backends; null for none.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddEvaluationGrains(this ISiloBuilder silo, ResultStore store, int workers, TimeSpan lease, SiloModels? models = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton(store);
        silo.Services.AddSingleton(models ?? SiloModels.None);
        silo.Services.AddSingleton(TimeProvider.System);
        silo.Services.Configure<JobGrainOptions>(o => o.Lease = lease);
        silo.Services.Configure<WorkerOptions>(o =>
        {
            o.Workers = workers;
            o.Lease = lease;
        });
        silo.Services.AddHostedService<EvaluationWorker>();
        return silo;
    }

    /// <summary>Makes a client of the cluster.</summary>
    /// <param name="client">The client builder.</param>
    /// <param name="settings">The cluster settings.</param>
    /// <returns>The builder.</returns>
    public static IClientBuilder AddEvaluationClient(this IClientBuilder client, ClusterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Membership == MembershipKind.Localhost)
        {
            client.UseLocalhostClustering([.. settings.Gateways], settings.ClusterId, settings.ClusterId);
        }
        else
        {
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInvariant;
                o.ConnectionString = settings.MembershipConnection;
            });
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ClusterId;
            });
        }

        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = settings.Lease);
        return client;
    }
}
