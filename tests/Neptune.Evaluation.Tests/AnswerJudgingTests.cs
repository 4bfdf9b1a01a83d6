using System.Text.Json;
using Neptune.Evaluation.Judging;
using Neptune.Evaluation.Results;

namespace Neptune.Evaluation.Tests;

public sealed class AnswerJudgingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neptune-judge-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("yes", true)]
    [InlineData("Yes.", true)]
    [InlineData("**YES**, it is the same", true)]
    [InlineData(" no", false)]
    [InlineData("No, the reference says crimson.", false)]
    [InlineData("incorrect", false)]
    public void ParseReply_FirstWord_IsTheVerdict(string reply, bool expected) => Assert.Equal(expected, ChatAnswerJudge.ParseReply(reply));

    [Theory]
    [InlineData("")]
    [InlineData("maybe")]
    [InlineData("The answer is yes")]
    public void ParseReply_NeitherYesNorNo_Throws(string reply) =>
        Assert.Contains("not yes or no", Assert.Throws<JudgeAnswerException>(() => ChatAnswerJudge.ParseReply(reply)).Message, StringComparison.Ordinal);

    [Fact]
    public void CacheKey_DependsOnModelAndEveryAnswer()
    {
        var c = new JudgeCase("How many?", "two", "2");
        Assert.Equal(ChatAnswerJudge.CacheKey("m", c), ChatAnswerJudge.CacheKey("m", c with { Predicted = " 2 " }));
        Assert.NotEqual(ChatAnswerJudge.CacheKey("m", c), ChatAnswerJudge.CacheKey("other", c));
        Assert.NotEqual(ChatAnswerJudge.CacheKey("m", c), ChatAnswerJudge.CacheKey("m", c with { Expected = "3" }));
    }

    [Fact]
    public async Task Run_RedoneRow_DropsTheVerdictMadeForTheOldAnswer()
    {
        WriteResults(Row(1, "How many?", "two", "2"));
        var judge = new CountingJudge();
        JudgeSummary first = await AnswerJudging.RunAsync(_dir, judge, 2);
        Assert.Equal(1, first.JudgedCorrect);
        Assert.Equal(1, judge.Calls);

        // The run was redone and row 1 now answers 3: its old "yes" must not stand.
        WriteResults(Row(1, "How many?", "two", "3"));
        JudgeSummary second = await AnswerJudging.RunAsync(_dir, judge, 2);
        Assert.Equal(0, second.JudgedCorrect);
        Assert.Equal(2, judge.Calls);
        Assert.Equal(0, second.Resumed);
    }

    [Fact]
    public async Task Run_WritesTheJudgeObjectIntoSummaryJson()
    {
        WriteResults(Row(1, "How many?", "two", "2"), Row(2, "Color?", "red", "red", correct: true));
        File.WriteAllText(Path.Combine(_dir, EvaluationFiles.Summary), "{\"total\": 2, \"accuracy\": 0.5}");
        await AnswerJudging.RunAsync(_dir, new CountingJudge(), 1);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, EvaluationFiles.Summary)));
        Assert.Equal(0.5, doc.RootElement.GetProperty("accuracy").GetDouble());
        JsonElement judge = doc.RootElement.GetProperty("judge");
        Assert.Equal(1.0, judge.GetProperty("judged_accuracy").GetDouble());
        Assert.Equal(0.5, judge.GetProperty("exact_match_accuracy").GetDouble());
        Assert.Equal("counting", judge.GetProperty("model").GetString());
    }

    private void WriteResults(params ResultRow[] rows) =>
        File.WriteAllBytes(Path.Combine(_dir, EvaluationFiles.Results), [.. rows.SelectMany(ResultRowJson.ToLine)]);

    private static ResultRow Row(long id, string question, string expected, string predicted, bool correct = false) => new()
    {
        Id = id, Question = question, ImageIndex = 0, Category = "Count", Expected = expected, Predicted = predicted, Correct = correct,
    };

    /// <summary>Says yes exactly when the prediction is "2" (for "two") or equal to the reference.</summary>
    private sealed class CountingJudge : IAnswerJudge
    {
        private int _calls;

        public int Calls => _calls;

        public string Model => "counting";

        public ValueTask<JudgeVerdict> JudgeAsync(JudgeCase item, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(new JudgeVerdict(item.Predicted == "2" || item.Predicted == item.Expected, Cached: false));
        }
    }
}
