namespace Neptune.Evaluation.Tests;

public sealed class EvaluationConsoleTests
{
    [Fact]
    public void Describe_EstimatedTotal_SaysAbout()
    {
        var p = new EvaluationProgress(2260, 10017, 2000, 3, 2260, TimeSpan.FromSeconds(10), TotalIsEstimate: true);

        string line = EvaluationConsole.Describe(p);

        Assert.StartsWith("2260/about 10017 questions, 226 q/s", line, StringComparison.Ordinal);
        Assert.Contains("eta about 34 s", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ExactTotal_GivesTheNumberAlone()
    {
        var p = new EvaluationProgress(5000, 10000, 4000, 0, 5000, TimeSpan.FromSeconds(10));

        Assert.StartsWith("5000/10000 questions, 500 q/s", EvaluationConsole.Describe(p), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ResumedRows_AreCounted()
    {
        var p = new EvaluationProgress(300, 1000, 300, 0, 100, TimeSpan.FromSeconds(1), Resumed: 200);

        Assert.StartsWith("300/1000 questions (200 resumed), 100 q/s", EvaluationConsole.Describe(p), StringComparison.Ordinal);
    }
}
