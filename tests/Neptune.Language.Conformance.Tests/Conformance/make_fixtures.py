#!/usr/bin/env python3
"""Records CPython's behaviour for every program in programs/ into expected.jsonl.

Each program is a function body (Neptune's Body shape: top-level statements that end in `return`). The
script wraps it as `def __program():` with the body indented, calls it with stdout captured, and writes one
JSON object per program, sorted by file name:

    {"name": "001_int_arithmetic", "ok": true, "repr": "(10, 4, 21, -7, 3, -21)", "output": ""}
    {"name": "113_zero_division_uncaught", "ok": false, "kind": "ZeroDivisionError",
     "message": "division by zero", "output": ""}

`repr` is repr() of the returned value; `message` is str() of the raised exception. Run it with the CPython
the fixtures are meant to describe (3.11) after adding or changing a program; the tests never need Python:

    python3 make_fixtures.py
"""

import contextlib
import io
import json
import pathlib
import sys
import textwrap

HERE = pathlib.Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
EXPECTED = HERE / "expected.jsonl"


def run_program(source: str) -> dict:
    wrapped = "def __program():\n" + textwrap.indent(source, "    ", lambda line: True) + "\n"
    namespace: dict = {}
    exec(compile(wrapped, "program.py", "exec"), namespace)  # trusted corpus, run once on a developer machine
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            value = namespace["__program"]()
    except Exception as error:  # the program's own failure is the expectation
        return {"ok": False, "kind": type(error).__name__, "message": str(error), "output": out.getvalue()}
    return {"ok": True, "repr": repr(value), "output": out.getvalue()}


def main() -> int:
    if sys.version_info[:2] != (3, 11):
        print(f"warning: fixtures describe CPython 3.11; this is {sys.version.split()[0]}", file=sys.stderr)
    rows = []
    for path in sorted(PROGRAMS.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        row = {"name": path.stem}
        row.update(run_program(source))
        rows.append(row)
    with EXPECTED.open("w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} rows to {EXPECTED.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
