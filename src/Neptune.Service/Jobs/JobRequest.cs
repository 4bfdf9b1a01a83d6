using Neptune.Configuration;
using Neptune.Evaluation;

namespace Neptune.Service.Jobs;

/// <summary>
/// The body of <c>POST /v1/jobs</c>: an evaluation config object, as <c>neptune eval --config FILE</c> reads it
/// (<see cref="EvaluationConfig.Schema"/>), checked as that command checks it. The server chooses the output directory
/// (<c>JOBS/ID</c>), so <c>out</c> is refused; programs written by a model (<c>programs: llm</c>), VLM perception and a
/// judge need model clients the service does not build for jobs, so they are refused too.
/// </summary>
internal static class JobRequest
{
    /// <summary>Checks a body and resolves it to the runner's settings, writing into <paramref name="outDirectory"/>.</summary>
    /// <param name="json">The body text.</param>
    /// <param name="baseDirectory">The directory relative paths resolve against (the server's working directory).</param>
    /// <param name="outDirectory">The job's output directory.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ServiceProblemException">400: the body is not a valid evaluation config, or asks for what a job cannot do.</exception>
    public static EvaluationSettings Resolve(string json, string baseDirectory, string outDirectory)
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

            config = EvaluationConfig.Read(reader);
        }
        catch (Exception e) when (e is ConfigException or InputFileException)
        {
            throw ServiceProblemException.BadInput(e.Message);
        }

        if (config.Programs?.Trim().ToLowerInvariant() == "llm")
        {
            throw ServiceProblemException.BadInput("`programs` in the request body: 'llm' needs a model server the service does not run jobs with; use 'gt' or 'cache' (neptune eval runs 'llm')");
        }

        if (config.Perception?.Trim().ToLowerInvariant() == "vlm")
        {
            throw ServiceProblemException.BadInput("`perception` in the request body: 'vlm' needs a vision model the service does not run jobs with; use 'scene' or 'pixels' (neptune eval runs 'vlm')");
        }

        if (config.JudgeConfig is not null)
        {
            throw ServiceProblemException.BadInput("`judge_config` in the request body: jobs are not judged by a model; remove it and run neptune eval judge --out on the job's directory");
        }

        try
        {
            return (config with { Out = outDirectory }).Resolve();
        }
        catch (EvaluationConfigException e)
        {
            throw ServiceProblemException.BadInput(e.Message);
        }
    }
}
