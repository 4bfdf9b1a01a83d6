#!/usr/bin/env python3
"""Writes CaseTable.cs: the Unicode case data where CPython's str methods differ from .NET.

Run with CPython 3.11 (Unicode 14.0) from this directory:

    python3 make_case_table.py

.NET's char.ToUpperInvariant / char.ToLowerInvariant apply the simple (one-to-one) Unicode case mapping, except
that the invariant casing leaves the Turkish dotted and dotless I (U+0130, U+0131) alone. CPython applies the full
mapping from SpecialCasing.txt ('ß'.upper() == 'SS'), title-cases with the titlecase mapping ('ǆ'.title() == 'ǅ'),
and swaps case by the Uppercase/Lowercase properties. The tables below hold, for the Basic Multilingual Plane, only
the code points where CPython's result is not what the .NET fallback in CaseMapping.cs gives, plus the Cased and
Case_Ignorable properties the final-sigma rule needs. Both properties are read back from CPython's own behaviour,
so the table agrees with the interpreter that produced the conformance fixtures.
"""

import sys
import unicodedata

# Code points the .NET invariant casing does not map although UnicodeData.txt gives them a simple mapping.
DOTNET_UNMAPPED = {0x0130, 0x0131}
SIGMA = "\u03a3"
FINAL_SIGMA = "\u03c2"


def bmp():
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        yield cp


def dotnet_upper(ch):
    """char.ToUpperInvariant: the simple uppercase mapping; CPython's full mapping equals it when one code point."""
    if ord(ch) in DOTNET_UNMAPPED:
        return ch
    mapped = ch.upper()
    return mapped if len(mapped) == 1 else ch


def dotnet_lower(ch):
    """char.ToLowerInvariant: the simple lowercase mapping."""
    if ord(ch) in DOTNET_UNMAPPED:
        return ch
    mapped = ch.lower()
    return mapped if len(mapped) == 1 else ch


def dotnet_swapcase(ch):
    """The fallback in CaseMapping.cs: lower an Lu letter, upper an Ll letter, keep everything else."""
    category = unicodedata.category(ch)
    if category == "Lu":
        return dotnet_lower(ch)
    if category == "Ll":
        return dotnet_upper(ch)
    return ch


def is_cased(ch):
    # str.title() lower-cases a letter that follows a cased character and title-cases it otherwise.
    return (ch + "a").title()[-1] == "a"


def is_case_ignorable(ch):
    # A capital sigma becomes final after a cased letter and any number of case-ignorable characters.
    # "A" + ch + "Σ" ends in ς when ch is case-ignorable or cased; ch + "Σ" only when ch is cased and not ignorable.
    after_letter = ("A" + ch + SIGMA).lower()[-1] == FINAL_SIGMA
    alone = (ch + SIGMA).lower()[-1] == FINAL_SIGMA
    return after_letter and not alone


def ranges(predicate):
    result = []
    for cp in bmp():
        if not predicate(chr(cp)):
            continue
        if result and result[-1][1] == cp - 1:
            result[-1][1] = cp
        else:
            result.append([cp, cp])
    return result


def literal(text):
    return '"' + "".join(f"\\u{ord(c):04X}" if ord(c) < 0x10000 else f"\\U{ord(c):08X}" for c in text) + '"'


def mapping(name, summary, function, fallback):
    keys = []
    values = []
    for cp in bmp():
        ch = chr(cp)
        mapped = function(ch)
        if mapped != fallback(ch):
            keys.append(cp)
            values.append(mapped)
    lines = [
        f"    /// <summary>{summary}</summary>",
        f"    internal static ReadOnlySpan<char> {name}Keys =>",
    ]
    lines += chunk([f"\\u{k:04X}" for k in keys], '        "', '"', " +", ";", per_line=12)
    lines.append("")
    lines.append(f"    internal static readonly string[] {name}Values =")
    lines.append("    [")
    for k, v in zip(keys, values):
        lines.append(f"        {literal(v)}, // U+{k:04X} {unicodedata.name(chr(k), '?')}")
    lines.append("    ];")
    return lines, len(keys)


def range_table(name, summary, predicate):
    pairs = ranges(predicate)
    lines = [
        f"    /// <summary>{summary}</summary>",
        f"    internal static ReadOnlySpan<char> {name} =>",
    ]
    lines += chunk([f"\\u{lo:04X}\\u{hi:04X}" for lo, hi in pairs], '        "', '"', " +", ";", per_line=8)
    return lines, len(pairs)


def chunk(items, prefix, suffix, joiner, terminator, per_line):
    if not items:
        return [prefix + suffix + terminator]
    rows = [items[i:i + per_line] for i in range(0, len(items), per_line)]
    out = []
    for i, row in enumerate(rows):
        out.append(prefix + "".join(row) + suffix + (terminator if i == len(rows) - 1 else joiner))
    return out


def main():
    if sys.version_info[:2] != (3, 11):
        print(f"warning: the fixtures were recorded with CPython 3.11; this is {sys.version.split()[0]}", file=sys.stderr)

    body = []
    counts = {}
    for name, summary, function, fallback in [
        ("Upper", "Code points whose full uppercase (<c>str.upper</c>) is not <see cref=\"char.ToUpperInvariant\"/>.",
         str.upper, dotnet_upper),
        ("Lower", "Code points whose full lowercase (<c>str.lower</c>) is not <see cref=\"char.ToLowerInvariant\"/>.",
         str.lower, dotnet_lower),
        ("Title", "Code points whose full titlecase (<c>str.title</c> of one letter) is not <see cref=\"char.ToUpperInvariant\"/>.",
         str.title, dotnet_upper),
        ("SwapCase", "Code points whose <c>str.swapcase</c> differs from lowering Lu and uppering Ll letters.",
         str.swapcase, dotnet_swapcase),
    ]:
        lines, counts[name] = mapping(name, summary, function, fallback)
        body += lines + [""]

    lines, counts["Cased"] = range_table(
        "CasedRanges", "Inclusive ranges of the Cased property (Lu, Ll, Lt, Other_Uppercase, Other_Lowercase).", is_cased)
    body += lines + [""]
    lines, counts["CaseIgnorable"] = range_table(
        "CaseIgnorableRanges",
        "Inclusive ranges of the Case_Ignorable property (Mn, Me, Cf, Lm, Sk, MidLetter, MidNumLet, Single_Quote).",
        is_case_ignorable)
    body += lines

    header = [
        "// Written by make_case_table.py from the Unicode " + unicodedata.unidata_version
        + " database of CPython " + sys.version.split()[0] + "; change the script and rerun it instead of editing.",
        "namespace Neptune.Language.Runtime;",
        "",
        "/// <summary>Case data where CPython's full Unicode case mapping differs from .NET's simple invariant mapping.</summary>",
        "internal static class CaseTable",
        "{",
        f"    /// <summary>The Unicode version the table was read from.</summary>",
        f"    internal const string UnicodeVersion = \"{unicodedata.unidata_version}\";",
        "",
    ]
    text = "\n".join(header + body + ["}", ""])
    with open("CaseTable.cs", "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
