namespace Neptune.Configuration;

/// <summary>
/// Collects the notes a config read produces that are not errors (an old field spelling that still works). Each
/// distinct note is passed once to the sink given at construction; the command line prints them on stderr.
/// </summary>
/// <param name="sink">Receives each distinct note as it is added; null keeps them in <see cref="Lines"/> only.</param>
public sealed class ConfigNotes(Action<string>? sink = null)
{
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    /// <summary>The distinct notes so far, in order.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Adds a note unless an equal one was added before.</summary>
    /// <param name="note">One line.</param>
    public void Add(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        lock (_gate)
        {
            if (_lines.Contains(note))
            {
                return;
            }

            _lines.Add(note);
        }

        sink?.Invoke(note);
    }
}
