namespace Neptune.Programs.Prompting;

/// <summary>One few-shot example: a question, the object names to detect and the program that answers it.</summary>
/// <param name="Question">The question or referring expression.</param>
/// <param name="Objects">The object names a detector should look for (NePTune's <c>&lt;objects&gt;</c> list).</param>
/// <param name="Program">The program text.</param>
public sealed record PromptExample(string Question, IReadOnlyList<string> Objects, string Program);
