"""The bundled national calendar written out day by day, for the command line's fast start.

A spreadsheet macro runs ``gov-deadlines add`` once per cell, so the command's start-up is the
user's latency. Reading chinese-calendar's tables and the errata, checking them and building the
index costs far more than the answer. :func:`render` writes what the bundled calendar says about
every day of its coverage -- kind and holiday name -- to a Python module,
``gov_deadlines/_calendar_snapshot.py``, which the interpreter loads from its bytecode cache in
microseconds; :mod:`gov_deadlines.cli.fast` answers ``add``, ``between`` and ``is-workday`` from
it.

The module records the size and CRC-32 of every file it was made from (chinese-calendar's
``__init__.py`` and ``constants.py``, the errata ``calendar/data/national/errata.json`` and the
CLI's words ``messages/data/cli.toml``). The fast path uses it only while each still matches:
after an upgrade of chinese-calendar or an edited errata file it steps aside and the full
calendar answers, so a stale snapshot costs time, never a wrong day. Regenerate it with
``python scripts/make_calendar_snapshot.py``; ``tests/unit/test_calendar_snapshot.py`` rebuilds
it from the sources and compares.

>>> names = ("元旦", "春节")
>>> days_code("holiday", "春节", names), days_code("makeup_workday", "春节", names)
('B', 'b')
"""

from __future__ import annotations

import datetime as dt
import os
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gov_deadlines.calendar.work_calendar import WorkCalendar

__all__ = ["DAY_KINDS", "days_code", "input_files", "render"]

#: The CLI words the fast ``is-workday`` prints (``cli.<key>`` of the message catalog).
WORD_KEYS = (
    "yes_no.True",
    "yes_no.False",
    "day_kind.workday",
    "day_kind.weekend",
    "day_kind.holiday",
    "day_kind.makeup_workday",
)

#: Day kinds without a name, by their one-letter code; named days are letters (see days_code).
DAY_KINDS = {"workday": ".", "weekend": ":"}

_LINE = 88  # characters of the day string per source line (the file stays within ruff's 100)


def days_code(kind: str, name: str | None, names: tuple[str, ...]) -> str:
    """One day as one character: ``.`` workday, ``:`` weekend; a holiday is the capital letter of
    its name's place in ``names`` (``A`` the first), a make-up workday the small letter."""
    if name is None:
        return DAY_KINDS[kind]
    if kind not in ("holiday", "makeup_workday"):
        raise ValueError(f"a named {kind} day cannot be written to the snapshot: {name}")
    letter = chr(ord("A") + names.index(name))
    return letter if kind == "holiday" else letter.lower()


def input_files() -> list[tuple[str, str, str]]:
    """``(package, path inside it, absolute path)`` of every file the snapshot is made from."""
    import chinese_calendar

    cc = os.path.dirname(chinese_calendar.__file__)
    gd = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # gov_deadlines/
    return [
        ("chinese_calendar", "__init__.py", os.path.join(cc, "__init__.py")),
        ("chinese_calendar", "constants.py", os.path.join(cc, "constants.py")),
        ("gov_deadlines", "calendar/data/national/errata.json",
         os.path.join(gd, "calendar", "data", "national", "errata.json")),
        ("gov_deadlines", "messages/data/cli.toml",
         os.path.join(gd, "messages", "data", "cli.toml")),
    ]  # fmt: skip


def render(calendar: WorkCalendar | None = None) -> str:
    """The text of ``_calendar_snapshot.py`` for the bundled national calendar (``calendar``:
    the calendar to write, for tests; default the bundled one, without a data directory)."""
    from gov_deadlines.calendar.work_calendar import WorkCalendar
    from gov_deadlines.messages import text

    cal = WorkCalendar.default(data_dir="") if calendar is None else calendar
    first, last = cal.coverage
    if cal.years != tuple(range(first.year, last.year + 1)):
        raise ValueError(f"the snapshot needs contiguous years, got {cal.years}")
    days = [cal.day(first + dt.timedelta(days=i)) for i in range((last - first).days + 1)]
    names = tuple(sorted({d.name for d in days if d.name is not None}))
    if len(names) > 26:
        raise ValueError(f"more than 26 holiday names: {names}")
    code = "".join(days_code(d.kind, d.name, names) for d in days)
    # What is-workday --json names as the source: one label for most days, the others listed.
    labels = [str(d.source) for d in days]
    usual = max(set(labels), key=labels.count)
    others = {i: label for i, label in enumerate(labels) if label != usual}

    inputs = []
    for package, rel, path in input_files():
        with open(path, "rb") as f:
            blob = f.read()
        inputs.append(f"    ({package!r}, {rel!r}, {len(blob)}, 0x{zlib.crc32(blob):08x}),")
    words = {lang: {key: text(f"cli.{key}", lang) for key in WORD_KEYS} for lang in ("en", "zh")}
    word_lines = [f"    {lang!r}: {{" for lang in words]
    lines = [
        '"""The bundled national calendar, one character per day. Generated by',
        "scripts/make_calendar_snapshot.py (gov_deadlines.calendar.snapshot.render): do not edit.",
        "",
        "DAYS[i] is the day FIRST + i (ordinals): . workday, : weekend, a capital letter a holiday",
        "named NAMES[letter - 'A'], a small letter a make-up workday (调休上班日) of that name.",
        "Used by gov_deadlines.cli.fast only while every file of INPUTS (package, path, size,",
        'CRC-32) is unchanged; FINGERPRINT is the fingerprint of the calendar it was made from."""',
        "",
        f"FIRST = {first.toordinal()}  # {first.isoformat()}",
        f"LAST = {last.toordinal()}  # {last.isoformat()}",
        f"FINGERPRINT = {cal.fingerprint!r}",
        "INPUTS = (",
        *inputs,
        ")",
        "NAMES = (",
        *(f"    {n!r}," for n in names),
        ")",
        "#: str(Day.source) of every day: SOURCE, but for the days OTHER_SOURCES lists (offsets).",
        f"SOURCE = {usual!r}",
        "OTHER_SOURCES = {",
        *(f"    {i}: {label!r},  # {days[i].date.isoformat()}" for i, label in others.items()),
        "}",
        "#: The words of the CLI's is-workday: cli.<key> of the message catalog, per language.",
        "WORDS = {",
    ]
    for lang, line in zip(words, word_lines, strict=True):
        lines.append(line)
        lines.extend(f"        {k!r}: {v!r}," for k, v in words[lang].items())
        lines.append("    },")
    lines += ["}", "DAYS = ("]
    lines += [f'    "{code[i : i + _LINE]}"' for i in range(0, len(code), _LINE)]
    lines += [")", ""]
    return "\n".join(lines)
