"""Hand-checked deadlines (tests/answers/deadlines.csv, catalog.csv) against check() and due().

Every expected value in the CSVs was counted by hand from the State Council holiday notices
(shared/data/notices, holiday-cn JSON); the ``count`` column writes the count out. The files are
never produced by the code under test. deadlines.csv covers the counting conventions;
catalog.csv has at least one row for every rule of the built-in catalog (for a ``before_event``
rule, ``trigger`` is the event and ``expected_due`` the latest day to act).

Columns: ``rule`` (a rule id or ``period:20wd``), ``trigger``/``done`` (ISO date, or
``YYYY-MM-DDTHH:MM`` for hour periods), ``as_of``, ``pauses`` (``A..B[:kind]`` joined by ``;``),
``extension`` (in the period's unit), ``restart``, ``options`` (``start=same_day;rollover=false``),
``expected_due`` (the due instant for hour periods), ``expected_status``,
``expected_workdays_late`` (also the working days overdue), ``count``.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from gov_deadlines import InvalidFacts, Verdict, check, due
from tests.unit import answer_cells as cells

ANSWERS = Path(__file__).resolve().parent.parent / "answers"
CSVS = (ANSWERS / "deadlines.csv", ANSWERS / "catalog.csv")
COLUMNS = [
    "rule", "trigger", "done", "as_of", "pauses", "extension", "restart", "options",
    "expected_due", "expected_status", "expected_workdays_late", "count",
]  # fmt: skip
# Invalid facts that only check() can see, as the ``count`` column words them: they need `done`.
ONLY_IN_CHECK = ("done 2/7 before", "after done")










def _load(path: Path) -> list[Any]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS, f"{path.name}: columns {reader.fieldnames}"
        rows = list(reader)
    return [
        pytest.param(row, id=f"{path.stem}-{n:02d}-{row['rule']}")
        for n, row in enumerate(rows, start=2)  # numbered as the CSV's lines
    ]


ROWS_BY_FILE = {path.name: _load(path) for path in CSVS}
ROWS = [row for rows in ROWS_BY_FILE.values() for row in rows]


def _facts(row: dict[str, str]) -> dict[str, Any]:
    return {
        "pauses": cells.pauses(row["pauses"]),
        "extension": int(row["extension"]) if row["extension"] else None,
        "restart": cells.when(row["restart"]),
        **cells.options(row["options"]),
    }


def _check(row: dict[str, str]) -> Verdict:
    return check(
        cells.rule(row["rule"]),
        cells.when(row["trigger"]),  # type: ignore[arg-type]
        done=cells.when(row["done"]),
        as_of=cells.when(row["as_of"]),
        **_facts(row),
    )


def test_answer_file_is_large_enough() -> None:
    """deadlines.csv holds at least 45 hand-checked rows; every row writes its count out."""
    assert len(ROWS_BY_FILE["deadlines.csv"]) >= 45
    assert all(p.values[0]["count"].strip() for p in ROWS)


def test_every_built_in_rule_has_a_hand_count() -> None:
    """Each rule of the built-in catalog has at least one hand-counted row."""
    from gov_deadlines import Catalog

    counted = {p.values[0]["rule"] for p in ROWS}
    assert sorted(set(Catalog.default()) - counted) == []


@pytest.mark.parametrize("row", ROWS)
def test_check_matches_the_hand_count(row: dict[str, str]) -> None:
    """check() gives the hand-counted due date, status and working days late."""
    v = _check(row)
    assert v.status == row["expected_status"], (v.reason, v.explain("en"))
    expected = cells.when(row["expected_due"])
    if v.status == "invalid":
        assert v.due is None and v.reason is not None
    elif isinstance(expected, dt.datetime):
        assert v.deadline is not None and v.deadline.due_at == expected
        assert v.due == expected.date()
    else:
        assert v.due == expected, v.explain("en")
    late = row["expected_workdays_late"]
    assert v.workdays_late == (int(late) if late else None)
    if v.workdays_late is not None:
        last = cells.when(row["done"] or row["as_of"])
        last_day = last.date() if isinstance(last, dt.datetime) else last
        assert v.days_late == (last_day - v.due).days  # type: ignore[operator]


@pytest.mark.parametrize("row", ROWS)
def test_due_agrees_with_check(row: dict[str, str]) -> None:
    """due() gives the same due date, and raises InvalidFacts where check() says invalid."""
    rule, trigger, facts = cells.rule(row["rule"]), cells.when(row["trigger"]), _facts(row)
    if row["expected_status"] != "invalid":
        d = due(rule, trigger, **facts)  # type: ignore[arg-type]
        assert d.due == _check(row).due
    elif not any(s in row["count"] for s in ONLY_IN_CHECK):
        # A pause ending before the trigger is impossible whatever `done` is: due() must refuse it.
        with pytest.raises(InvalidFacts):
            due(rule, trigger, **facts)  # type: ignore[arg-type]
