using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Neptune.Cli.Conventions;
using Neptune.Service;

namespace Neptune.Cli.Commands;

/// <summary>
/// <c>neptune serve</c>: runs the HTTP service (see docs/SERVICE.md) until Ctrl+C or SIGTERM, then lets requests in flight finish. Exit codes:
/// 2 on bad input (configuration, scenes file, an address that cannot be bound), 130 when stopped by a signal.
/// </summary>
internal static class ServeCommand
{
    public static Command Build()
    {
        var config = new Option<FileInfo?>("--config") { Description = "A JSON config file (fields as the flags below, snake_case); flags override its values.", HelpName = "file" };
        var flags = new ConfigFlags(ServiceConfig.Schema);
        var command = new Command("serve", "Run the HTTP service: ask and find on images (the embedded CLEVR-2D world by default), program check and run, health and metrics; API keys, rate and concurrency limits, problem-details errors.");
        command.Options.Add(config);
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            ServiceConfig file = parse.GetValue(config) is { } path ? ServiceConfig.Load(path.FullName, CliNotes.ForConfig()) : new ServiceConfig();
            ServiceSettings settings = file.Overlay(ServiceConfig.Read(flags.Read(parse))).Resolve();
            if (settings.ApiKeyHashes.Count == 0)
            {
                // Never a key, only whether there are any.
                Console.Error.WriteLine($"neptune: serve: no API keys (set ${ServiceConfig.DefaultApiKeysVariable} or api_keys_file): /v1 is open to every caller");
            }

            await using WebApplication app = NeptuneServer.Create(settings);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            foreach (string address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            {
                Console.Out.WriteLine($"neptune: listening on {address}");
            }

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return cancellationToken.IsCancellationRequested ? 130 : 0;
        });
        return command;
    }
}
