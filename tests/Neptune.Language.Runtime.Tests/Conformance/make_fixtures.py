#!/usr/bin/env python3
"""Writes the runtime conformance fixtures from CPython 3.11.

Run once (python3 make_fixtures.py) after changing the case lists; the outputs are committed and the C# tests
replay them without needing Python. Files written next to this script:

  values.jsonl       operations on encoded values, replayed through the runtime's API
  expressions.jsonl  standalone expressions with CPython's repr result or error, for end-to-end interpreter replay

Value encoding (JSON): null/true/false/ints/strings as themselves, lists as arrays, and tagged objects
{"float": "repr"}, {"tuple": [...]}, {"set": [...]}, {"dict": [[k, v], ...]}, {"range": [start, stop, step]},
{"slice": [start, stop, step]}, {"fn": "name"} (one of the FUNCS below).

Deliberate deviations of the runtime are not fixtured: ints wider than 64 bits, complex results, set iteration
order (sets are only printed when CPython's order equals insertion order), and strings outside the BMP.
"""
import json
import math
import operator
import os
import sys
import warnings

warnings.simplefilter("ignore")

assert sys.version_info[:2] == (3, 11), "fixtures must come from CPython 3.11"

HERE = os.path.dirname(os.path.abspath(__file__))

FUNCS = {
    "neg": (lambda x: -x, "lambda x: -x"),
    "len": (len, "len"),
    "lower": (lambda s: s.lower(), "lambda s: s.lower()"),
    "second": (lambda t: t[1], "lambda t: t[1]"),
    "is_even": (lambda x: x % 2 == 0, "lambda x: x % 2 == 0"),
    "abs": (abs, "abs"),
    "add": (lambda a, b: a + b, "lambda a, b: a + b"),
}


class Fn:
    def __init__(self, name):
        self.name = name
        self.func, self.source = FUNCS[name]


def enc(v):
    if isinstance(v, Fn):
        return {"fn": v.name}
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        assert -2**63 <= v < 2**63, v
        return v
    if isinstance(v, float):
        return {"float": repr(v)}
    if isinstance(v, list):
        return [enc(x) for x in v]
    if isinstance(v, tuple):
        return {"tuple": [enc(x) for x in v]}
    if isinstance(v, set):
        return {"set": [enc(x) for x in v]}
    if isinstance(v, dict):
        return {"dict": [[enc(k), enc(x)] for k, x in v.items()]}
    if isinstance(v, range):
        return {"range": [v.start, v.stop, v.step]}
    if isinstance(v, slice):
        return {"slice": [v.start, v.stop, v.step]}
    raise TypeError(type(v))


def src(v):
    """Python source for a value (for expressions.jsonl)."""
    if isinstance(v, Fn):
        return v.source
    if isinstance(v, float):
        if math.isnan(v):
            return "float('nan')"
        if math.isinf(v):
            return "float('inf')" if v > 0 else "float('-inf')"
    if isinstance(v, slice):
        raise TypeError
    if isinstance(v, set) and not v:
        return "set()"
    return repr(v)


def real(v):
    return v.func if isinstance(v, Fn) else v


def outcome(thunk):
    try:
        r = thunk()
        if hasattr(r, "__next__"):
            r = list(r)
        return {"expect": repr(r)}
    except Exception as e:  # noqa: BLE001 - every Python error is a fixture outcome
        return {"error": type(e).__name__, "message": str(e)}


rows = []
exprs = []


def add_expr(expr):
    exprs.append(dict({"expr": expr}, **outcome(lambda: eval(expr, {"math": math}))))


# ---------------------------------------------------------------- binary operators
OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "//": operator.floordiv,
       "%": operator.mod, "**": operator.pow, "<<": operator.lshift, ">>": operator.rshift, "&": operator.and_,
       "|": operator.or_, "^": operator.xor}
nums = [7, -7, 2, -2, 0, 3.5, -3.5, 0.0, True, False]
for op in ["+", "-", "*", "/", "//", "%"]:
    for a in [7, -7, 7.5, -7.5, True]:
        for b in [2, -2, 0, 2.5, -0.5, 0.0, True, False]:
            rows.append({"op": "binop", "operator": op, "a": a, "b": b})
extra_binops = [
    ("**", 2, 10), ("**", 2, -1), ("**", 0, -1), ("**", 0.0, -1), ("**", -2, 3), ("**", 2.0, 0.5), ("**", 10.0, 400),
    ("**", 2, 62), ("**", 0, 0), ("**", -1, 1001), ("**", 1.5, 2), ("**", float("nan"), 0), ("**", 1.0, float("nan")),
    ("<<", 1, 10), ("<<", -3, 4), ("<<", 1, -1), (">>", 1024, 3), (">>", -17, 2), (">>", 5, 100), (">>", -5, 100),
    ("&", 12, 10), ("|", 12, 10), ("^", 12, 10), ("&", True, False), ("|", True, False), ("^", True, True), ("&", -1, 255),
    ("&", 1.0, 1), ("+", "ab", "cd"), ("+", [1], [2, 3]), ("+", (1,), (2,)), ("+", "a", 1), ("+", [1], (1,)), ("+", (1,), [1]),
    ("+", 1, "a"), ("*", "ab", 3), ("*", 3, "ab"), ("*", [0], 3), ("*", (1, 2), 2), ("*", "ab", -1), ("*", [1], 0),
    ("*", "a", 2.0), ("*", [1], 1.5), ("*", "a", "b"), ("*", "ab", True), ("-", "a", "b"), ("/", "a", 2), ("**", "a", 2),
    ("-", {1, 2, 3}, {2}), ("&", {1, 2, 3}, {2, 3, 4}), ("|", {1, 2}, {3}), ("^", {1, 2}, {2, 3}),
    ("|", {"a": 1}, {"b": 2}), ("|", {"a": 1}, {"a": 2}), ("/", 1, 3), ("/", 10, 5), ("/", 2**53 + 1, 1),
    ("//", 1e300, 1e-300), ("%", -1e-20, 1.0), ("%", 5, -3), ("//", 5, -3), ("%", -5.5, 2), ("//", -5.5, 2),
    ("+", 0.1, 0.2), ("*", 1e308, 10), ("-", float("inf"), float("inf")), ("+", True, True), ("*", True, 5),
    ("%", "a%s", 1), ("+", None, 1), ("<<", 1, 63), ("<<", 2**62, 1), ("*", 2**62, 2), ("+", 2**63 - 1, 1),
]
overflow_binops = [("<<", 1, 63), ("<<", 2**62, 1), ("*", 2**62, 2), ("+", 2**63 - 1, 1), ("%", "a%s", 1)]
for op, a, b in extra_binops:
    if (op, a, b) in overflow_binops:
        continue  # 64-bit ints and printf formatting: documented deviations, covered by unit tests
    rows.append({"op": "binop", "operator": op, "a": a, "b": b})

# ---------------------------------------------------------------- unary
for op, v in [("-", 5), ("-", -0.0), ("+", True), ("-", True), ("~", 5), ("~", -1), ("~", True), ("~", 1.5), ("-", "a"),
              ("+", "a"), ("not", 0), ("not", []), ("not", "x"), ("-", 0.0), ("+", -2.5), ("-", None)]:
    rows.append({"op": "unary", "operator": op, "a": v})

# ---------------------------------------------------------------- comparisons
CMPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
        "in": lambda a, b: a in b, "not in": lambda a, b: a not in b, "is": operator.is_, "is not": operator.is_not}
cmp_cases = [
    ("==", 1, 1.0), ("==", True, 1), ("==", 0, False), ("==", 1, "1"), ("==", [1, 2], [1, 2]), ("==", [1], (1,)),
    ("==", (1, [2]), (1, [2])), ("==", {"a": 1}, {"a": 1.0}), ("==", {1, 2}, {2, 1}), ("==", None, None),
    ("==", float("nan"), float("nan")), ("!=", 1, 2), ("==", range(0, 3), range(0, 3)), ("==", range(0), range(2, 2)),
    ("<", 1, 2.5), ("<", 2**53, 2.0**53 + 1), ("<", "abc", "abd"), ("<", "Z", "a"), ("<", [1, 2], [1, 3]),
    ("<", [1, 2], [1, 2, 0]), ("<", (1, "a"), (1, "b")), ("<=", (1, 2), (1, 2)), (">", [2], [1, 99]), (">=", "b", "a"),
    ("<", 1, "a"), ("<", "a", 1), ("<", [1], ["a"]), ("<", None, None), ("<", {1}, {1, 2}), ("<=", {1, 2}, {1, 2}),
    (">", {1, 2}, {1}), ("<", {"a": 1}, {"b": 2}), ("<", float("nan"), 1), (">", float("inf"), 2**62), ("<", True, 2),
    ("<", [1, "a"], [2, 1]), ("<", (), (1,)), (">", "", "a"), ("in", 2, [1, 2, 3]), ("in", 2.0, [1, 2, 3]),
    ("in", "b", "abc"), ("in", "bd", "abcd"), ("in", "", "abc"), ("in", 1, "abc"), ("in", "a", {"a": 1}),
    ("in", 1, {1.0}), ("in", [1], {1: 2}), ("not in", 4, range(0, 10, 2)), ("in", 4, range(0, 10, 2)), ("in", 4.0, range(10)),
    ("in", 3, range(10, 0, -1)), ("in", 1, 5), ("in", (1, 2), [(1, 2)]), ("is", None, None), ("is", 5, 5), ("is", True, True),
    ("is not", None, 0), ("==", "a", "a"), ("!=", [1], [1]), ("<=", 1, 1.0), (">", 0.5, False),
]
for op, a, b in cmp_cases:
    rows.append({"op": "compare", "operator": op, "a": a, "b": b})

# ---------------------------------------------------------------- repr / str
repr_values = [0.1, 0.30000000000000004, 1e16, 1e15, 1.5e-07, 100.0, float("inf"), float("-inf"), float("nan"), -0.0,
               0.0, 1e-4, 1e-5, 123456789012345.6, 1.7976931348623157e308, 5e-324, 2.5, -1.0, 1e22, 1/3, 9007199254740993.0,
               "a", "it's", 'say "hi"', "both ' and \"", "\n\t\r", "\x00\x1f\x7f", "é ü 漢字", "\u200b", "\xa0", "\\", "",
               [1, "a", True, None], (1,), (), (1, 2), {"a": 1}, {}, set(), {1, 2}, {"x": [1, (2,)]}, range(3), range(1, 10, 2),
               [[1, 2], [3]], (None, False), [0.1, -0.0], {1: {2: {}}}, 12345678901234, -5, True, None]
for v in repr_values:
    rows.append({"op": "repr", "a": v})
for v in [0.1, 1e16, "a'b", [1, "x"], None, True, -0.0, 1e100]:
    rows.append({"op": "str", "a": v})

# ---------------------------------------------------------------- format spec
format_cases = [
    (2.5, ".0f"), (3.5, ".0f"), (0.125, ".2f"), (0.375, ".2f"), (1.005, ".2f"), (3.14159, ".2f"), (1234567, ","),
    (1234567.891, ",.2f"), (1234567, "_"), (255, "x"), (255, "#x"), (255, "X"), (255, "#o"), (5, "b"), (5, "#010b"),
    (-255, "#x"), (255, "#010x"), (123456789, "_b"), (42, ">10"), (42, "<10"), (42, "^10"), (42, "*^9"), (-42, "=8"),
    (-42, "08"), (42, "+d"), (42, " d"), (-42, " d"), (1234, "08,"), (1234, "07,"), (1234, "06,"), (1234, "0=8,"),
    (1234, "*=8,"), (-1234.5, "010,.1f"), (12345.678, "_.2f"), (0.5, "%"), (0.125, ".1%"), (0.12345, ".2%"),
    (3.0, "g"), (3.0, "#g"), (3.0, "#.0f"), (1e100, ".3g"), (-0.0, "g"), (0.0, "e"), (1234.5678, "e"), (1234.5678, ".2E"),
    (1e-5, "g"), (0.0001, "g"), (123456789.0, "g"), (1234567.0, "G"), (1.5, "5"), (100.0, ".3"), (1234.5, ".2"),
    (1.0, ".3"), (1e16, ""), (1e16, ".3"), (123456789.0, ".12"), (12.0, ".2"), (0.1, ""), (1e-7, ""), (1.5e-7, "g"),
    (float("inf"), "010"), (float("nan"), "+08.2f"), (float("inf"), "f"), (float("-inf"), "E"), (-0.0, "z.1f"),
    (-0.001, "z.1f"), (5, ".2f"), (5, "e"), (5, "%"), (12, "c"), (65, "c"), (True, ">5"), (True, ""), (True, "d"),
    (False, "05"), ("abc", ".2"), ("abc", "^7"), ("abc", "*<6"), ("abc", ">6"), ("ab", "05"), ("abc", ""), ("abc", "s"),
    ("a", "=5"), ("a", "+"), ("a", "d"), (1.5, "d"), (1, ".2d"), (1, ",x"), (1, "_x"), (None, ">3"), (None, ""),
    ([1], ""), (1, "q"), (1.0, "x"), (42, "n"), (1234.5, "n"), (1e300, "f"), (2**62, ","), (-(2**63), "x"), (0, "#b"),
    (3.14159, "10.3f"), (3.14159, "<10.3f"), (3.14159, "+.1e"), (0.000123456, ".3g"), (123456, ".3g"), (99999.5, ".5g"),
    (9.9999, ".3g"), (0.5, ".0f"), (1.5, ".0f"), (-2.5, ".0f"), (2.675, ".2f"), (1e22, "f"), (1.1, ".20f"),
    (5e-324, ".3e"), (1, ".1"), ("x", ",")]
for v, spec in format_cases:
    rows.append({"op": "format", "a": v, "spec": spec})

# Seeded sweep: random doubles across magnitudes through repr and the float presentation types.
import random  # noqa: E402

_rng = random.Random(20240611)
_specs = [".0f", ".1f", ".2f", ".3f", ".6e", ".2e", ".0e", "g", ".3g", ".12g", ".1", ".5", "", ",.2f", "%", ".17g", "+.4f"]
for _ in range(160):
    mag = _rng.choice([1e-9, 1e-5, 1e-3, 0.1, 1, 10, 1000, 1e6, 1e12, 1e15, 1e17, 1e22, 1e-300, 1e300])
    value = _rng.uniform(-1, 1) * mag
    if _rng.random() < 0.3:
        value = round(value, _rng.randint(0, 4))  # exact halves and short decimals exercise ties
    if _rng.random() < 0.5:
        rows.append({"op": "repr", "a": value})
    rows.append({"op": "format", "a": value, "spec": _rng.choice(_specs)})
    rows.append({"op": "builtin", "name": "round", "args": [value, _rng.randint(-3, 6)]})
for k in range(40):
    half = (2 * k + 1) / 2 ** _rng.randint(1, 8)  # exact binary ties
    rows.append({"op": "format", "a": half, "spec": f".{_rng.randint(0, 6)}f"})

# ---------------------------------------------------------------- str.format
for template, args, kwargs in [("{} and {}", ["a", 1], {}), ("{1}{0}", ["a", "b"], {}), ("{x:>4}|", [], {"x": 7}),
                               ("{:,}", [1234567], {}), ("{0!r} {0!s}", ["a"], {}), ("{{}} {}", [1], {}),
                               ("{:{}}", [3, 5], {}), ("{:.{}f}", [3.14159, 2], {}), ("{0[1]}", [[5, 6]], {}),
                               ("{d[k]}", [], {"d": {"k": "v"}}), ("{}", [], {}), ("{0}{}", [1, 2], {}), ("{}{0}", [1, 2], {}),
                               ("{x}", [], {}), ("{", [], {}), ("}", [], {}), ("{!x}", [1], {}), ("{:d}", ["s"], {}),
                               ("{:>{w}}", ["r"], {"w": 4}), ("{0:.3}", [1.23456], {}), ("{:%}", [0.25], {})]:
    rows.append({"op": "method", "target": template, "name": "format", "args": args, "kwargs": kwargs})

# ---------------------------------------------------------------- methods
method_cases = [
    ("a,b,,c", "split", [","]), ("  a  b c ", "split", []), ("a b c", "split", [None, 1]), ("a  b  c  ", "split", [None, 1]),
    ("a,b,c", "split", [",", 1]), ("a,b,c", "rsplit", [",", 1]), ("  a b c  ", "rsplit", [None, 1]), ("", "split", []),
    ("", "split", [","]), ("abc", "split", [""]), ("a\nb\r\nc\n", "splitlines", []), ("a\nb\r\n", "splitlines", [True]),
    ("Hello World", "lower", []), ("Hello World", "upper", []), ("  hi  ", "strip", []), ("xxhixx", "strip", ["x"]),
    ("  hi  ", "lstrip", []), ("  hi  ", "rstrip", []), ("abcba", "strip", ["ab"]), (",", "join", [["a", "b", "c"]]),
    ("", "join", [("x", "y")]), ("-", "join", [[1, 2]]), ("-", "join", ["abc"]), ("aaa", "replace", ["a", "b"]),
    ("aaa", "replace", ["a", "b", 2]), ("abc", "replace", ["", "-"]), ("", "replace", ["", "x"]), ("abc", "replace", ["x", "y"]),
    ("hello", "startswith", ["he"]), ("hello", "startswith", [("x", "h")]), ("hello", "endswith", ["lo"]),
    ("hello", "startswith", ["l", 2]), ("hello", "endswith", ["l", 0, 4]), ("hello", "find", ["l"]), ("hello", "rfind", ["l"]),
    ("hello", "find", ["z"]), ("hello", "find", ["l", 3]), ("hello", "find", ["", 10]), ("hello", "rfind", [""]),
    ("hello", "index", ["e"]), ("hello", "index", ["z"]), ("hello", "count", ["l"]), ("hello", "count", [""]),
    ("aaaa", "count", ["aa"]), ("123", "isdigit", []), ("12a", "isdigit", []), ("", "isdigit", []), ("abc", "isalpha", []),
    ("ab1", "isalnum", []), (" \t\n", "isspace", []), ("", "isspace", []), ("abc1", "islower", []), ("ABC", "isupper", []),
    ("123", "islower", []), ("hello world", "title", []), ("they're bill's", "title", []), ("hELLO wORLD", "capitalize", []),
    ("42", "zfill", [5]), ("-42", "zfill", [5]), ("+7", "zfill", [3]), ("abc", "zfill", [2]), ("ab", "center", [6, "*"]),
    ("abc", "center", [6]), ("abc", "center", [7]), ("ab", "center", [5]), ("ab", "ljust", [5, "-"]), ("ab", "rjust", [5]),
    ("ab", "center", [5, "xy"]), ("a=b=c", "partition", ["="]), ("a=b=c", "rpartition", ["="]), ("abc", "partition", ["x"]),
    ("abc", "partition", [""]), ("Hello", "swapcase", []), ("prefix_x", "removeprefix", ["prefix_"]),
    ("x.txt", "removesuffix", [".txt"]), ("Title Case", "istitle", []), ("abc", "rindex", ["c"]),
]
for target, name, args in method_cases:
    rows.append({"op": "method", "target": target, "name": name, "args": args})
rows.append({"op": "method", "target": "a b c", "name": "split", "args": [], "kwargs": {"maxsplit": 1}})
rows.append({"op": "method", "target": "a-b-c", "name": "split", "args": [], "kwargs": {"sep": "-"}})

list_cases = [
    ([3, 1, 2], "sort", [], {}), ([3, 1, 2], "sort", [], {"reverse": True}), (["b", "A", "c"], "sort", [], {"key": Fn("lower")}),
    ([(1, "b"), (0, "b"), (2, "a")], "sort", [], {"key": Fn("second")}), ([1, "a"], "sort", [], {}),
    ([1, 2, 3], "pop", [], {}), ([1, 2, 3], "pop", [0], {}), ([], "pop", [], {}), ([1], "pop", [5], {}),
    ([1, 2, 1], "index", [1, 1], {}), ([1, 2], "index", [3], {}), ([1, 2], "index", ["x"], {}), ([1, 2, 1], "count", [1], {}),
    ([1, 2], "remove", [3], {}), ([1, 2, 3], "copy", [], {}), ([1, 2, 3], "reverse", [], {}), ([1], "append", [2], {}),
    ([1], "extend", [(2, 3)], {}), ([1], "extend", ["ab"], {}), ([1, 2], "insert", [0, 9], {}), ([1, 2], "insert", [-1, 9], {}),
    ([1, 2], "insert", [10, 9], {}), ([1, 2], "clear", [], {}), ([1, 2, 1], "remove", [1], {}), ([True, 1, 1.0], "count", [1], {}),
]
for target, name, args, kwargs in list_cases:
    rows.append({"op": "method", "target": target, "name": name, "args": args, "kwargs": kwargs, "result": "self"})

dict_cases = [
    ({"a": 1}, "get", ["a"]), ({"a": 1}, "get", ["b"]), ({"a": 1}, "get", ["b", 0]), ({"a": 1, "b": 2}, "keys", []),
    ({"a": 1, "b": 2}, "values", []), ({"a": 1, "b": 2}, "items", []), ({"a": 1}, "pop", ["a"]), ({"a": 1}, "pop", ["z"]),
    ({"a": 1}, "pop", ["z", None]), ({"a": 1}, "setdefault", ["b", 5]), ({"a": 1}, "setdefault", ["a", 5]),
    ({"a": 1}, "update", [{"b": 2}]), ({"a": 1}, "update", [[("c", 3)]]), ({"a": 1}, "update", [[("c", 3, 4)]]),
    ({"a": 1}, "update", [[1]]), ({"a": 1}, "copy", []), ({"a": 1}, "clear", []), ({"a": 1, "b": 2}, "popitem", []),
    ({}, "popitem", []), ({1: "x"}, "get", [1.0]), ({True: "x"}, "get", [1]),
]
for target, name, args in dict_cases:
    rows.append({"op": "method", "target": target, "name": name, "args": args, "result": "self"})
rows.append({"op": "method", "target": {"a": 1}, "name": "update", "args": [], "kwargs": {"z": 26}, "result": "self"})

set_cases = [
    ({1, 2}, "add", [3]), ({1, 2}, "add", [1]), ({1, 2}, "discard", [5]), ({1, 2}, "remove", [5]), ({1, 2}, "remove", [1]),
    ({1}, "pop", []), (set(), "pop", []), ({1, 2}, "union", [[3]]), ({1, 2, 3}, "intersection", [[2, 3, 4]]),
    ({1, 2, 3}, "difference", [{2}]), ({1, 2}, "symmetric_difference", [{2, 3}]), ({1, 2}, "issubset", [[1, 2, 3]]),
    ({1, 2}, "issuperset", [{1}]), ({1}, "update", [[2], (3,)]), ({1, 2}, "copy", []), ({1, 2}, "clear", []),
    ({1, 2}, "isdisjoint", [{3}]), ({1, 2, 3}, "intersection", [{2, 3}, {3}]), ({1}, "add", [[1]]),
]
for target, name, args in set_cases:
    rows.append({"op": "method", "target": target, "name": name, "args": args, "result": "self"})
for target, name, args in [((1, 2, 1), "count", [1]), ((1, 2), "index", [2]), ((1, 2), "index", [5]), (1.5, "is_integer", []),
                           (2.0, "is_integer", []), (255, "bit_length", []), (-1, "bit_length", [])]:
    rows.append({"op": "method", "target": target, "name": name, "args": args})
for target, name in [("abc", "nope"), ([1], "nope"), (5, "real_nope")]:
    rows.append({"op": "method", "target": target, "name": name, "args": []})

# ---------------------------------------------------------------- indexing and slicing
index_cases = [
    ([1, 2, 3], 0), ([1, 2, 3], -1), ([1, 2, 3], 3), ([1, 2, 3], -4), ((1, 2), 5), ("abc", 1), ("abc", 5), ("abc", -1),
    ([1, 2], "a"), ((1,), 1.0), ("abc", "a"), ({"a": 1}, "a"), ({"a": 1}, "b"), ({(1, 2): 3}, (1, 2)), ({1: "x"}, True),
    ({"a": 1}, [1]), (range(10), 3), (range(10), -1), (range(0), 0), (range(2, 20, 3), 2), (5, 0), (None, 0),
    ([1, 2, 3, 4, 5], slice(1, 3, None)), ([1, 2, 3, 4, 5], slice(None, None, -1)), ([1, 2, 3, 4, 5], slice(-2, None, None)),
    ([1, 2, 3, 4, 5], slice(None, None, 2)), ([1, 2, 3, 4, 5], slice(4, 1, -2)), ([1, 2, 3], slice(10, 20, None)),
    ([1, 2, 3], slice(None, None, 0)), ("hello", slice(1, -1, None)), ("hello", slice(None, None, -1)),
    ("hello", slice(-100, 100, 2)), ((1, 2, 3), slice(1, None, None)), (range(10), slice(2, 8, 2)),
    (range(10), slice(None, None, -1)), (range(0, 20, 5), slice(1, 3, None)), ([1, 2, 3], slice(-1, -3, -1)),
]
for target, index in index_cases:
    rows.append({"op": "getitem", "a": target, "b": index})

# ---------------------------------------------------------------- builtins
builtin_cases = [
    ("len", ["abc"]), ("len", [[1, 2]]), ("len", [{"a": 1}]), ("len", [range(0, 10, 3)]), ("len", [5]), ("len", [set()]),
    ("range", [5]), ("range", [1, 10, 3]), ("range", [10, 0, -2]), ("range", [1, 2, 0]), ("range", [1.5]),
    ("min", [[3, 1, 2]]), ("min", [3, 1, 2]), ("max", [[3, 1, 2]]), ("max", ["apple", "fig"]), ("max", [[]]), ("min", [[]]),
    ("max", [1]), ("max", [[1, "a"]]), ("min", [(4, 2, 9)]), ("max", [[1, 3, 3.0]]), ("max", [[-1, 1]], {"key": Fn("abs")}),
    ("min", [["bb", "a", "ccc"]], {"key": Fn("len")}), ("max", [[]], {"default": 0}), ("max", [1, 2], {"default": 0}),
    ("min", [[2, 1]], {"key": Fn("neg")}), ("max", [[1.5, 2, True]]),
    ("sum", [[1, 2, 3]]), ("sum", [[0.1] * 10]), ("sum", [[1, 2], 10]), ("sum", [[[1], [2]], []]), ("sum", [["a"], ""]),
    ("sum", [[True, True, 2.5]]), ("sum", [range(101)]), ("sum", [[1, "a"]]),
    ("any", [[0, "", None]]), ("any", [[0, 1]]), ("all", [[]]), ("all", [[1, 0]]), ("any", [[]]), ("all", ["ab"]),
    ("abs", [-5]), ("abs", [-2.5]), ("abs", [True]), ("abs", ["a"]), ("abs", [-0.0]),
    ("round", [2.5]), ("round", [3.5]), ("round", [-2.5]), ("round", [0.125, 2]), ("round", [0.375, 2]), ("round", [2.675, 2]),
    ("round", [1234.5678, -2]), ("round", [1250, -2]), ("round", [1350, -2]), ("round", [-1250, -2]), ("round", [7, 2]),
    ("round", [1.5, None]), ("round", [float("inf")]), ("round", [float("nan")]), ("round", [0.5]), ("round", [1e20, 2]),
    ("round", [5e-324, 400]), ("round", [123.456, 1]), ("round", ["a"]), ("round", [-0.4]), ("round", [2.5, 0]),
    ("int", ["42"]), ("int", [" -42 "]), ("int", ["1_000"]), ("int", ["+7"]), ("int", ["x"]), ("int", ["1.5"]), ("int", [""]),
    ("int", ["1__0"]), ("int", ["_1"]), ("int", [3.9]), ("int", [-3.9]), ("int", [True]), ("int", [float("inf")]),
    ("int", [float("nan")]), ("int", ["ff", 16]), ("int", ["0x1f", 0]), ("int", ["101", 2]), ("int", ["12", 2]),
    ("int", [5, 10]), ("int", []), ("int", [[1]]), ("int", ["0b11", 0]), ("int", ["007"]), ("int", ["\t\n12\n"]),
    ("float", ["1e3"]), ("float", [" 3.25 "]), ("float", ["inf"]), ("float", ["-Infinity"]), ("float", ["nan"]),
    ("float", ["1_000.5"]), ("float", ["x"]), ("float", [""]), ("float", ["1e"]), ("float", [".5"]), ("float", ["5."]),
    ("float", [7]), ("float", [True]), ("float", [[1]]), ("float", []), ("float", ["1e400"]), ("float", ["0.1"]),
    ("str", [1.0]), ("str", [[1, "a"]]), ("str", []), ("str", [None]), ("bool", [[]]), ("bool", ["0"]), ("bool", [0.0]),
    ("bool", []), ("list", ["abc"]), ("list", [(1, 2)]), ("list", [range(3)]), ("list", [{"a": 1, "b": 2}]), ("list", [5]),
    ("list", []), ("tuple", [[1, 2]]), ("tuple", ["ab"]), ("tuple", []), ("set", [[1, 2, 2, 3]]), ("set", []),
    ("set", [[[1]]]), ("dict", [[("a", 1), ("b", 2)]]), ("dict", [], {"x": 1, "y": 2}), ("dict", [[(1, 2)]], {"z": 0}),
    ("dict", [[1]]), ("dict", [["ab"]]), ("dict", [["abc"]]), ("dict", []),
    ("sorted", [[3, 1, 2]]), ("sorted", [[3, 1, 2]], {"reverse": True}), ("sorted", ["cba"]),
    ("sorted", [["b", "A", "c"]], {"key": Fn("lower")}), ("sorted", [[(1, "b"), (1, "a"), (0, "z")]]),
    ("sorted", [[1, "a"]]), ("sorted", [{"b": 1, "a": 2}]), ("sorted", [[2, 1.5, True]]),
    ("sorted", [[(2, "x"), (1, "y"), (2, "a")]], {"key": Fn("neg_first")} if False else {}),
    ("sorted", [[1, 2, 3, 4]], {"key": Fn("is_even")}), ("sorted", [[1, 2, 3, 4]], {"key": Fn("is_even"), "reverse": True}),
    ("enumerate", [["a", "b"]]), ("enumerate", [["a", "b"], 1]), ("enumerate", ["xy"], {"start": 5}),
    ("zip", [[1, 2, 3], "ab"]), ("zip", []), ("zip", [[1, 2]]), ("reversed", [[1, 2, 3]]), ("reversed", ["abc"]),
    ("reversed", [range(3)]), ("reversed", [{1, 2}]), ("reversed", [{"a": 1, "b": 2}]), ("reversed", [(1, 2)]),
    ("map", [Fn("neg"), [1, 2]]), ("map", [Fn("add"), [1, 2], [10, 20, 30]]), ("filter", [Fn("is_even"), range(6)]),
    ("filter", [None, [0, 1, "", "a"]]), ("divmod", [7, 2]), ("divmod", [-7, 2]), ("divmod", [7.5, 2]), ("divmod", [1, 0]),
    ("divmod", [1.0, 0]), ("divmod", [-7.5, -2]), ("pow", [2, 10]), ("pow", [2, -1]), ("pow", [2, 10, 1000]),
    ("pow", [3, -1, 7]), ("pow", [2, 3, 0]), ("pow", [2.0, 3]), ("pow", [-2, 3, 5]), ("pow", [2, 0.5]),
]
for case in builtin_cases:
    name, args = case[0], case[1]
    kwargs = case[2] if len(case) > 2 else {}
    rows.append({"op": "builtin", "name": name, "args": args, "kwargs": kwargs})

# ---------------------------------------------------------------- math
math_cases = [
    ("sqrt", [16]), ("sqrt", [2]), ("sqrt", [-1]), ("floor", [2.7]), ("floor", [-2.5]), ("ceil", [2.1]), ("ceil", [-2.1]),
    ("floor", [float("inf")]), ("exp", [1]), ("exp", [1000]), ("log", [math.e]), ("log", [8, 2]), ("log", [100, 10]),
    ("log", [0]), ("log", [-1]), ("log", [10, 1]), ("log2", [8]), ("log10", [1000]), ("log10", [0]), ("pow", [2, 3]),
    ("pow", [0, -1]), ("pow", [-8, 1 / 3]), ("pow", [10.0, 400]), ("fabs", [-3]), ("isclose", [0.1 + 0.2, 0.3]),
    ("isclose", [1.0, 1.1]), ("isfinite", [float("inf")]), ("isnan", [float("nan")]), ("isinf", [float("-inf")]),
    ("hypot", [3, 4]), ("hypot", [1, 2, 2]), ("atan2", [1, 1]), ("sin", [0]), ("cos", [0]), ("tan", [0]), ("sin", [float("inf")]),
    ("degrees", [math.pi]), ("radians", [180]), ("prod", [[1, 2, 3, 4]]), ("prod", [[]]), ("fsum", [[0.1] * 10]),
    ("fsum", [[1e100, 1.0, -1e100, 1e-100]]), ("trunc", [-3.7]), ("copysign", [3, -0.0]), ("factorial", [10]),
    ("factorial", [-1]), ("gcd", [12, 18]), ("gcd", []), ("sqrt", ["x"]), ("acos", [2]), ("isclose", [1.0, 1.05]),
]
for name, args in math_cases:
    rows.append({"op": "math", "name": name, "args": args})
rows.append({"op": "math", "name": "isclose", "args": [1.0, 1.05], "kwargs": {"rel_tol": 0.1}})
rows.append({"op": "math", "name": "isclose", "args": [0.0, 1e-10], "kwargs": {"abs_tol": 1e-9}})
rows.append({"op": "math", "name": "prod", "args": [[2, 3]], "kwargs": {"start": 10}})
for name in ["pi", "e", "tau", "inf", "nan"]:
    rows.append({"op": "math_const", "name": name})


# ---------------------------------------------------------------- evaluate rows
def call_kwargs(row):
    return {k: real(v) for k, v in row.get("kwargs", {}).items()}


def evaluate(row):
    op = row["op"]
    if op == "binop":
        return outcome(lambda: OPS[row["operator"]](row["a"], row["b"]))
    if op == "unary":
        f = {"-": operator.neg, "+": operator.pos, "~": operator.invert, "not": operator.not_}[row["operator"]]
        return outcome(lambda: f(row["a"]))
    if op == "compare":
        return outcome(lambda: CMPS[row["operator"]](row["a"], row["b"]))
    if op == "repr":
        return {"expect": repr(repr(row["a"]))}
    if op == "str":
        return {"expect": repr(str(row["a"]))}
    if op == "format":
        return outcome(lambda: format(row["a"], row["spec"]))
    if op == "getitem":
        return outcome(lambda: row["a"][row["b"]])
    if op == "method":
        target = row["target"]
        if isinstance(target, (list, dict, set)):
            target = type(target)(target)

        def run():
            r = getattr(target, row["name"])(*[real(a) for a in row["args"]], **call_kwargs(row))
            return (r, target) if row.get("result") == "self" else r

        return outcome(run)
    if op == "builtin":
        import builtins
        return outcome(lambda: getattr(builtins, row["name"])(*[real(a) for a in row["args"]], **call_kwargs(row)))
    if op == "math":
        return outcome(lambda: getattr(math, row["name"])(*[real(a) for a in row["args"]], **call_kwargs(row)))
    if op == "math_const":
        return {"expect": repr(getattr(math, row["name"]))}
    raise ValueError(op)


def expression_of(row):
    op = row["op"]
    try:
        if op == "binop":
            return f"{src(row['a'])} {row['operator']} {src(row['b'])}"
        if op == "unary":
            return f"{row['operator']}{' ' if row['operator'] == 'not' else ''}({src(row['a'])})"
        if op == "compare":
            return f"{src(row['a'])} {row['operator']} {src(row['b'])}"
        if op == "repr":
            return f"repr({src(row['a'])})"
        if op == "str":
            return f"str({src(row['a'])})"
        if op == "format":
            return f"format({src(row['a'])}, {row['spec']!r})"
        if op == "getitem":
            b = row["b"]
            if isinstance(b, slice):
                parts = ["" if p is None else repr(p) for p in (b.start, b.stop, b.step)]
                idx = f"{parts[0]}:{parts[1]}" + (f":{parts[2]}" if b.step is not None else "")
                return f"({src(row['a'])})[{idx}]"
            return f"({src(row['a'])})[{src(b)}]"
        if op in ("method", "builtin", "math"):
            args = [src(a) for a in row["args"]] + [f"{k}={src(v)}" for k, v in row.get("kwargs", {}).items()]
            call = ", ".join(args)
            if op == "builtin":
                return f"list({row['name']}({call}))" if row["name"] in ("enumerate", "zip", "reversed", "map", "filter") \
                    else f"{row['name']}({call})"
            if op == "math":
                return f"math.{row['name']}({call})"
            if row.get("result") == "self":
                return f"(lambda t: (t.{row['name']}({call}), t))({src(row['target'])})"
            return f"({src(row['target'])}).{row['name']}({call})"
        if op == "math_const":
            return f"math.{row['name']}"
    except TypeError:
        return None
    return None


HANDWRITTEN = [
    "1 < 2 < 3", "1 < 3 < 2", "3 > 2 == 2", "0 < 0.5 <= 1 is not None", "f'{3.14159:.2f}'", "f'{42:>10}'", "f'{42:<6}|'",
    "f'{\"x\":*^7}'", "f'{1234567:,}'", "f'{0.5:.0%}'", "f'{255:#x}'", "f'{-7:+d}'", "f'{2.5:.0f}'", "f'{1e-7:g}'",
    "f'{12:b}'", "f'{\"abc\"!r}'", "f'{[1, 2]}'", "f'{None}'", "f'{True:d}'", "f'{3:5.1f}'", "f'{1e16}'",
    "[x * 2 for x in range(5)]", "[x for x in range(10) if x % 3 == 0]", "{k: v for k, v in zip('ab', (1, 2))}",
    "{x % 3 for x in range(10)} == {0, 1, 2}", "sum(x * x for x in range(4))", "sorted({3: 'a', 1: 'b'}.items())",
    "list(zip(*[(1, 'a'), (2, 'b')]))", "max(range(10), key=lambda x: (x % 3, -x))", "'-'.join(map(str, range(4)))",
    "[i for i, c in enumerate('abc') if c != 'b']", "dict(zip(['x', 'y'], [1, 2]))", "any(c.isdigit() for c in 'ab3')",
    "all(x > 0 for x in [])", "len({1: 2, True: 3, 1.0: 4})", "{1: 2, True: 3, 1.0: 4}", "[1, 2, 3][::-1][0]",
    "'abc' * 0", "[[0] * 2] * 2", "(1, 2) + (3,)", "(1,) * 3", "'%d' % 5 if False else 'no-percent'", "not []",
    "None is None", "[] is []", "1 if [] else 2", "0 or 'x'", "'' and 1", "1 and 2", "None or []", "-2 ** 2", "(-2) ** 2",
    "2 ** 3 ** 2", "7 // 2 * 2 + 7 % 2", "-7 // 2", "-7 % 2", "7.0 // 2", "divmod(-7, 2)", "1 / 3", "10 / 5", "2 ** -2",
    "0.1 + 0.2 == 0.3", "round(0.1 + 0.2, 2) == 0.3", "abs(-0.0)", "int('  12  ') + 1", "str(1e300 * 1e10)",
    "float('inf') - float('inf')", "repr(float('nan'))", "1e308 * 10", "[1, 2] == [1, 2.0]", "(1, 2) < (1, 2, 3)",
    "'B' < 'a'", "sorted(['b', 'B', 'a', 'A'])", "sorted([3, 1, 2], reverse=True)", "list(reversed(range(1, 4)))",
    "list(range(10, 0, -3))", "range(5)[-1]", "range(0, 10, 2)[1:3]", "len(range(0, 10, 3))", "list(enumerate('ab', 1))",
    "x = 1", "undefined_name", "[1, 2][5]", "{}['k']", "{'a': 1}['b']", "int('abc')", "1 / 0", "1 // 0",
    "1 % 0", "1.0 / 0", "1.0 // 0.0", "1.0 % 0", "0 ** -1", "'a' + 1", "1 + 'a'", "[1] + (2,)", "None + 1", "len(5)",
    "len(None)", "iter(5)", "max([])", "min()", "[].pop()", "{}.popitem()", "set().pop()", "'abc'.index('z')",
    "[1].index(2)", "(1,).index(2)", "'x'.join([1])", "hash([])", "{[]: 1}", "{{1}}", "'abc'[1.0]", "[1][None]",
    "(1).foo", "'a'.foo()", "None()", "5()", "'a' < 1", "[1] < ['a']", "{1} < 2", "-'a'", "~1.5", "1 << -1", "1 >> -1",
    "'{}'.format()", "'{0}{}'.format(1, 2)", "'{x}'.format()", "'{:d}'.format('a')", "format(1.5, 'd')", "format('a', '+')",
    "float('abc')", "int(float('nan'))", "int(float('inf'))", "round(float('inf'))", "math.sqrt(-1)", "math.log(0)",
    "math.exp(1000)", "math.pow(0, -1)", "math.factorial(-1)", "math.floor(float('nan'))", "range(1, 2, 0)",
    "dict([1])", "dict([(1, 2, 3)])", "sorted([1, 'a'])", "sum(['a', 'b'])", "sum([[1], [2]], [])", "'a'.center(3, 'ab')",
    "'ab'.split('')", "'a'.partition('')", "[1, 2].remove(3)", "{1: 2}.pop(3)", "(1, 2)[2]", "'abc'[3]",
    "range(3)[3]", "list(1)", "tuple(None)", "set(5)", "divmod(1, 0)", "divmod(1.0, 0.0)", "pow(2, 3, 0)", "pow(2, -1, 4)",
    "abs('a')", "round('a')", "int([])", "float([])", "(1, 2, 3)[::2]", "'hello'[::-1]", "'hello'[1:4:2]",
    "[1, 2, 3, 4][-3:-1]", "'a,b'.split(',') + ['c']", "' '.join(reversed('a b c'.split()))", "'x' in 'xyz'",
    "'w' not in 'xyz'", "3 in {1: 2, 3: 4}", "2 in {1: 2}.values()", "(1, 2) in {1: 2}.items()", "[] == []",
    "[[...]] if False else 'recursive-list'", "str([1, [2, [3]]])", "repr('\\x00é\\n')", "repr(\"it's\")",
    "repr('say \"hi\"')", "str(('a', 1.0))", "repr({'k': (1,)})", "repr(set())", "repr(range(0))", "repr(range(1, 5, 2))",
    "bool('False')", "bool(0.0)", "bool([0])", "True + True", "True * 3.0", "True == 1.0", "{True: 'a'}[1]",
    "list({1: 'a', 2: 'b'})", "list({'a': 1}.items())", "'%s'", "'a\\tb'.split()", "'  lead'.lstrip()",
    "'CamelCase'.lower()", "'snake_case'.upper()", "'x'.zfill(3)", "'3.5'.isdigit()", "'Ab'.isalpha()",
    "str(12345678901234567)", "2 ** 62", "-(2 ** 62)", "abs(-(2 ** 62))", "9007199254740993 == 9007199254740992.0",
    "int(1e15)", "int('-0')", "float('-0.0')", "-0.0 == 0.0", "str(-0.0)", "1e-5", "0.00001234", "123e20",
    "1.0e16 - 1", "float(2 ** 53) + 1", "round(2.5) + round(3.5)", "round(-0.5)", "round(1.25, 1)", "round(1.35, 1)",
    "round(12345, -3)", "round(1e-10, 5)", "format(1e-10, '.2e')", "format(123456789, ',d')", "format(0.1, '.17g')",
    "format(1/3, '.3')", "format(1/3, '')", "format(2/3, '10.4f')", "format(-1.5, '+08.2f')", "format(1e6, ',.0f')",
]


def main():
    global exprs
    out_rows = []
    for row in rows:
        res = evaluate(row)
        enc_row = {k: (enc(v) if k in ("a", "b", "target", "args", "kwargs") else v) for k, v in row.items()}
        if "args" in row:
            enc_row["args"] = [enc(a) for a in row["args"]]
        if "kwargs" in row:
            enc_row["kwargs"] = {k: enc(v) for k, v in row["kwargs"].items()}
        enc_row.update(res)
        out_rows.append(enc_row)
        expr = expression_of(row)
        if expr is not None:
            add_expr(expr)
    for expr in HANDWRITTEN:
        try:
            compile(expr, "<fixture>", "eval")
        except SyntaxError:
            continue  # statements are left to whole-program fixtures
        add_expr(expr)
    seen = set()
    unique = []
    for e in exprs:
        if e["expr"] not in seen:
            seen.add(e["expr"])
            unique.append(e)
    with open(os.path.join(HERE, "values.jsonl"), "w", encoding="utf-8") as f:
        for r in out_rows:
            f.write(json.dumps(r, ensure_ascii=False, allow_nan=False) + "\n")
    with open(os.path.join(HERE, "expressions.jsonl"), "w", encoding="utf-8") as f:
        for e in unique:
            f.write(json.dumps(e, ensure_ascii=False, allow_nan=False) + "\n")
    print(f"values.jsonl: {len(out_rows)} rows; expressions.jsonl: {len(unique)} rows")


if __name__ == "__main__":
    main()
