using Neptune.Configuration;

namespace Neptune.Cli.Conventions;

/// <summary>Notes that are not errors, printed as <c>neptune: note: …</c> on stderr.</summary>
public static class CliNotes
{
    /// <summary>A sink for config notes (old field spellings), each printed once as it is found.</summary>
    /// <returns>The notes collector.</returns>
    public static ConfigNotes ForConfig() => new(note => Console.Error.WriteLine($"neptune: note: {note}"));
}
