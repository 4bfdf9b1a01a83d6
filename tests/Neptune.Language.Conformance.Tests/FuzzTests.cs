using System.Diagnostics;
using System.Globalization;
using Neptune.Language.Conformance.Tests.Support;
using Neptune.Language.Runtime;
using Xunit.Abstractions;

namespace Neptune.Language.Conformance.Tests;

/// <summary>
/// Seeded fuzzing of the whole pipeline: random programs from a small grammar and token-level mutations of the
/// corpus. Only typed outcomes may occur. NEPTUNE_FUZZ_CASES sets the number of cases (default 20,000) and
/// NEPTUNE_FUZZ_SEED the seed (default 20251121); a failure prints both with the program that caused it.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultCases = 20_000;
    private const int DefaultSeed = 20251121;

    /// <summary>Allowed overshoot of the time budget: the clock is read every so many steps, and GC pauses happen.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    private static readonly ExecutionLimits FuzzLimits = new()
    {
        MaxSteps = 20_000,
        Timeout = TimeSpan.FromMilliseconds(200),
        MaxCallDepth = 50,
        MaxElements = 100_000,
        MaxStringLength = 100_000,
        MaxHostCalls = 100,
        MaxOutputChars = 10_000,
    };

    [Fact]
    public void CheckAndRun_RandomAndMutatedPrograms_OnlyTypedOutcomes()
    {
        int cases = ReadSetting("NEPTUNE_FUZZ_CASES", DefaultCases);
        int seed = ReadSetting("NEPTUNE_FUZZ_SEED", DefaultSeed);
        output.WriteLine($"fuzz: seed {seed}, {cases} cases (NEPTUNE_FUZZ_SEED / NEPTUNE_FUZZ_CASES)");

        var engine = new ProgramEngine(new EngineOptions { Limits = FuzzLimits });
        var random = new Random(seed);
        var generator = new ProgramGenerator(random);
        var seeds = Fixtures.ProgramNames().Select(Fixtures.ReadProgram)
            .Concat(HostileCorpus.Table.Keys.Select(Fixtures.ReadHostile))
            .ToArray();
        var perception = new FakePerception(3);
        int valid = 0, succeeded = 0, budget = 0, generatedValid = 0;
        var rejections = new Dictionary<string, int>(StringComparer.Ordinal);

        for (int i = 0; i < cases; i++)
        {
            string source = (i % 2) switch
            {
                0 => generator.NextProgram(),
                _ => TokenMutator.Mutate(seeds[random.Next(seeds.Length)], random),
            };

            string? failure = CheckOne(engine, source, perception, i, out var outcome);
            if (failure is not null)
            {
                Assert.Fail($"fuzz case {i} (seed {seed}): {failure}{Environment.NewLine}--- program ---{Environment.NewLine}{source}{Environment.NewLine}--- end ---");
            }

            valid += outcome >= Outcome.Failed ? 1 : 0;
            generatedValid += outcome >= Outcome.Failed && i % 2 == 0 ? 1 : 0;
            if (outcome == Outcome.Invalid && i % 2 == 0)
            {
                var code = engine.Check(source, "fuzz.py").Diagnostics.First(d => d.IsError).Code;
                rejections[code] = rejections.GetValueOrDefault(code) + 1;
            }

            succeeded += outcome == Outcome.Succeeded ? 1 : 0;
            budget += outcome == Outcome.Budget ? 1 : 0;
        }

        output.WriteLine($"fuzz: {valid} valid ({generatedValid} of them generated), {succeeded} succeeded, {budget} stopped by a budget");
        output.WriteLine("fuzz: first error of rejected generated programs: " + string.Join(", ", rejections.OrderByDescending(p => p.Value).Select(p => $"{p.Key} x{p.Value}")));
        Assert.True(valid > cases / 5, $"only {valid} of {cases} programs were valid: the generator no longer exercises the interpreter");
        Assert.True(succeeded > 0);
    }

    private enum Outcome
    {
        Invalid,
        Failed,
        Budget,
        Succeeded,
    }

    private static string? CheckOne(ProgramEngine engine, string source, FakePerception perception, int index, out Outcome outcome)
    {
        outcome = Outcome.Invalid;
        ProgramCheck check;
        try
        {
            check = engine.Check(source, "fuzz.py");
        }
        catch (Exception ex)
        {
            return $"Check threw {ex}";
        }

        if (!check.IsValid)
        {
            if (check.Program is not null)
            {
                return "an invalid check carries a program";
            }

            if (!check.Diagnostics.Any(d => d.IsError))
            {
                return "an invalid check has no error diagnostic";
            }

            if (index % 64 == 0)
            {
                try
                {
                    engine.Prepare(source, "fuzz.py");
                    return "Prepare accepted a program that Check rejected";
                }
                catch (ProgramValidationException ex) when (ex.Diagnostics.Count > 0)
                {
                }
                catch (Exception ex)
                {
                    return $"Prepare threw {ex.GetType().Name} instead of ProgramValidationException: {ex}";
                }
            }

            return null;
        }

        if (check.Program is null || check.Diagnostics.Any(d => d.IsError))
        {
            return "a valid check has no program or carries errors";
        }

        RunResult result;
        var watch = Stopwatch.StartNew();
        try
        {
            result = check.Program.Run(new RunOptions { Perception = index % 3 == 0 ? null : perception, Trace = index % 5 == 0 });
        }
        catch (Exception ex)
        {
            return $"Run threw {ex}";
        }

        watch.Stop();
        var limit = FuzzLimits.Timeout + Slack;
        if (result.Elapsed > limit || watch.Elapsed > limit)
        {
            return $"the run took {watch.Elapsed.TotalMilliseconds:0} ms (reported {result.Elapsed.TotalMilliseconds:0} ms) under a {FuzzLimits.Timeout.TotalMilliseconds:0} ms budget";
        }

        if (result.Steps > FuzzLimits.MaxSteps || result.Output.Length > FuzzLimits.MaxOutputChars)
        {
            return $"the run exceeded its limits: {result.Steps} steps, {result.Output.Length} output characters";
        }

        if (index % 5 == 0 && result.Trace is null)
        {
            return "a traced run has no trace";
        }

        if (result.Succeeded)
        {
            outcome = Outcome.Succeeded;
            return result.Error is null && result.ValueRepr is not null ? null : "a successful run has an error or no value repr";
        }

        var error = result.Error;
        if (error is null)
        {
            return "a failed run has no error";
        }

        if (!Enum.IsDefined(error.Category) || string.IsNullOrWhiteSpace(error.Kind) || error.Message is null)
        {
            return $"untyped failure: {error}";
        }

        if ((error.Category == ProgramErrorCategory.Budget) != (error.Budget is not null) ||
            (error.Category == ProgramErrorCategory.Budget) != (error.Kind == "BudgetExceeded"))
        {
            return $"budget fields disagree: {error}";
        }

        outcome = error.Category == ProgramErrorCategory.Budget ? Outcome.Budget : Outcome.Failed;
        return null;
    }

    private static int ReadSetting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : fallback;
}
