using Neptune.Perception;

namespace Neptune.Clevr.Tests;

public class InterpretationCacheTests
{
    [Fact]
    public void Interpret_SameText_GivesTheSameMeaningEveryTime()
    {
        string question = ClevrQuestions.Relation("left");
        InterpretedQuestion first = QuestionInterpreter.Interpret(question);
        InterpretedQuestion again = QuestionInterpreter.Interpret(question);
        Assert.Equal(first.Kind, again.Kind);
        Assert.Equal(first.Arity, again.Arity);
        Assert.Equal(first.Canonical, again.Canonical);
    }

    [Fact]
    public void Interpret_RejectedText_IsRejectedAgainWithTheSameMessage()
    {
        const string question = "Is the object in the red box happy?";
        var first = Assert.Throws<PerceptionException>(() => QuestionInterpreter.Interpret(question));
        var again = Assert.Throws<PerceptionException>(() => QuestionInterpreter.Interpret(question));
        Assert.Equal(PerceptionErrorKind.UninterpretableQuestion, again.Kind);
        Assert.Equal(first.Message, again.Message);
    }
}
