using System.Diagnostics;
using System.Globalization;
using CsCheck;
using Neptune.Language.Conformance.Tests.Support;
using Neptune.Language.Runtime;
using Xunit.Abstractions;

namespace Neptune.Language.Conformance.Tests;

/// <summary>
/// Property-based fuzzing of the whole pipeline on CsCheck: random programs from a small grammar and token-level
/// mutations of the corpus. Only typed outcomes may occur. NEPTUNE_FUZZ_CASES sets the number of cases (default
/// 20,000); a failure is shrunk towards a shorter program and reported with its CsCheck seed, which
/// <c>CsCheck_Seed=SEED</c> replays.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultCases = 20_000;

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
        output.WriteLine($"fuzz: {cases} cases (NEPTUNE_FUZZ_CASES; CsCheck_Seed replays a failure)");

        var engine = new ProgramEngine(new EngineOptions { Limits = FuzzLimits });
        var seeds = Fixtures.ProgramNames().Select(Fixtures.ReadProgram)
            .Concat(HostileCorpus.Table.Keys.Select(Fixtures.ReadHostile))
            .ToArray();
        var perception = new FakePerception(3);
        int valid = 0, succeeded = 0, budget = 0, generatedValid = 0;
        var rejections = new Dictionary<string, int>(StringComparer.Ordinal);

        var generated = new RandomGen<string>(random => new ProgramGenerator(random).NextProgram(), p => (ulong)p.Length);
        var mutated = Gen.Int[0, seeds.Length - 1].SelectMany(i => new RandomGen<string>(random => TokenMutator.Mutate(seeds[i], random), p => (ulong)p.Length));
        var fuzzCases = Gen.Select(Gen.Bool, Gen.Int[0, 63], Gen.Bool, Gen.Int[0, 4])
            .SelectMany((isGenerated, prepare, perceive, trace) => (isGenerated ? generated : mutated)
                .Select(source => new FuzzCase(source, isGenerated, WithPerception: perceive, Trace: trace == 0, CheckPrepare: prepare == 0)));

        // One thread: the outcome counts below are plain fields, and the time-budget check wants an unloaded core.
        fuzzCases.Sample(c =>
        {
            string? failure = CheckOne(engine, c, perception, out var outcome);
            if (failure is not null)
            {
                Assert.Fail($"fuzz: {failure}{Environment.NewLine}--- program ---{Environment.NewLine}{c.Source}{Environment.NewLine}--- end ---");
            }

            valid += outcome >= Outcome.Failed ? 1 : 0;
            generatedValid += outcome >= Outcome.Failed && c.Generated ? 1 : 0;
            if (outcome == Outcome.Invalid && c.Generated)
            {
                var code = engine.Check(c.Source, "fuzz.py").Diagnostics.First(d => d.IsError).Code;
                rejections[code] = rejections.GetValueOrDefault(code) + 1;
            }

            succeeded += outcome == Outcome.Succeeded ? 1 : 0;
            budget += outcome == Outcome.Budget ? 1 : 0;
        }, iter: cases, threads: 1, print: c => c.ToString());

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

    private static string? CheckOne(ProgramEngine engine, FuzzCase fuzzCase, FakePerception perception, out Outcome outcome)
    {
        string source = fuzzCase.Source;
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

            if (fuzzCase.CheckPrepare)
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
            result = check.Program.Run(new RunOptions { Perception = fuzzCase.WithPerception ? perception : null, Trace = fuzzCase.Trace });
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

        if (fuzzCase.Trace && result.Trace is null)
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

    /// <summary>One fuzz case: the program, where it came from, and how it is run.</summary>
    private sealed record FuzzCase(string Source, bool Generated, bool WithPerception, bool Trace, bool CheckPrepare)
    {
        public override string ToString() =>
            $"{(Generated ? "generated" : "mutated")}, perception {WithPerception}, trace {Trace}, prepare {CheckPrepare}:{Environment.NewLine}{Source}";
    }

    private static int ReadSetting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : fallback;
}
