"""Hand-counted answers for the facts of a case (tests/answers/facts.csv) against check().

The rows cover what docs/conventions.md decides beyond plain counting: pauses in every
combination of §8, extensions over the maximum (§9), restarts (§10), the receipt channel (§10a),
statutory day definitions (§10c), the counting convention of each era (民法通则 / 民法总则 / 民法典,
picked by the trigger date), ``start="same_day"`` with months, ``rollover=False``, and hour periods
with time-zone-aware triggers. Every expected value was counted by hand from the State Council
holiday notices (shared/data/notices) and the holiday-cn JSON (shared/data/holiday-cn); the
``count`` column writes the count out. The file is never produced by the code under test.

Columns, the first twelve as in tests/answers/deadlines.csv:

- ``rule``: a rule id, or ``period:20wd`` / ``period:15d`` / ``period:1m`` / ``period:24h``.
- ``trigger``, ``done``, ``as_of``: ISO dates; for hour periods ISO datetimes, with or without a UTC
  offset (``2024-02-08T20:00+00:00``); a datetime without one is Beijing time.
- ``pauses``: ``A..B[:kind]`` joined by ``;``, both days included.
- ``extension``: in the period's unit, as asked for (the maximum may cut it).
- ``restart``: the day a corrected application was received.
- ``options``: ``key=value`` joined by ``;`` (``start=same_day``, ``rollover=false``,
  ``trigger_on_rest_day=next_workday``).
- ``expected_due``: the due date; for hour periods the due instant as Beijing local time, without
  an offset (``2024-02-10T04:00``).
- ``expected_status``: ``on_time``, ``late``, ``pending``, ``overdue`` or ``invalid``.
- ``expected_workdays_late``: working days in (due, done], or in (due, as_of] when overdue.
- ``count``: the hand count, one line: ``3/4-8(1-5)`` is five counted working days,
  ``[3/25-4/19 paused]`` a pause, ``(3/29 4/3]: 4/1 4/2 4/3 = 3`` the days late.
- ``channel``: how a request was received (``in_person``, ``mail``, ``online``, ``fax``,
  ``email``), empty when not known.
- ``expected_workdays_left``: for pending cases with ``as_of``: the working days still to be
  counted in (as_of, due], paused days not among them.
- ``expected_findings``: finding codes joined by ``;`` that must be among the verdict's violations
  and warnings; ``-code`` means the code must NOT be among them. Empty: not checked.
- ``cited_step``: the trace step whose citation is checked: ``start`` (the counting convention of
  the era of the trigger date) or ``statutory_workdays`` (a statute defining its days as working
  days). Empty: not checked.
- ``expected_cited_law``: the ``law`` of that step's citation.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from gov_deadlines import Verdict, check
from tests.unit import answer_cells as cells

CSV = Path(__file__).resolve().parent.parent / "answers" / "facts.csv"
COLUMNS = [
    "rule", "trigger", "done", "as_of", "pauses", "extension", "restart", "options",
    "expected_due", "expected_status", "expected_workdays_late", "count",
    "channel", "expected_workdays_left", "expected_findings", "cited_step", "expected_cited_law",
]  # fmt: skip
CHANNELS = ("", "in_person", "mail", "online", "fax", "email")
CITED_STEPS = ("", "start", "statutory_workdays")
# China has kept UTC+8 all year since 1991; a fixed offset needs no tz database.
BEIJING = dt.timezone(dt.timedelta(hours=8))




def _beijing(value: dt.datetime) -> dt.datetime:
    """An aware datetime as naive Beijing time; a naive one is Beijing time already."""
    return value.astimezone(BEIJING).replace(tzinfo=None) if value.tzinfo else value


def _day(value: dt.date | dt.datetime) -> dt.date:
    return _beijing(value).date() if isinstance(value, dt.datetime) else value








def _header() -> list[str]:
    with CSV.open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def _load() -> list[Any]:
    with CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [
        pytest.param(row, id=f"{n:02d}-{row['rule']}-{row['trigger']}")
        for n, row in enumerate(rows, start=2)  # numbered as the CSV's lines
    ]


ROWS = _load()


def _check(row: dict[str, str]) -> Verdict:
    return check(
        cells.rule(row["rule"]),
        cells.when(row["trigger"]),  # type: ignore[arg-type]
        done=cells.when(row["done"]),
        as_of=cells.when(row["as_of"]),
        pauses=cells.pauses(row["pauses"]),
        extension=int(row["extension"]) if row["extension"] else None,
        restart=cells.when(row["restart"]),
        channel=row["channel"] or None,
        **cells.options(row["options"]),
    )


def test_columns_are_as_documented() -> None:
    """facts.csv has exactly the documented columns, deadlines.csv's twelve first."""
    assert _header() == COLUMNS
    for column in COLUMNS:
        assert f"``{column}``" in (__doc__ or ""), f"{column} is not documented"


def test_answer_file_is_large_enough() -> None:
    """The file holds at least 45 rows, each with its count written out and well-formed cells."""
    assert len(ROWS) >= 45
    for p in ROWS:
        row = p.values[0]
        assert row["count"].strip(), p.id
        assert row["channel"] in CHANNELS, p.id
        assert row["cited_step"] in CITED_STEPS, p.id
        assert bool(row["cited_step"]) == bool(row["expected_cited_law"]), p.id


@pytest.mark.parametrize("row", ROWS)
def test_check_matches_the_hand_count(row: dict[str, str]) -> None:
    """check() gives the hand-counted due date, status, working days late and left, findings and
    the law cited by the named trace step."""
    v = _check(row)
    assert v.status == row["expected_status"], (v.reason, v.explain("en"))
    expected = cells.when(row["expected_due"])
    if v.status == "invalid":
        assert v.due is None and v.reason is not None
    elif isinstance(expected, dt.datetime):
        assert v.deadline is not None and v.deadline.due_at is not None
        assert _beijing(v.deadline.due_at) == expected, v.explain("en")
        assert v.due == expected.date()
    else:
        assert v.due == expected, v.explain("en")

    late = row["expected_workdays_late"]
    assert v.workdays_late == (int(late) if late else None), v.explain("en")
    if v.workdays_late is not None:
        last = cells.when(row["done"] or row["as_of"])
        assert last is not None and v.due is not None
        assert v.days_late == (_day(last) - v.due).days

    left = row["expected_workdays_left"]
    if left or v.status == "pending":
        assert v.workdays_left == (int(left) if left else None), v.explain("en")

    codes = {f.code for f in (*v.violations, *v.warnings)}
    for item in filter(None, row["expected_findings"].split(";")):
        if item.startswith("-"):
            assert item[1:] not in codes, (codes, v.explain("en"))
        else:
            assert item in codes, (codes, v.explain("en"))

    if row["cited_step"]:
        steps = [s for s in v.trace if s.code == row["cited_step"]]
        assert steps, f"no {row['cited_step']!r} step: {[s.code for s in v.trace]}"
        citation = steps[0].citation
        assert citation is not None, f"the {row['cited_step']!r} step cites nothing"
        assert citation.law == row["expected_cited_law"]
