using Neptune.Configuration;
using Neptune.Evaluation;

namespace Neptune.Service.Jobs;

/// <summary>
/// The body of <c>POST /v1/jobs</c>: an evaluation config object, as <c>neptune eval --config FILE</c> reads it
/// (<see cref="EvaluationConfig.Schema"/>), checked as that command checks it. The server chooses the output directory
/// (<c>JOBS/ID</c>), so <c>out</c> is refused. Programs written by a model (<c>programs: llm</c>) and VLM perception
/// (<c>perception: vlm</c>) run on the server's own model clients — its <c>programs</c> config and its <c>ask</c>
/// config — never on endpoints a request names: the fields that name model configs (<c>llm_config</c>, <c>vision</c>,
/// <c>verifier</c>, <c>judge_config</c>) are refused, and so are photo datasets (they need a detector and a verifier).
/// </summary>
internal static class JobRequest
{
    /// <summary>The fields that name a model config file, and so model servers; a job refuses them.</summary>
    private static readonly (string Field, string What)[] ModelFields =
    [
        ("llm_config", "it names a programs config with its own model server (`programs: llm` uses the server's `programs` config)"),
        ("vision", "it names a vision config with its own model servers (`perception: vlm` uses the server's `ask` config)"),
        ("verifier", "it names a region-verifier config with its own embedding server"),
        ("judge_config", "it names a judge config with its own model server (jobs are not judged; run neptune eval judge --out on the job's directory)"),
    ];

    /// <summary>Checks a body and resolves it to the runner's settings, writing into <paramref name="outDirectory"/>.</summary>
    /// <param name="json">The body text.</param>
    /// <param name="baseDirectory">The directory relative paths resolve against (the server's working directory).</param>
    /// <param name="outDirectory">The job's output directory.</param>
    /// <param name="models">What the server has for jobs to use: a program generator, a vision model.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ServiceProblemException">400: the body is not a valid evaluation config, or asks for what a job cannot do.</exception>
    public static EvaluationSettings Resolve(string json, string baseDirectory, string outDirectory, JobModelsAvailable models)
    {
        var source = new ConfigSource { Name = "the request body", BaseDirectory = baseDirectory };
        EvaluationConfig config;
        try
        {
            ConfigReader reader = ConfigReader.ForJson(json, EvaluationConfig.Schema, source);
            if (reader.Has("out"))
            {
                throw ServiceProblemException.BadInput("`out` in the request body: the server chooses a job's output directory (the `out` of the job it answers); remove the field");
            }

            foreach ((string field, string what) in ModelFields)
            {
                if (reader.Has(field))
                {
                    throw ServiceProblemException.BadInput($"`{field}` in the request body: {what}; a job uses the server's own model configs and never a model server named in a request; remove the field");
                }
            }

            config = EvaluationConfig.Read(reader);
        }
        catch (Exception e) when (e is ConfigException or InputFileException)
        {
            throw ServiceProblemException.BadInput(e.Message);
        }

        if (config.Programs?.Trim().ToLowerInvariant() == "llm" && !models.Programs)
        {
            throw ServiceProblemException.BadInput("`programs` in the request body: 'llm' writes programs with the server's program generator, and this server has none: start it with a programs config (`programs` in its config, or --programs FILE; an `ask` config's programs config counts too), or use 'gt' or 'cache'");
        }

        if (config.Perception?.Trim().ToLowerInvariant() == "vlm" && !models.Vision)
        {
            throw ServiceProblemException.BadInput("`perception` in the request body: 'vlm' scores with the server's vision model, and this server has none: start it with an ask config (`ask` in its config, or --ask FILE), or use 'scene' or 'pixels'");
        }

        EvaluationSettings settings;
        try
        {
            settings = (config with { Out = outDirectory }).Resolve();
        }
        catch (EvaluationConfigException e)
        {
            throw ServiceProblemException.BadInput(e.Message);
        }

        if (settings.Photos is not null)
        {
            throw ServiceProblemException.BadInput($"`dataset` in the request body: a photo dataset ('{config.Dataset}') is perceived by a detector, a verifier and a vision model named by `vision` and `verifier`, which jobs do not take; run it with neptune eval");
        }

        return settings;
    }
}

/// <summary>The model clients a server has for jobs.</summary>
/// <param name="Programs">A program generator (<c>programs: llm</c>).</param>
/// <param name="Vision">An ask config's vision model (<c>perception: vlm</c>).</param>
internal readonly record struct JobModelsAvailable(bool Programs, bool Vision);
