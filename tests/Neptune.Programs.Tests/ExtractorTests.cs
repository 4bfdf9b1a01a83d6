using Neptune.Programs.Extraction;

namespace Neptune.Programs.Tests;

public sealed class ExtractorTests
{
    private static ExtractedProgram Extract(string response)
    {
        Assert.True(ProgramExtractor.TryExtract(response, out ExtractedProgram? program, out string? failure), failure);
        return program!;
    }

    [Fact]
    public void TryExtract_FenceWithChatterAndObjects_ReturnsProgramAndNames()
    {
        ExtractedProgram p = Extract("Sure! Here is the program.\n<objects>cube, red sphere</objects>\n```python\nx = 1\nreturn x\n```\nHope this helps.");

        Assert.Equal("x = 1\nreturn x\n", p.Source);
        Assert.Equal(["cube", "red sphere"], p.Objects);
    }

    [Fact]
    public void TryExtract_SeveralFences_PrefersTheLastPythonFenceWithAResult()
    {
        ExtractedProgram p = Extract("First try:\n```python\nreturn 1\n```\nOutput:\n```\n1\n```\nBetter:\n```python\nreturn 2\n```\n```json\n{\"return\": 3}\n```");

        Assert.Equal("return 2\n", p.Source);
    }

    [Fact]
    public void TryExtract_PythonFenceWithoutResultBeforeOneWithResult_TakesTheOneWithResult()
    {
        ExtractedProgram p = Extract("```python\nimport math\n```\nand\n```python\nreturn math.pi\n```\n```python\n# notes only\n```");

        Assert.Equal("return math.pi\n", p.Source);
    }

    [Fact]
    public void TryExtract_ViroShapeFence_EndingInFinalResult_IsTheProgram()
    {
        ExtractedProgram p = Extract("<objects>cube</objects>\n```python\nCUBES = FIND(object_name='cube')\nFINAL_RESULT = RESULT(object=CUBES)\n```\n");

        Assert.Equal("CUBES = FIND(object_name='cube')\nFINAL_RESULT = RESULT(object=CUBES)\n", p.Source);
    }

    [Fact]
    public void TryExtract_OnlyFencesWithoutAResult_TakesTheLastPythonFence()
    {
        ExtractedProgram p = Extract("```python\nx = 1\n```\nthen\n```python\ny = 2\n```\n```json\n{}\n```");

        Assert.Equal("y = 2\n", p.Source);
    }

    [Fact]
    public void TryExtract_ViroShapeWithoutFence_TakesTheCode()
    {
        ExtractedProgram p = Extract("The program:\nBALLS = FIND(object_name='sphere')\nFINAL_RESULT = RESULT(object=BALLS)");

        Assert.Equal("BALLS = FIND(object_name='sphere')\nFINAL_RESULT = RESULT(object=BALLS)\n", p.Source);
    }

    [Fact]
    public void TryExtract_ThinkBlock_IgnoresCodeInsideTheReasoning()
    {
        ExtractedProgram p = Extract("<think>Maybe\n```python\nreturn 0\n```\nno.</think>\n<objects>cube</objects>\n```python\nreturn 1\n```");

        Assert.Equal("return 1\n", p.Source);
        Assert.Equal(["cube"], p.Objects);
    }

    [Fact]
    public void TryExtract_LoneClosingThinkTag_DropsEverythingBeforeIt()
    {
        ExtractedProgram p = Extract("reasoning without an opening tag\n```python\nreturn 0\n```\n</think>\n```python\nreturn 5\n```");

        Assert.Equal("return 5\n", p.Source);
    }

    [Fact]
    public void TryExtract_UnclosedThink_IsNoProgram()
    {
        Assert.False(ProgramExtractor.TryExtract("<think>let me think about ```python\nreturn 1\n``` and then", out _, out string? failure));
        Assert.Contains("reasoning", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void TryExtract_WindowsLineEndings_NormalisesToLf()
    {
        ExtractedProgram p = Extract("```python\r\ncube = score(\"Is the object in the red box a cube?\")\r\nreturn cube.count()\r\n```\r\n");

        Assert.Equal("cube = score(\"Is the object in the red box a cube?\")\nreturn cube.count()\n", p.Source);
    }

    [Fact]
    public void TryExtract_MissingFence_TakesTheCodeAfterTheProse()
    {
        ExtractedProgram p = Extract("Here is my answer:\ncube = score(\"Is the object in the red box a cube?\")\nif cube.exists():\n    return \"yes\"\nreturn \"no\"\nThat should work.");

        Assert.Equal("cube = score(\"Is the object in the red box a cube?\")\nif cube.exists():\n    return \"yes\"\nreturn \"no\"\n", p.Source);
    }

    [Fact]
    public void TryExtract_IndentedFence_Dedents()
    {
        ExtractedProgram p = Extract("1. Program:\n   ```python\n   def execute():\n       return 1\n   ```");

        Assert.Equal("def execute():\n    return 1\n", p.Source);
    }

    [Fact]
    public void TryExtract_UnclosedFinalFence_TakesTheRest()
    {
        ExtractedProgram p = Extract("```python\nx = 2\nreturn x");

        Assert.Equal("x = 2\nreturn x\n", p.Source);
    }

    [Fact]
    public void TryExtract_ObjectsAsPythonList_StripsQuotesAndBrackets()
    {
        ExtractedProgram p = Extract("<objects>[\"man\", 'dog', cube]</objects>\n```python\nreturn 1\n```");

        Assert.Equal(["man", "dog", "cube"], p.Objects);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("I cannot answer this question about the image.")]
    [InlineData("```python\n\n```")]
    public void TryExtract_NoProgram_FailsWithAReason(string response)
    {
        Assert.False(ProgramExtractor.TryExtract(response, out ExtractedProgram? program, out string? failure));
        Assert.Null(program);
        Assert.False(string.IsNullOrEmpty(failure));
    }
}
