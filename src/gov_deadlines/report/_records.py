"""The numbers of a report: result records (as ``check -o x.jsonl`` writes them) -> summary,
groups, violations and error rows. No HTML here; the template renders these values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from gov_deadlines.dates import parse_date
from gov_deadlines.errors import DateParseError, GovDeadlinesError

__all__ = [
    "RESULT_KEYS",
    "STATUSES",
    "VIOLATIONS",
    "Group",
    "Row",
    "Summary",
    "group_rows",
    "normalise",
    "summarise",
]

#: The columns ``check`` appends, English key -> Chinese key (``--lang zh`` output). Written out
#: here rather than imported from the CLI, which is a higher layer.
RESULT_KEYS: dict[str, str] = {
    "due": "截止日期",
    "status": "状态",
    "verdict": "结论",
    "workdays_late": "逾期工作日",
    "days_late": "逾期自然日",
    "workdays_left": "剩余工作日",
    "provisional": "临时数据",
    "rule": "规则",
    "citation": "依据",
    "explanation": "说明",
    "error": "错误",
    "calendar": "日历版本",
}
_ZH_TO_EN = {zh: en for en, zh in RESULT_KEYS.items()}

#: Status codes in the order the summary lists them.
STATUSES = ("on_time", "late", "pending", "overdue", "too_short", "invalid")
#: Statuses listed one by one as violations (with a picture of the count).
VIOLATIONS = ("late", "overdue", "too_short")


class ReportInputError(GovDeadlinesError, ValueError):
    """A record that is not a result of ``check`` (no ``status``/``状态`` key, a column that
    does not exist, a ``--group-by`` that cannot be read)."""


@attrs.frozen
class Row:
    """One record: its position (1-based, in the results), the register's own cells, and the
    result fields under their English keys."""

    number: int
    cells: Mapping[str, Any]
    result: Mapping[str, Any]

    @property
    def status(self) -> str | None:
        return self.result.get("status") or None

    @property
    def error(self) -> str:
        value = self.result.get("error")
        return "" if value is None else str(value)

    @property
    def workdays_late(self) -> int:
        """Working days late (or overdue) as a number for sorting; 0 when not given."""
        value = self.result.get("workdays_late")
        try:
            return int(value) if value not in (None, "") else 0
        except (TypeError, ValueError):
            return 0


@attrs.frozen
class Summary:
    """Counts of one set of records. ``on_time_rate`` (按期率) is on_time / (on_time + late):
    pending and overdue cases are not yet decided and errors were not judged; ``None`` when no
    case was decided."""

    records: int
    counts: Mapping[str, int]
    errors: int
    other: int  # rows with a status this report does not know (e.g. skipped footer rows)

    @property
    def on_time_rate(self) -> float | None:
        decided = self.counts["on_time"] + self.counts["late"]
        return None if decided == 0 else self.counts["on_time"] / decided


@attrs.frozen
class Group:
    """The records sharing one value of the ``--group-by`` column."""

    key: str
    summary: Summary


def normalise(records: Iterable[Mapping[str, Any]]) -> list[Row]:
    """Split each record into the register's cells and the result fields (English keys),
    whether the results were written with ``--lang en`` or ``--lang zh``.

    >>> normalise([{"序号": "1", "状态": "late", "错误": ""}])[0].result
    {'status': 'late', 'error': ''}
    """
    rows = []
    for i, record in enumerate(records, 1):
        cells: dict[str, Any] = {}
        result: dict[str, Any] = {}
        for key, value in record.items():
            if key in RESULT_KEYS:
                result[key] = value
            elif key in _ZH_TO_EN:
                result[_ZH_TO_EN[key]] = value
            else:
                cells[key] = value
        if "status" not in result:
            raise ReportInputError.coded("errors.report.no_status", i=i, keys=sorted(record))
        rows.append(Row(i, cells, result))
    return rows


def summarise(rows: Sequence[Row]) -> Summary:
    """Count ``rows`` by status; a row with an error counts as an error, whatever else it says.

    >>> s = summarise(normalise([{"status": "on_time"}, {"status": "late"}, {"status": None,
    ...     "error": "empty"}]))
    >>> s.records, s.counts["on_time"], s.counts["late"], s.errors, s.on_time_rate
    (3, 1, 1, 1, 0.5)
    """
    counts = dict.fromkeys(STATUSES, 0)
    errors = other = 0
    for row in rows:
        status = row.status
        if row.error:
            errors += 1
        elif status in counts:
            counts[status] += 1
        else:
            other += 1
    return Summary(len(rows), counts, errors, other)


def group_rows(rows: Sequence[Row], group_by: str, none_label: str) -> list[Group]:
    """Rows grouped by the register column ``group_by``, or by the month of a date column with
    ``month:COL``; groups sorted by key, rows without a value last under ``none_label``."""
    column, by_month = group_by, False
    if group_by.startswith("month:"):
        column, by_month = group_by.removeprefix("month:"), True
    if rows and not any(column in row.cells or column in row.result for row in rows[:1]):
        have = ", ".join(rows[0].cells)
        raise ReportInputError.coded("errors.report.group_by", column=column, have=have)
    buckets: dict[str, list[Row]] = {}
    for row in rows:
        value = row.cells.get(column, row.result.get(column))
        key = _month(value) if by_month else ("" if value is None else str(value).strip())
        buckets.setdefault(key, []).append(row)
    keys = sorted(k for k in buckets if k)
    if "" in buckets:
        keys.append("")
    return [Group(k or none_label, summarise(buckets[k])) for k in keys]


def _month(value: object) -> str:
    try:
        d = parse_date(value)
    except DateParseError:
        return ""
    return f"{d.year:04d}-{d.month:02d}"


def cell_date(value: object) -> dt.date | None:
    """A register cell as a date, or ``None`` when it is blank or not a date."""
    try:
        d = parse_date(value)
    except DateParseError:
        return None
    return d.date() if isinstance(d, dt.datetime) else d


_NO_PAUSE = frozenset(("", "-", "—", "/", "无", "none"))
_SEPARATORS = ("..", "至", "~", "～", "—", "－")


def cell_pauses(value: object) -> list[tuple[dt.date, dt.date]]:
    """Pauses of a register cell, in the syntax ``check --pause-col`` reads
    (``2024-03-01..2024-03-08[:kind]``, also 至 or ~, several separated by ``;``); parts that
    cannot be read are left out (the row's own result already says whether they were valid).

    >>> cell_pauses("2024-03-01..2024-03-08:third_party_consultation")
    [(datetime.date(2024, 3, 1), datetime.date(2024, 3, 8))]
    """
    text = "" if value is None else str(value)
    if text.strip().casefold() in _NO_PAUSE:
        return []
    spans = []
    for part in text.replace("；", ";").replace("，", ";").replace(",", ";").split(";"):
        span = part.strip()
        if span.count(":") == 1:
            span = span.partition(":")[0]
        for sep in _SEPARATORS:
            a, found, b = span.partition(sep)
            if found:
                start, end = cell_date(a.strip()), cell_date(b.strip())
                if start is not None and end is not None:
                    spans.append((start, end))
                break
    return spans
