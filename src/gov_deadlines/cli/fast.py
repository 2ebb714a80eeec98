"""The fast start of ``add``, ``between`` and ``is-workday``: a spreadsheet macro runs one per cell.

The plain forms -- ``add DATE N``, ``between START END``, ``is-workday DATE [-q]``, with dates in
the bundled years spelt ``2024-02-08``, ``2024/2/8``, ``2024.2.8``, ``20240208`` or
``2024年2月8日``, optionally ``--lang zh|en`` and ``--json`` -- are answered from
the day-by-day snapshot of the bundled calendar (:mod:`gov_deadlines.calendar.snapshot`) with
nothing but the standard library's ``datetime`` and ``zlib`` (and ``json`` for ``--json``): no
argument parser, no calendar build, no attrs, no regular expressions. Everything else returns
None and the full command line runs as before: other options, other date spellings, a data
directory (``GOV_DEADLINES_DATA``), dates outside the bundled years, errors of any kind,
and a snapshot whose source files changed since it was made. The output is the full path's, byte
for byte (``tests/unit/test_calendar_snapshot.py`` compares them).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence

__all__ = ["run"]

_COMMANDS = ("add", "between", "is-workday")


def run(argv: Sequence[str]) -> int | None:
    """The exit status of the command line ``argv`` answered here, or None: use the full path.

    >>> run(["between", "2024-02-08", "2024-02-19"])   # 2/9, 2/18 (调休上班), 2/19
    3
    0
    >>> run(["between", "2024-02-08", "2024-02-19T09:00"]) is None   # a time: the full path
    True
    """
    if not argv or argv[0] not in _COMMANDS or os.environ.get("GOV_DEADLINES_DATA"):
        return None
    command, lang, quiet, as_json = argv[0], None, False, False
    positional: list[str] = []
    i = 1
    while i < len(argv):
        arg = argv[i]
        if not arg.startswith("-"):
            positional.append(arg)
        elif arg in ("--lang=zh", "--lang=en"):
            lang = arg[7:]
        elif arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("zh", "en"):
            lang = argv[i + 1]
            i += 1
        elif arg in ("-q", "--quiet") and command == "is-workday":
            quiet = True
        elif arg == "--json":
            as_json = True
        else:  # --help, a negative number, stdin ("-"), another option: the full path
            return None
        i += 1
    try:
        snapshot = _snapshot()
    except Exception:  # a meta path finder that raises, say: the full path is the judge
        snapshot = None
    if snapshot is None:
        return None
    first, last, days, flags = snapshot
    if command == "add":
        if len(positional) != 2:
            return None
        o, n = _ordinal(positional[0]), _count(positional[1])
        if o is None or n is None or not first <= o <= last:
            return None
        pos = o - first
        for _ in range(n):  # the n-th working day after: n steps of a C-level search
            pos = flags.find("1", pos + 1)
            if pos < 0:  # past the bundled years: the full path decides (error or provisional)
                return None
        due = dt.date.fromordinal(first + pos).isoformat()
        if as_json:  # the keys and order of cmd_add's
            date = dt.date.fromordinal(o).isoformat()
            return _say_json({"date": date, "n": n, "unit": "workdays", "due": due})
        return _say(due)
    if command == "between":
        if len(positional) != 2:
            return None
        a, b = _ordinal(positional[0]), _ordinal(positional[1])
        if a is None or b is None or not (first <= a <= last and first <= b <= last):
            return None
        i, j = a - first, b - first  # working days in (a, b], negative when b < a
        n = flags.count("1", i + 1, j + 1) if i <= j else -flags.count("1", j + 1, i + 1)
        if as_json:  # the keys and order of cmd_between's
            start, end = dt.date.fromordinal(a).isoformat(), dt.date.fromordinal(b).isoformat()
            return _say_json({"start": start, "end": end, "workdays": n})
        return _say(str(n))
    if len(positional) != 1:
        return None
    o = _ordinal(positional[0])
    if o is None or not first <= o <= last:
        return None
    i = o - first
    code = days[i]
    workday = flags[i] == "1"
    if quiet:
        return 0 if workday else 1
    import gov_deadlines._calendar_snapshot as data

    kind = {".": "workday", ":": "weekend"}.get(code) or (
        "holiday" if code.isupper() else "makeup_workday"
    )
    name = None if code in ".:" else data.NAMES[ord(code.upper()) - ord("A")]
    if as_json:  # the keys and order of cmd_is_workday's
        source = data.OTHER_SOURCES.get(i, data.SOURCE)
        date = dt.date.fromordinal(o).isoformat()
        obj = {"date": date, "workday": workday, "kind": kind, "name": name, "source": source}
        return _say_json(obj)
    from gov_deadlines.cli.text import default_lang

    words = data.WORDS[lang or default_lang()]
    out = [words[f"yes_no.{workday}"].lower(), words[f"day_kind.{kind}"]]
    if name is not None:
        out.append(name)
    return _say(" ".join(out))


def _say(line: str) -> int | None:
    """Print the answer as the full path does (a closed pipe is not an error); None if it cannot
    be printed at all (an output encoding without these characters): nothing was written, and the
    full path reports it as it always has."""
    try:
        print(line)
    except BrokenPipeError:
        sys.stderr.close()
    except Exception:  # UnicodeEncodeError: raised before anything is written
        return None
    return 0


def _say_json(obj: dict[str, object]) -> int | None:
    """One JSON object on one line, as Context.emit_json writes it (never provisional here)."""
    import json

    obj["provisional"] = False
    return _say(json.dumps(obj, ensure_ascii=False))


def _ordinal(text: str) -> int | None:
    """The ordinal of a date written as :func:`~gov_deadlines.dates.parse_date` reads it into the
    same date, in its commonest spellings: ``2024-02-08``, ``2024/2/8``, ``2024.2.8``,
    ``20240208`` and ``2024年2月8日`` (ASCII digits, nothing around them); else None.

    >>> [_ordinal(t) == 738924 for t in ("2024-02-08", "2024/2/8", "20240208", "2024年2月8号")]
    [True, True, True, True]
    >>> _ordinal("2024/2-8"), _ordinal(" 2024-02-08"), _ordinal("2024-02-30")
    (None, None, None)
    """
    if text.isascii():
        if len(text) == 8 and text.isdigit():
            y, m, d = text[:4], text[4:6], text[6:]
        else:
            sep = text[4:5]
            if sep not in ("-", "/", "."):
                return None
            parts = text.split(sep)
            if len(parts) != 3:
                return None
            y, m, d = parts
    else:
        y, has_year, rest = text.partition("年")
        m, has_month, d = rest.partition("月")
        if not (has_year and has_month):
            return None
        if d.endswith(("日", "号")):
            d = d[:-1]
        if not (y + m + d).isascii():
            return None
    if len(y) != 4 or not (0 < len(m) < 3 and 0 < len(d) < 3):
        return None
    if not (y.isdigit() and m.isdigit() and d.isdigit()):
        return None
    try:
        return dt.date(int(y), int(m), int(d)).toordinal()
    except ValueError:  # 2024-02-30: the full path words the error
        return None


def _count(text: str) -> int | None:
    """A positive whole number written in ASCII digits, else None."""
    if not (text.isascii() and text.isdigit()):
        return None
    n = int(text)
    return n if n > 0 else None


_CACHE: list[tuple[int, int, str, str] | None] = []


def _snapshot() -> tuple[int, int, str, str] | None:
    """(first ordinal, last ordinal, day codes, working-day flags) of the snapshot, or None when
    a file it was made from has changed (or cannot be found): then it is not used."""
    if _CACHE:
        return _CACHE[0]
    import gov_deadlines._calendar_snapshot as data

    result = None
    if _inputs_unchanged(data.INPUTS):
        days = "".join(data.DAYS)
        small = "".join(chr(c) for c in range(ord("a"), ord("z") + 1))
        # A working day is a workday (.) or a make-up workday (small letter).
        table = str.maketrans(".:" + small + small.upper(), "10" + "1" * 26 + "0" * 26)
        result = (data.FIRST, data.LAST, days, days.translate(table))
    _CACHE.append(result)
    return result


def _inputs_unchanged(inputs: Sequence[tuple[str, str, int, int]]) -> bool:
    import zlib

    for package, rel, size, crc in inputs:
        base = _package_dir(package)
        if base is None:
            return False
        try:
            with open(os.path.join(base, *rel.split("/")), "rb") as f:
                blob = f.read(size + 1)
        except OSError:
            return False
        if len(blob) != size or zlib.crc32(blob) != crc:
            return False
    return True


def _package_dir(name: str) -> str | None:
    """The directory an ``import name`` would load the package from, without importing it."""
    module = sys.modules.get(name)
    if module is not None:
        file = getattr(module, "__file__", None)
        return os.path.dirname(file) if file else None
    for finder in sys.meta_path:  # as importlib.util.find_spec, which costs more to import
        find = getattr(finder, "find_spec", None)
        spec = find(name, None) if find is not None else None
        if spec is not None:
            locations = spec.submodule_search_locations
            return locations[0] if locations else None
    return None
