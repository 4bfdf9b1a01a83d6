using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Neptune.Language;
using Neptune.Language.Syntax;

namespace Neptune.Evaluation;

/// <summary>The outcome of checking one program text: the prepared program, or its first error.</summary>
internal sealed class PreparedEntry
{
    public PreparedEntry(PreparedProgram program)
    {
        Program = program;
        Hash = program.Hash;
    }

    public PreparedEntry(string source, Diagnostic? firstError)
    {
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
        FirstError = firstError;
    }

    public PreparedProgram? Program { get; }

    public string Hash { get; }

    public Diagnostic? FirstError { get; }
}

/// <summary>
/// Prepared programs keyed by their source text, shared by all workers. Bounded: when it holds
/// <c>capacity</c> entries it is emptied and refilled, so memory stays bounded whatever the number of distinct programs.
/// Invalid programs are cached too, so a repeated invalid program is not parsed again.
/// </summary>
/// <remarks>
/// A program is kept from its second sighting on. Most programs of a question set are distinct, and keeping each of them
/// until the cache is emptied only makes the garbage collector promote and copy thousands of dead programs (a third of
/// the run time of a 10,000-question evaluation). A small bit set of source hashes remembers which programs were seen;
/// a hash collision only admits a program one sighting early.
/// </remarks>
internal sealed class PreparedProgramCache
{
    private readonly ConcurrentDictionary<string, PreparedEntry> _entries;
    private readonly ProgramEngine _engine;
    private readonly int _capacity;
    private const int SeenBits = 1 << 16;
    private const int SeenResetAfter = SeenBits / 4;
    private readonly int[] _seen = new int[SeenBits / 32];
    private int _count;
    private int _sightings;
    private long _hits;

    public PreparedProgramCache(ProgramEngine engine, int capacity)
    {
        _engine = engine;
        _capacity = capacity;
        _entries = new ConcurrentDictionary<string, PreparedEntry>(StringComparer.Ordinal);
    }

    public long Hits => Interlocked.Read(ref _hits);

    public PreparedEntry Get(string source)
    {
        if (_capacity > 0 && _entries.TryGetValue(source, out PreparedEntry? cached))
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }

        PreparedEntry entry = Prepare(source);
        if (_capacity > 0 && SeenBefore(source))
        {
            if (Interlocked.Increment(ref _count) > _capacity)
            {
                _entries.Clear();
                Interlocked.Exchange(ref _count, 1);
            }

            _entries.TryAdd(source, entry);
        }

        return entry;
    }

    /// <summary>Records a sighting of <paramref name="source"/>; true when it (or a text with the same hash) was seen before.</summary>
    private bool SeenBefore(string source)
    {
        int bit = (int)((uint)string.GetHashCode(source.AsSpan()) % SeenBits);
        int mask = 1 << (bit & 31);
        if ((Interlocked.Or(ref _seen[bit >> 5], mask) & mask) != 0)
        {
            return true;
        }

        if (Interlocked.Increment(ref _sightings) >= SeenResetAfter)
        {
            // Keep false sightings rare: forget everything once a quarter of the bits are in use. A sighting lost to
            // a concurrent reset only delays caching that program by one more preparation.
            Array.Clear(_seen);
            Interlocked.Exchange(ref _sightings, 0);
        }

        return false;
    }

    private PreparedEntry Prepare(string source)
    {
        ProgramCheck check = _engine.Check(source);
        if (check.Program is { } program)
        {
            return new PreparedEntry(program);
        }

        Diagnostic? first = null;
        foreach (Diagnostic d in check.Diagnostics)
        {
            if (d.IsError)
            {
                first = d;
                break;
            }
        }

        return new PreparedEntry(source, first);
    }
}
